@testable import LedgerCore
import Testing

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    @Test(arguments: [
        ("64", "64"), ("64.0", "64"), ("6.4e1", "64"), ("640E-1", "64"), ("-0", "0"), ("-0.50", "-0.5"),
        ("0.001", "0.001"), ("1e3", "1000"), ("1.5e-3", "0.0015"), ("100", "100"), ("-12.3400", "-12.34"),
        ("1e400", "1e400"), ("1e-400", "1e-400"), ("0e10", "0"),
        // Plain integers, which skip the digit arithmetic, up to and past the exponent limit.
        ("0", "0"), ("-7", "-7"), ("-1000", "-1000"),
        ("1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890"),
        ("-1234567890123456789012345678901234567890", "-1234567890123456789012345678901234567890"),
        ("12345678901234567890123456789012345678901", "12345678901234567890123456789012345678901e0"),
        ("10000000000000000000000000000000000000000", "1e40"),
    ])
    func normalisesNumbersOnTheirDigits(text: String, canonical: String) throws {
        #expect(try JSONParser.parse(text).canonicalText == canonical)
    }

    /// Plain integers skip the digit arithmetic: they must come out exactly as it would give.
    @Test func plainIntegersAgreeWithTheDigitArithmetic() {
        var texts = ["0", "-0", "7", "-7", "10", "-10", "00", "-00", "01", "-01", "-", "", "1-", "--1", "1e3", "1.0", "-1.50"]
        for length in 1...42 {
            texts += [String(repeating: "9", count: length), "-" + String(repeating: "9", count: length),
                      "1" + String(repeating: "0", count: length - 1), "-1" + String(repeating: "0", count: length - 1)]
        }
        for text in texts {
            #expect(CanonicalNumber.canonical(text) == CanonicalNumber.canonicalDigits(text), "\(text)")
        }
    }

    @Test func sortsKeysByUTF8BytesAndDropsWhitespace() throws {
        let value = try JSONParser.parse(#" { "b" : 1 , "a" : { "z" : true , "é" : null , "Z" : [ ] } , "A" : "x" } "#)
        #expect(value.canonicalText == #"{"A":"x","a":{"Z":[],"z":true,"é":null},"b":1}"#)
    }

    @Test func escapesOnlyWhatJSONRequires() throws {
        let value = JSONValue.string("q\"b\\s/\u{1}\u{1F}\n\tü😀")
        #expect(value.canonicalText == #""q\"b\\s/\u0001\u001f\n\tü😀""#)
        #expect(try JSONParser.parse(value.canonicalText) == value)
    }

    @Test func equivalentEventsHaveEqualCanonicalBodies() throws {
        let decoder = EventDecoder(currency: "USD")
        let forms = [
            #"{"id":"o-1","type":"opportunity","at":"2026-02-10T09:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"12500.0","currency":"USD"}"#,
            #"{"currency":"USD","amount":"12500.00","stage":"created","account":"a-1","opportunity":"o-1","at":"2026-02-10T10:00:00+01:00","type":"opportunity","id":"o-1","v":1}"#,
            #"{ "id" : "o-1", "type":"opportunity","at":"2026-02-10T09:00:00.000Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"12500","currency":"USD","v":1.0}"#,
        ]
        let bodies = try forms.map { try JSONValue.object(decoder.decode(JSONParser.parse($0)).canonicalBody).canonicalText }
        #expect(Set(bodies).count == 1)
        #expect(bodies[0] == #"{"account":"a-1","amount":"12500","at":"2026-02-10T09:00:00Z","currency":"USD","id":"o-1","opportunity":"o-1","stage":"created","type":"opportunity","v":1}"#)
    }
}
