import Foundation

/// The mappings that ship with roiledger (Sources/LedgerImport/Mappings/*.json), chosen by name,
/// and mapping files a user wrote, chosen by path.
public enum ShippedMappings {
    /// The names of the shipped mappings, sorted.
    public static func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static var folder: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Mappings")
    }

    /// True when the argument names a mapping file rather than a shipped mapping.
    public static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
    }

    /// Every shipped mapping, parsed.
    public static func all() throws -> [Mapping] {
        try names().map { try load($0) }
    }

    /// A shipped mapping by name, or a mapping file by path (anything with a `/` or ending in
    /// `.json`).
    public static func load(_ nameOrPath: String) throws -> Mapping {
        let isPath = isPath(nameOrPath)
        let url = isPath ? URL(fileURLWithPath: nameOrPath) : folder.appendingPathComponent(nameOrPath + ".json")
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            if isPath {
                throw ImportFailure(file: nameOrPath, message: "cannot read the mapping file", hint: "check the path")
            }
            throw ImportFailure(file: "(options)", field: "mapping", message: "there is no shipped mapping named \"\(nameOrPath)\"",
                                hint: "use one of \(names().joined(separator: ", ")), or the path of a mapping file")
        }
        do {
            return try Mapping.parse(text)
        } catch {
            throw ImportFailure(file: isPath ? nameOrPath : "mapping \(nameOrPath)", field: error.field, message: error.problem,
                                hint: "expected \(error.expected)")
        }
    }
}
