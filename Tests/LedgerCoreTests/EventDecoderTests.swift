import LedgerCore
import Testing

/// Contract rules a JSON Schema cannot state, and what the decoder builds from valid input.
@Suite("Event decoder")
struct EventDecoderTests {
    let decoder = EventDecoder(currency: "USD")

    func decode(_ text: String) throws -> EventDecoder.Decoded {
        try decoder.decode(try JSONParser.parse(text))
    }

    func failure(_ text: String) -> EventValidationError? {
        do {
            _ = try decode(text)
            return nil
        } catch let error as EventValidationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func buildsATypedTouch() throws {
        let decoded = try decode(#"{"id":"t-1","type":"touch","at":"2026-01-05T11:00:00+01:00","contact":"c-1","utm":{"source":"google","medium":"cpc","campaign":""},"touch_type":"ad_click","x-extra":[1]}"#)
        #expect(decoded.event.at == RFC3339.parse("2026-01-05T10:00:00Z")?.timestamp)
        #expect(decoded.event.payload == .touch(Touch(contact: "c-1", utm: UTM(source: "google", medium: "cpc", campaign: ""), touchType: "ad_click")))
        #expect(JSONValue.object(decoded.canonicalBody).canonicalText
            == #"{"at":"2026-01-05T10:00:00Z","contact":"c-1","id":"t-1","touch_type":"ad_click","type":"touch","utm":{"campaign":"","medium":"cpc","source":"google"},"v":1,"x-extra":[1]}"#)
    }

    @Test func refusesAnotherCurrency() {
        let error = failure(#"{"id":"sp-1","type":"spend","at":"2026-02-01T00:00:00Z","amount":"10","currency":"EUR","period_start":"2026-01-01","period_end":"2026-01-31"}"#)
        #expect(error?.field == "currency")
        #expect(error?.problem.contains("reports in USD") == true)
    }

    @Test func refusesAMergeIntoItself() {
        #expect(failure(#"{"id":"m-1","type":"merge","at":"2026-02-01T00:00:00Z","kind":"contact","from":"c-1","into":"c-1"}"#)?.field == "into")
    }

    @Test func refusesPeriodsThatEndBeforeTheyStart() {
        #expect(failure(#"{"id":"sp-1","type":"spend","at":"2026-02-01T00:00:00Z","amount":"10","currency":"USD","period_start":"2026-02-01","period_end":"2026-01-31"}"#)?.field == "period_end")
        #expect(failure(#"{"id":"cl-1","type":"close","at":"2026-04-01T00:00:00Z","period":"Q1","from":"2026-03-31","to":"2026-01-01","report_digest":"x"}"#)?.field == "to")
    }

    @Test func namesNestedFields() {
        #expect(failure(#"{"id":"t-1","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1","utm":{"source":5}}"#)?.field == "utm.source")
        #expect(failure(#"{"id":"c-1","type":"contact","at":"2026-01-05T10:00:00Z","contact":"c-1","attributes":{"score":[1]}}"#)?.field == "attributes.score")
        #expect(failure(#"{"id":"o-1","type":"opportunity","at":"2026-01-05T10:00:00Z","opportunity":"o","account":"a","stage":"won","contacts":["c-1",""]}"#)?.field == "contacts.1")
    }

    @Test func refusesARootThatIsNotAnObject() {
        #expect(failure("[1,2]")?.field == "(line)")
    }

    @Test func keepsAttributesSortedAndExact() throws {
        let decoded = try decode(#"{"id":"c-1","type":"contact","at":"2026-01-05T10:00:00Z","contact":"c-1","attributes":{"score":64.50,"b":true,"a":"x"}}"#)
        guard case .contact(let facts) = decoded.event.payload else { Issue.record("not a contact"); return }
        #expect(facts.attributes.map(\.name) == ["a", "b", "score"])
        #expect(facts.attributes[2].value == .number("64.5"))
    }
}
