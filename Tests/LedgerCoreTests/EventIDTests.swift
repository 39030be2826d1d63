import LedgerCore
import Testing

@Suite("Event ids")
struct EventIDTests {
    @Test(arguments: [
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "0123abcd-89ef-4567-89ab-cdef01234567",
    ])
    func aCanonicalUUIDIsKeptAsItsBitsAndPrintsAsItCame(text: String) {
        let id = EventID(text)
        guard case .uuid = id else {
            Issue.record("\(text) was kept as text")
            return
        }
        #expect(id.description == text)
        #expect(EventID(id.description) == id)
    }

    @Test func theBitsAreTheDigitsInOrder() {
        #expect(EventID("01234567-89ab-cdef-0123-456789abcdef") == .uuid(0x0123_4567_89ab_cdef, 0x0123_4567_89ab_cdef))
        #expect(EventID("00000000-0000-0000-0000-000000000001") == .uuid(0, 1))
        #expect(EventID("10000000-0000-0000-0000-000000000000") == .uuid(1 << 60, 0))
    }

    /// Anything else stays text, so it prints byte for byte as it came.
    @Test(arguments: [
        "", "t-0000001", "3F2504E0-4F89-41D3-9A0C-0305E82C3301", "3f2504e0-4f89-41d3-9a0c-0305e82c330",
        "3f2504e0-4f89-41d3-9a0c-0305e82c33011", "3f2504e04f8941d39a0c0305e82c3301", "3f2504e0_4f89-41d3-9a0c-0305e82c3301",
        "3f2504e0-4f89-41d3-9a0c-0305e82c330g", "{3f2504e0-4f89-41d3-9a0c-0305e82c33}", "3f2504e0-4f89-41d3-9a0c-0305e82c330é",
    ])
    func otherTextStaysText(text: String) {
        #expect(EventID(text) == .text(text))
        #expect(EventID(text).description == text)
    }

    /// Equal exactly when the texts are: a UUID in other case is another id.
    @Test func equalWhenTheTextsAre() {
        let lower = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
        #expect(EventID(lower) == EventID(String(lower)))
        #expect(EventID(lower) != EventID(lower.uppercased()))
        #expect(Set([EventID(lower), EventID(lower), EventID("t-1"), EventID("t-1")]).count == 2)
    }
}
