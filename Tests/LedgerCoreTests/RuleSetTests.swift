import Foundation
import LedgerCore
import Testing
import TestSupport

@Suite("Rule sets")
struct RuleSetTests {
    static let schema: JSONObject = {
        let text = try! String(contentsOf: SchemaExamples.schemasFolder.appendingPathComponent("ruleset.schema.json"), encoding: .utf8)
        guard case .object(let object) = try! JSONParser.parse(text) else { fatalError("ruleset.schema.json is not an object") }
        return object
    }()

    static let valid: [JSONValue] = {
        guard case .array(let examples)? = schema["examples"] else { return [] }
        return examples
    }()

    static let invalid: [SchemaExamples.Example] = {
        guard case .array(let entries)? = schema["x-invalid-examples"] else { return [] }
        return entries.compactMap { entry in
            guard case .object(let object) = entry, let document = object["event"], case .string(let field)? = object["field"] else { return nil }
            return SchemaExamples.Example(schema: "ruleset.schema.json", event: document, field: field, why: nil)
        }
    }()

    @Test func theSchemaHasExamples() {
        #expect(Self.valid.count >= 3)
        #expect(Self.invalid.count >= 10)
    }

    @Test(arguments: valid)
    func validExamplesParse(document: JSONValue) {
        #expect(throws: Never.self) { try RuleSet(document: document) }
    }

    @Test(arguments: invalid)
    func invalidExamplesFailAtTheirPath(example: SchemaExamples.Example) {
        do {
            _ = try RuleSet(document: example.event)
            Issue.record("accepted \(example)")
        } catch {
            #expect(error.dottedField == example.field, "\(error)")
        }
    }

    @Test func defaultsFillWhatIsNotSaid() throws {
        let rules = try RuleSet(json: "{}")
        #expect(rules.attribution == AttributionRules())
        #expect(rules.attribution.lookbackDays == 90)
        #expect(rules.attribution.halfLifeDays == Fraction(7))
        #expect(rules.attribution.creditUntil == .created)
        #expect(rules.mergePolicy == .retroactive)
        #expect(rules.dedupeWindowMinutes == 0)
    }

    @Test func readsEverySetting() throws {
        let rules = try RuleSet(document: Self.valid[2])
        #expect(rules.attribution.customWeights == CustomWeights(first: Fraction(1, 2), middle: Fraction(1, 10), last: Fraction(2, 5)))
        #expect(rules.channelMapping.count == 3)
        #expect(rules.channelMapping[0].conditions == [ChannelCondition(field: .medium, match: .oneOf(["cpc", "ppc"]))])
        #expect(rules.channelMapping[1].conditions.contains(ChannelCondition(field: .source, match: .prefix("linkedin"))))
        #expect(rules.stageProbabilities["proposal"] == Fraction(1, 2))
        #expect(rules.grossMargin == Fraction(4, 5))
        #expect(rules.costAllocation == .byLeads)
        #expect(rules.mergePolicy == .prospective)
        #expect(rules.dedupeWindowMinutes == 30)
    }

    @Test func theContentHashNamesTheCanonicalDocument() throws {
        let a = try RuleSet(json: #"{"attribution":{"model":"linear","lookback_days":30}}"#)
        let b = try RuleSet(json: #" { "attribution" : { "lookback_days" : 30.0, "model" : "linear" } } "#)
        let c = try RuleSet(json: #"{"attribution":{"model":"linear","lookback_days":31}}"#)
        #expect(a.contentHash == b.contentHash)
        #expect(a.contentHash != c.contentHash)
        #expect(a.canonicalJSON == #"{"attribution":{"lookback_days":30,"model":"linear"}}"#)
    }

    @Test func fractionsAreExact() {
        #expect(Fraction(decimal: "0.2") == Fraction(1, 5))
        #expect(Fraction(1, 3) + Fraction(1, 6) == Fraction(1, 2))
        #expect(Fraction(2, 5) * Fraction(5, 4) == Fraction(1, 2))
        #expect(Fraction(decimal: "1e3") == nil)
        #expect(Fraction(1, 3) < Fraction(1, 2))
    }
}
