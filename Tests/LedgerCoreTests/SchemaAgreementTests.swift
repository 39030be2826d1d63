import Foundation
import LedgerCore
import Testing

/// The JSON Schemas in `schemas/` and the Swift validator are two statements of one contract.
/// Every example in the schemas goes through `EventDecoder`: the valid ones must pass, the
/// invalid ones must fail on the field the example names. (`.ci/check_schemas.py` checks the
/// same examples against the schemas themselves with a JSON Schema validator.)
@Suite("Schemas and validator agree")
struct SchemaAgreementTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var schema: String
        var event: JSONValue
        var field: String?
        var why: String?
        var testDescription: String { "\(schema): \(why ?? event.canonicalText)" }
    }

    static let schemasFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    static func schemaFiles() -> [URL] {
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

    static let valid = load("examples")
    static let invalid = load("x-invalid-examples")

    @Test func theSchemasHoldExamplesOfEveryType() {
        #expect(Self.schemaFiles().count == 14)
        #expect(Self.valid.count >= 36)
        #expect(Self.invalid.count >= 48)
        let types = Set(Self.valid.compactMap { example -> String? in
            if case .object(let object) = example.event, case .string(let type)? = object["type"] { return type }
            return nil
        })
        #expect(types == Set(EventType.allCases.map(\.rawValue)))
    }

    @Test(arguments: valid)
    func validExamplesPass(example: Example) {
        #expect(throws: Never.self) { try EventDecoder(currency: "USD").decode(example.event) }
    }

    @Test(arguments: invalid)
    func invalidExamplesFailOnTheirField(example: Example) {
        do {
            _ = try EventDecoder(currency: "USD").decode(example.event)
            Issue.record("accepted an invalid example")
        } catch {
            #expect(error.field == example.field, "\(error)")
        }
    }
}
