import Foundation
import LedgerCore
@testable import LedgerImport
import LedgerStore
import TestSupport

/// The fixtures (exports written to each vendor's documented format) and a ledger to import
/// them into.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

/// What an import run left: its summary and every reject.
struct ImportRun {
    var summary: ImportSummary
    var rejects: [Reject]
}

extension TestLedger {
    /// Imports `files` (fixture names or paths) through a shipped mapping or a mapping file.
    @discardableResult
    func importFiles(_ files: [String], mapping: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
        let importer = try Importer(log: log, mapping: try ShippedMappings.load(mapping), options: options)
        var rejects: [Reject] = []
        let paths = files.map { $0.contains("/") ? $0 : Fixtures.path($0) }
        let summary = try importer.run(paths, onReject: { rejects.append($0) })
        return ImportRun(summary: summary, rejects: rejects)
    }

    /// The stored bodies, parsed, by id.
    func bodies() throws -> [String: JSONObject] {
        var result: [String: JSONObject] = [:]
        for event in try events() {
            if case .object(let body) = try JSONParser.parse(event.body) { result[event.id] = body }
        }
        return result
    }

    func ids(ofType type: EventType) throws -> [String] {
        try events().filter { $0.type == type }.map(\.id)
    }
}

extension JSONObject {
    func text(_ key: String) -> String? {
        if case .string(let value)? = self[key] { return value }
        if case .number(let value)? = self[key] { return value }
        return nil
    }
}
