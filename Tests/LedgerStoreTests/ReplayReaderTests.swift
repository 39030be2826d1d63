import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// `replay` reads on another thread a few batches ahead of the fold; what the fold sees must
/// be exactly what a plain sequential read gives, and every way of stopping must leave the
/// connection free.
@Suite("Replay's reader thread")
struct ReplayReaderTests {
    /// More events than the reader's batches (4,096) and its pipe (4 batches) hold at once.
    static let count = 20_000

    static func ledger() throws -> TestLedger {
        let ledger = try TestLedger()
        _ = try append(LedgerFixture.touches(count).lines, to: ledger.log)
        return ledger
    }

    @Test func deliversEveryEventOnceInSeqOrderWithinBounds() throws {
        let ledger = try Self.ledger()
        var seqs: [Int64] = []
        var ids: [String] = []
        try ledger.log.replay { record in
            seqs.append(record.seq)
            ids.append(record.event.id)
        }
        #expect(seqs == Array(1...Int64(Self.count)))
        #expect(ids == (1...Self.count).map { "t-\($0)" })

        var bounded: [Int64] = []
        try ledger.log.replay(afterSeq: 4_095, throughSeq: 12_289) { bounded.append($0.seq) }
        #expect(bounded == Array(4_096...12_289))
        var none = 0
        try ledger.log.replay(afterSeq: Int64(Self.count)) { _ in none += 1 }
        #expect(none == 0)
    }

    struct Stop: Error {}

    @Test func aFoldThatThrowsStopsTheReaderAndFreesTheConnection() throws {
        let ledger = try Self.ledger()
        var seen = 0
        #expect(throws: Stop.self) {
            try ledger.log.replay { record in
                seen += 1
                if record.seq == 5_000 { throw Stop() }
            }
        }
        #expect(seen == 5_000)
        // The read transaction ended with the reader: the log appends and replays again.
        _ = try append(LedgerFixture().touch("t-late", contact: "c-1").lines, to: ledger.log)
        var total = 0
        try ledger.log.replay { _ in total += 1 }
        #expect(total == Self.count + 1)
    }

    @Test func anUnreadableRowFailsAfterEveryEventBeforeIt() throws {
        let ledger = try Self.ledger()
        let raw = try Connection(path: ledger.path, hardening: .none)
        try raw.execute("DROP TRIGGER events_no_update")  // a spend without its period cannot be rebuilt
        try raw.execute("UPDATE events SET type = 'spend' WHERE seq = 9001")
        var seqs: [Int64] = []
        do {
            try ledger.log.replay { seqs.append($0.seq) }
            Issue.record("replay read an unreadable row")
        } catch let error as StoreError {
            #expect("\(error)".contains("seq 9001"))
        }
        #expect(seqs == Array(1...9_000))
    }
}
