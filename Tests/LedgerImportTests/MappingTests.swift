import Foundation
import LedgerCore
@testable import LedgerImport
import Testing
import TestSupport

/// Mapping files: the shipped ones, the schema's examples, and the errors a broken one gets.
@Suite("mappings")
struct MappingTests {
    static let shipped = ["google-ads", "hubspot-companies", "hubspot-contacts", "hubspot-deals", "linkedin-ads", "meta-ads",
                          "microsoft-ads", "salesforce-campaign-members", "salesforce-contact-roles", "salesforce-contacts",
                          "salesforce-leads", "salesforce-opportunities", "salesforce-opportunity-history", "spend-sheet", "touch-sheet"]

    @Test func theFifteenShippedMappingsLoadByName() throws {
        #expect(ShippedMappings.names() == Self.shipped)
        for name in Self.shipped {
            let mapping = try ShippedMappings.load(name)
            #expect(mapping.name == name)
            #expect(mapping.version >= 1)
            #expect(mapping.sha256.count == 64)
            #expect(!mapping.description.isEmpty)
        }
    }

    static let schema: JSONObject = {
        let text = try! String(contentsOf: SchemaExamples.schemasFolder.appendingPathComponent("mapping.schema.json"), encoding: .utf8)
        guard case .object(let object) = try! JSONParser.parse(text) else { fatalError("mapping.schema.json is not an object") }
        return object
    }()

    @Test func theSchemasValidExamplesParse() throws {
        guard case .array(let examples)? = Self.schema["examples"] else { Issue.record("no examples"); return }
        #expect(examples.count >= 2)
        for example in examples {
            _ = try Mapping.parse(example.canonicalText)
        }
    }

    /// The Swift reader refuses each of the schema's invalid examples at the field the schema
    /// names (`events.0.type` there is `events[0].type` here).
    @Test func theSchemasInvalidExamplesAreRefusedAtTheirField() throws {
        guard case .array(let invalid)? = Self.schema["x-invalid-examples"] else { Issue.record("no invalid examples"); return }
        #expect(invalid.count >= 5)
        for entry in invalid {
            guard case .object(let object) = entry, case .string(let field)? = object["field"], let document = object["event"] else {
                Issue.record("malformed invalid example")
                continue
            }
            do {
                _ = try Mapping.parse(document.canonicalText)
                Issue.record("accepted an invalid mapping: \(field)")
            } catch {
                let normalised = error.field.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
                #expect(normalised == field, "\(error)")
            }
        }
    }

    static func refusal(_ text: String) -> MappingError? {
        do {
            _ = try Mapping.parse(text)
            return nil
        } catch {
            return error
        }
    }

    static let base = #"{"format":1,"mapping":"m","version":1,"time":{"zone":"UTC","formats":["YYYY-MM-DD"]},"columns":{"id":{"header":"ID"},"day":{"header":"Day","type":"date"}},"#

    @Test func brokenTemplatesFailBeforeAnyRowIsRead() {
        let unknownColumn = Self.refusal(Self.base + #""events":[{"type":"touch","id":"x:{id}","at":"{day}","fields":{"contact":"{person}"}}]}"#)
        #expect(unknownColumn?.field == "events[0].fields.contact")
        #expect(unknownColumn?.problem.contains("{person}") == true)
        let unknownMap = Self.refusal(Self.base + #""events":[{"type":"touch","id":"x:{id}","at":"{day}","fields":{"contact":"{id|map:people}"}}]}"#)
        #expect(unknownMap?.problem.contains("map \"people\"") == true)
        let unknownFilter = Self.refusal(Self.base + #""events":[{"type":"touch","id":"x:{id|reverse}","at":"{day}","fields":{"contact":"{id}"}}]}"#)
        #expect(unknownFilter?.field == "events[0].id")
        let unclosed = Self.refusal(Self.base + #""events":[{"type":"touch","id":"x:{id","at":"{day}","fields":{"contact":"{id}"}}]}"#)
        #expect(unclosed?.problem.contains("no `}`") == true)
        let badZone = Self.refusal(#"{"format":1,"mapping":"m","version":1,"time":{"zone":"Europe/Atlantis","formats":["YYYY"]},"columns":{},"events":[]}"#)
        #expect(badZone?.field == "time.zone")
        let notAList = Self.refusal(Self.base + #""events":[{"type":"merge","for_each":"id","id":"x:{item}","at":"{day}","fields":{"kind":"contact","from":"{item}","into":"{id}"}}]}"#)
        #expect(notAList?.field == "events[0].for_each")
        let unknownField = Self.refusal(Self.base + #""events":[{"type":"touch","id":"x:{id}","at":"{day}","fields":{"contact":"{id}"},"colour":"red"}]}"#)
        #expect(unknownField?.field == "events[0].colour")
        #expect(Self.refusal("{\"format\":1,")?.field == "(file)")
    }

    @Test func templatesParseFiltersAndBraces() throws {
        let template = try Template.parse("hubspot:{{x}}:{id|lower|map:ids}:{email|or:id}").get()
        #expect(template.parts == [
            .literal("hubspot:{x}:"),
            .placeholder(.init(name: "id", filters: [.lower, .map("ids")])),
            .literal(":"),
            .placeholder(.init(name: "email", filters: [.or("id")])),
        ])
        #expect(try Template.parse("{amount}").get().single == .init(name: "amount", filters: []))
    }

    @Test func headerPatternsCaptureWhatTheLabelCarries() {
        let pattern = HeaderPattern(text: "", parts: [.literal("Date entered \""), .capture("stage"), .literal(" ("), .capture("pipeline"), .literal(")\"")])
        #expect(pattern.match("Date entered \"Closed Won (Sales Pipeline)\"") == ["stage": "Closed Won", "pipeline": "Sales Pipeline"])
        #expect(pattern.match("Date exited \"Closed Won (Sales Pipeline)\"") == nil)
        let currency = HeaderPattern(text: "", parts: [.literal("Amount spent ("), .capture("currency"), .literal(")")])
        #expect(currency.match("Amount spent (EUR)") == ["currency": "EUR"])
    }
}
