public import Foundation
public import LedgerCore

/// The examples the JSON Schemas in `schemas/` carry: valid events under `examples`, invalid
/// ones under `x-invalid-examples` with the field at fault.
public enum SchemaExamples {
    public struct Example: CustomStringConvertible, Sendable {
        public var schema: String
        public var event: JSONValue
        /// The field at fault, for an invalid example.
        public var field: String?
        public var why: String?
        public var description: String { "\(schema): \(why ?? event.canonicalText)" }

        public init(schema: String, event: JSONValue, field: String? = nil, why: String? = nil) {
            self.schema = schema
            self.event = event
            self.field = field
            self.why = why
        }
    }

    public static let schemasFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    public static func schemaFiles() -> [URL] {
        let events = (try? FileManager.default.contentsOfDirectory(at: schemasFolder.appendingPathComponent("events"), includingPropertiesForKeys: nil)) ?? []
        return ([schemasFolder.appendingPathComponent("envelope.schema.json"), schemasFolder.appendingPathComponent("event.schema.json")] + events)
            .filter { $0.lastPathComponent.hasSuffix(".schema.json") }
            .sorted { $0.path < $1.path }
    }

    static func load(_ key: String) -> [Example] {
        var examples: [Example] = []
        for file in schemaFiles() {
            guard let text = try? String(contentsOf: file, encoding: .utf8),
                  case .object(let schema)? = try? JSONParser.parse(text),
                  case .array(let entries)? = schema[key] else { continue }
            for entry in entries {
                if key == "examples" {
                    examples.append(Example(schema: file.lastPathComponent, event: entry))
                } else if case .object(let invalid) = entry, let event = invalid["event"], case .string(let field)? = invalid["field"] {
                    let why: String? = if case .string(let text)? = invalid["why"] { text } else { nil }
                    examples.append(Example(schema: file.lastPathComponent, event: event, field: field, why: why))
                }
            }
        }
        return examples
    }

    public static let valid = load("examples")
    public static let invalid = load("x-invalid-examples")
}
