import LedgerCore
import LedgerIngest
import LedgerStore
import Testing
import TestSupport

/// Seeded mutations of valid JSON Lines (bytes flipped, dropped, doubled, cut short, quotes and
/// braces moved, fields swapped between event types) through the real reader and ingest
/// pipeline: no crash, every refused input names its line, a refused input leaves the ledger
/// exactly as it was, and the chain verifies at the end.
@Suite("Ingest fuzz")
struct IngestFuzzTests {
    /// The valid lines mutations start from: one of each kind the contract has.
    static let seeds: [String] = [
        #"{"id":"t-1","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1","account":"a-1","utm":{"source":"google","medium":"cpc","campaign":"q1-brand"}}"#,
        #"{"id":"c-1","type":"contact","at":"2026-01-05T10:01:00Z","contact":"c-1","account":"a-1","attributes":{"score":64,"employees":800,"industry":"fintech"}}"#,
        #"{"id":"s-1","type":"stage","at":"2026-01-05T10:01:00Z","contact":"c-1","stage":"lead"}"#,
        #"{"id":"o-1","type":"opportunity","at":"2026-02-10T09:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"48000.00","currency":"USD","contacts":["c-1"]}"#,
        #"{"id":"sp-1","type":"spend","at":"2026-02-01T00:00:00Z","channel":"paid_search","campaign":"q1-brand","amount":"12000.00","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31","category":"media"}"#,
        #"{"id":"m-1","type":"merge","at":"2026-03-01T00:00:00Z","kind":"contact","from":"c-9-1","into":"c-1"}"#,
        #"{"id":"x-1","type":"retract","at":"2026-03-03T00:00:00Z","event":"t-1","reason":"test"}"#,
    ]

    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func mutate(_ line: String, _ random: inout Random) -> String {
        var bytes = Array(line.utf8)
        let alphabet = Array(#"{}[]",:0123456789.-eE+ \tabcxyz\\u00é"#.utf8)
        for _ in 0...random.next(3) {
            guard !bytes.isEmpty else { break }
            let at = random.next(bytes.count)
            switch random.next(6) {
            case 0: bytes[at] = alphabet[random.next(alphabet.count)]
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(alphabet[random.next(alphabet.count)], at: at)
            case 3: bytes.removeSubrange(at...)
            case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 8)], at: at)
            default: bytes[at] ^= UInt8(1 << random.next(8))
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
    }

    @Test func mutatedLinesNeverCrashOrLeaveHalfAnInput() throws {
        let ledger = try TestLedger()
        var random = Random(state: 20_261_204)
        var refused = 0
        var landed = 0
        for round in 0..<4_000 {
            // A few valid lines around one mutated line, with ids of this round so most land.
            var lines = Self.seeds.map { $0.replacingOccurrences(of: "-1\"", with: "-\(round)\"") }
            let target = random.next(lines.count)
            lines[target] = Self.mutate(lines[target], &random)
            let before = try ledger.log.count()
            do {
                let summary = try ledger.ingest(lines, name: "fuzz-\(round).jsonl")
                #expect(try ledger.log.count() == before + Int64(summary.appended))
                landed += 1
            } catch let error as IngestError {
                #expect(error.file == "fuzz-\(round).jsonl")
                #expect(error.line.map { (1...lines.count).contains($0) } ?? false, "\(error)")
                #expect(try ledger.log.count() == before, "a refused input must leave nothing: \(error)")
                refused += 1
            }
        }
        // Both outcomes were exercised, and the chain holds.
        #expect(refused > 2_000 && landed > 100, "refused \(refused), landed \(landed)")
        #expect(try ledger.log.verify().isValid)
    }
}
