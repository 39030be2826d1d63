import LedgerCore
import Testing
import TestSupport

/// The JSON Schemas in `schemas/` and the Swift validator are two statements of one contract.
/// Every example in the schemas goes through `EventDecoder`: the valid ones must pass, the
/// invalid ones must fail on the field the example names. (`.ci/check_schemas.py` checks the
/// same examples against the schemas themselves with a JSON Schema validator.)
@Suite("Schemas and validator agree")
struct SchemaAgreementTests {
    static let valid = SchemaExamples.valid
    static let invalid = SchemaExamples.invalid
    typealias Example = SchemaExamples.Example

    @Test func theSchemasHoldExamplesOfEveryType() {
        #expect(SchemaExamples.schemaFiles().count == 15)
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
