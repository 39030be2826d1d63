import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// An attacker with raw access to the file drops the guards and edits history; `verify` names
/// the first bad seq.
@Suite("Verify finds tampering")
struct TamperTests {
    /// A ledger of ten events, and a raw connection without guards or triggers.
    static func tamperable() throws -> (TestLedger, Connection) {
        let ledger = try TestLedger()
        var fixture = LedgerFixture()
        for index in 1...8 { fixture = fixture.touch("t-\(index)", contact: "c-\(index)") }
        fixture = fixture.opportunity("o-1", amount: "48000.00", contacts: ["c-1"]).spend("sp-1")
        _ = try append(fixture.lines, to: ledger.log)
        let raw = try Connection(path: ledger.path, hardening: .none)
        try raw.execute("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER events_append_in_order")
        return (ledger, raw)
    }

    func failingSeq(_ ledger: TestLedger, anchor: ChainAnchor? = nil) throws -> Int64? {
        try EventLog(path: ledger.path, readOnly: true).verify(anchor: anchor).failure?.seq
    }

    @Test func anUntouchedLedgerVerifies() throws {
        let (ledger, _) = try Self.tamperable()
        let report = try EventLog(path: ledger.path, readOnly: true).verify()
        #expect(report.isValid)
        #expect(report.checkedCount == 10)
        #expect(report.anchorMatched == nil)
    }

    @Test func aFlippedByteInABody() throws {
        let (ledger, raw) = try Self.tamperable()
        try raw.execute("UPDATE events SET body = replace(body, 'c-4', 'c-5') WHERE seq = 4")
        #expect(try failingSeq(ledger) == 4)
    }

    @Test func anEditedTypedColumn() throws {
        let (ledger, raw) = try Self.tamperable()
        try raw.execute("UPDATE events SET amount = amount + 1 WHERE seq = 9")
        let report = try EventLog(path: ledger.path, readOnly: true).verify()
        #expect(report.failure?.seq == 9)
        #expect(report.failure?.reason.contains("amount") == true)
    }

    @Test func aFlippedHashByte() throws {
        let (ledger, raw) = try Self.tamperable()
        try raw.execute("UPDATE events SET hash = zeroblob(32) WHERE seq = 6")
        #expect(try failingSeq(ledger) == 6)
    }

    @Test func aDeletedRow() throws {
        let (ledger, raw) = try Self.tamperable()
        try raw.execute("DELETE FROM events WHERE seq = 3")
        let report = try EventLog(path: ledger.path, readOnly: true).verify()
        #expect(report.failure?.seq == 3)
        #expect(report.failure?.reason.contains("missing") == true)
    }

    @Test func twoSwappedRows() throws {
        let (ledger, raw) = try Self.tamperable()
        try raw.execute("""
            UPDATE events SET seq = 1000 WHERE seq = 5;
            UPDATE events SET seq = 5 WHERE seq = 6;
            UPDATE events SET seq = 6 WHERE seq = 1000;
            """)
        #expect(try failingSeq(ledger) == 5)
    }

    @Test func aForgedRow() throws {
        let (ledger, raw) = try Self.tamperable()
        try raw.execute("""
            INSERT INTO events (seq, id, type, v, at, recorded_at, contact, body, hash)
            SELECT 11, 'forged', 'touch', 1, at, recorded_at, 'c-9', replace(body, 't-8', 'forged'), hash FROM events WHERE seq = 8
            """)
        #expect(try failingSeq(ledger) == 11)
    }

    @Test func aRechainedTailIsCaughtOnlyByAnAnchor() throws {
        let (ledger, raw) = try Self.tamperable()
        let anchor = try #require(try ledger.log.head())
        let anchorAt7 = try #require(try Self.hash(ofSeq: 7, in: ledger.log))
        // Rewrite seq 4 and re-chain everything after it, as a careful attacker would.
        try raw.execute("UPDATE events SET body = replace(body, 'c-4', 'c-X'), contact = 'c-X' WHERE seq = 4")
        try Self.rechain(raw, from: 4)
        #expect(try failingSeq(ledger) == nil)
        let report = try EventLog(path: ledger.path, readOnly: true).verify(anchor: ChainAnchor(seq: anchor.seq, hash: anchor.hash))
        #expect(report.failure?.seq == 10)
        #expect(report.anchorMatched == false)
        #expect(try failingSeq(ledger, anchor: ChainAnchor(seq: 7, hash: anchorAt7)) == 7)
        // The command reports only what the anchor proved: not that the events before it are intact.
        let verify = try RoiledgerProcess.run(["verify", "--db", ledger.path, "--anchor", "\(anchor.seq):\(anchor.hash)"])
        #expect(verify.status == 2)
        #expect(verify.standardOutput.contains("FAILED at seq 10") && !verify.standardOutput.contains("intact"), "\(verify.standardOutput)")
        #expect(verify.standardOutput.contains("cannot be known without the original"), "\(verify.standardOutput)")
    }

    @Test func anAnchorBeyondTheHeadMeansTruncation() throws {
        let (ledger, raw) = try Self.tamperable()
        let anchor = try #require(try ledger.log.head())
        try raw.execute("DELETE FROM events WHERE seq >= 9")
        let report = try EventLog(path: ledger.path, readOnly: true).verify(anchor: ChainAnchor(seq: anchor.seq, hash: anchor.hash))
        #expect(!report.isValid)
        #expect(report.failure?.seq == 10)
        #expect(try failingSeq(ledger) == nil)
    }

    @Test func aMatchingAnchorIsReported() throws {
        let (ledger, _) = try Self.tamperable()
        let hash = try #require(try Self.hash(ofSeq: 5, in: ledger.log))
        let report = try EventLog(path: ledger.path, readOnly: true).verify(anchor: ChainAnchor("5:\(hash)"))
        #expect(report.isValid)
        #expect(report.anchorMatched == true)
    }

    static func hash(ofSeq seq: Int64, in log: EventLog) throws -> EventHash? {
        var found: EventHash?
        try log.events(since: seq - 1, through: seq) { found = $0.hash }
        return found
    }

    /// Recomputes every hash from `seq` on, as an attacker who knows the format would.
    static func rechain(_ raw: Connection, from seq: Int64) throws {
        let read = try raw.prepare("SELECT seq, recorded_at, body, hash FROM events ORDER BY seq")
        var rows: [(Int64, Int64, [UInt8], [UInt8])] = []
        while try read.step() { rows.append((read.int64(0), read.int64(1), read.bytes(2), read.bytes(3))) }
        var previous = EventHash.genesis
        let update = try raw.prepare("UPDATE events SET hash = ? WHERE seq = ?")
        for (rowSeq, recordedAt, body, stored) in rows {
            if rowSeq < seq { previous = EventHash(bytes: stored)!; continue }
            previous = body.withUnsafeBytes { EventHash.link(previous: previous, seq: rowSeq, recordedAt: Timestamp(microseconds: recordedAt), body: $0) }
            try update.bind(1, .blob(previous.bytes))
            try update.bind(2, rowSeq)
            try update.run()
        }
    }
}
