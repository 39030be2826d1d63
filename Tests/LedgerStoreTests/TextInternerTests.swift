@testable import LedgerStore
import Testing

@Suite("Replay's text interner")
struct TextInternerTests {
    func interned(_ interner: TextInterner, _ text: String) -> String {
        var copy = text
        return copy.withUTF8 { interner.string($0) }
    }

    @Test func everyTextComesBackEqualThroughGrowthAndCollisions() {
        let interner = TextInterner()
        // Long texts (interned) and short ones (inline), many sharing long prefixes.
        let texts = (0..<20_000).map { "paid_social-2026-q\($0 % 4)-campaign-\($0)" } + (0..<500).map { "c-\($0)" } + ["", "exactly-15-byte", "sixteen-bytes-xx"]
        for _ in 0..<2 {
            for text in texts { #expect(interned(interner, text) == text) }
        }
    }

    @Test func nonASCIITextIsKeptByteForByte() {
        let interner = TextInterner()
        let texts = ["Événement Printemps 2026 — Paris", "Événement Printemps 2026 — Lyon", "メール配信キャンペーン秋"]
        for text in texts + texts {
            let back = interned(interner, text)
            #expect(Array(back.utf8) == Array(text.utf8))
        }
    }

    @Test func pastItsLimitItStillReturnsEveryText() {
        let interner = TextInterner(limit: 8)
        let texts = (0..<100).map { "a-long-campaign-name-\($0)" }
        for text in texts + texts { #expect(interned(interner, text) == text) }
    }
}
