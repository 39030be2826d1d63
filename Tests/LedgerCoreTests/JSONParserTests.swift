import LedgerCore
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d\u00e9\n"}} "#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(object["b"] == .object(JSONObject([.init(key: "c", value: .string("dé\n"))])))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\ud83d\ude00""#) == .string("\"\\/\u{8}\u{C}\n\r\tA😀"))
    }

    @Test(arguments: [
        (#"{"a":1,}"#, "expected a string key"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}'"),
        (#"[1,2"#, "unexpected end of line"),
        (#"{"a":01}"#, "leading zero"),
        (#"{"a":1.}"#, "a fraction needs a digit"),
        (#"{"a":"x"#, "unterminated string"),
        (#"{"a":"\ud800"}"#, "lone high surrogate"),
        (#"{"a":"\udc00"}"#, "lone low surrogate"),
        (#"{"a":"\x"}"#, "invalid escape"),
        (#"{"a":tru}"#, "invalid literal"),
        (#"{"a":1} x"#, "unexpected text after"),
        (#"{"a":1,"a":2}"#, "duplicate key \"a\""),
        ("", "unexpected end of line"),
    ])
    func rejectsMalformedText(text: String, message: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONSyntaxError)?.message.contains(message) == true
        }
    }

    @Test func rejectsControlCharactersAndInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("\"a\u{01}b\"") }
        let invalid: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONSyntaxError.self) {
            try invalid.withUnsafeBufferPointer { try JSONParser.parse($0) }
        }
    }

    @Test func reportsTheByteOffsetOfTheError() {
        do {
            _ = try JSONParser.parse(#"{"a": [1, 2,, 3]}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 12)
        }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: JSONParser.depthMax + 1) + String(repeating: "]", count: JSONParser.depthMax + 1)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
        let allowed = String(repeating: "[", count: JSONParser.depthMax) + String(repeating: "]", count: JSONParser.depthMax)
        #expect(throws: Never.self) { try JSONParser.parse(allowed) }
    }
}
