import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// `verify` checks rows in batches on several threads. With tiny batches these cross many batch
/// and chunk boundaries, and hold every report to a plain walk of the chain, row after row on one
/// thread: the way `verify` worked before it went parallel, kept here as the reference.
@Suite("Verify in batches agrees with a sequential walk")
struct VerifyBatchTests {
    static let batchings = [
        VerifyBatching(rowsPerBatch: 7, rowsPerChunk: 3, batchesInFlight: 2),
        VerifyBatching(rowsPerBatch: 1, rowsPerChunk: 1, batchesInFlight: 1),
        VerifyBatching(rowsPerBatch: 5, rowsPerChunk: 2, batchesInFlight: 3),
        VerifyBatching(),
    ]

    /// A ledger of 40 events of most types (every typed column filled somewhere), and a raw
    /// connection without guards or triggers.
    static func tamperable() throws -> (TestLedger, Connection) {
        let ledger = try TestLedger()
        var fixture = LedgerFixture()
        for index in 1...24 {
            fixture = fixture.touch("t-\(index)", contact: "c-\(index)", channel: index % 3 == 0 ? "email" : nil,
                                    campaign: index % 4 == 0 ? "spring" : nil, utmSource: index % 5 == 0 ? "news" : nil, utmMedium: "cpc")
        }
        fixture = fixture
            .raw(#"{"id":"ct-1","type":"contact","at":"2026-01-06T10:00:00Z","contact":"c-1","account":"a-1","email":"c1@example.com","attributes":{"score":60,"employees":250,"vip":true,"region":"emea"}}"#)
            .raw(#"{"id":"st-1","type":"stage","at":"2026-01-07T10:00:00Z","contact":"c-2","stage":"mql","reason":"scored"}"#)
            .opportunity("o-1", amount: "48000.00", contacts: ["c-1", "c-2"])
            .opportunity("o-2", stage: "won", amount: nil)
            .spend("sp-1")
            .raw(#"{"id":"ad-1","type":"adjustment","at":"2026-02-11T09:00:00Z","opportunity":"o-1","amount":"-300","currency":"USD","reason":"discount"}"#)
            .raw(#"{"id":"sr-1","type":"self_report","at":"2026-01-08T10:00:00Z","contact":"c-3","source":"podcast"}"#)
            .merge("m-1", from: "c-5", into: "c-6")
            .unmerge("u-1", merge: "m-1")
            .retract("r-1", event: "t-7")
            .raw(#"{"id":"cl-1","type":"close","at":"2026-04-01T00:00:00Z","period":"2026-Q1","from":"2026-01-01","to":"2026-03-31","report_digest":"abc","rules":{"name":"default","version":1}}"#)
            .rules("ru-1")
            .touch("t-25", contact: "c-25", at: "2026-01-05T10:00:00.123456789+02:00")
            .touch("t-26", contact: "c-26")
            .touch("t-27", contact: "c-27")
            .touch("t-28", contact: "c-28")
        _ = try append(fixture.lines, to: ledger.log)
        let raw = try Connection(path: ledger.path, hardening: .none)
        try raw.execute("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER events_append_in_order")
        return (ledger, raw)
    }

    /// What an attacker did: SQL, then (for an edited body) the chain recomputed from a seq.
    struct Tampering: Sendable, CustomTestStringConvertible {
        var sql: String
        var rechainFrom: Int64?
        var testDescription: String { sql + (rechainFrom.map { " + rechain from \($0)" } ?? "") }

        init(_ sql: String, rechainFrom: Int64? = nil) {
            self.sql = sql
            self.rechainFrom = rechainFrom
        }
    }

    static let tamperings: [Tampering] = [
        Tampering(""),
        Tampering("UPDATE events SET body = replace(body, 'c-9', 'c-0') WHERE seq = 9"),
        Tampering("UPDATE events SET hash = zeroblob(32) WHERE seq = 14"),
        Tampering("UPDATE events SET hash = zeroblob(32) WHERE seq = 15"),
        Tampering("UPDATE events SET amount = amount + 1 WHERE id = 'o-1'"),
        Tampering("UPDATE events SET contact = 'x' WHERE seq IN (20, 30); UPDATE events SET body = body || ' ' WHERE seq = 31"),
        Tampering("UPDATE events SET contact = NULL WHERE seq = 3"),
        Tampering("UPDATE events SET email = 'e@example.com' WHERE seq = 4"),
        Tampering("UPDATE events SET attributes = '{}' WHERE id = 'ct-1'"),
        Tampering("UPDATE events SET contacts = NULL WHERE id = 'o-1'"),
        Tampering("UPDATE events SET shared = 1 WHERE id = 'sp-1'"),
        Tampering("UPDATE events SET rule_set_version = 2 WHERE id = 'cl-1'"),
        Tampering("UPDATE events SET effective_from = effective_from + 1 WHERE id = 'ru-1'"),
        Tampering("UPDATE events SET target = 't-8' WHERE id = 'r-1'"),
        Tampering("UPDATE events SET merge_kind = 'account' WHERE id = 'm-1'"),
        Tampering("UPDATE events SET utm_medium = 'CPC' WHERE seq = 5"),
        Tampering("UPDATE events SET stage = 'x', account = 'y' WHERE id = 'o-1'"),
        Tampering("UPDATE events SET amount = 1, channel = 'x', email = 'e' WHERE id = 'sp-1'"),
        Tampering("UPDATE events SET v = 2 WHERE seq = 5"),
        Tampering("UPDATE events SET at = at + 1 WHERE seq = 6"),
        Tampering("UPDATE events SET id = 'other' WHERE seq = 7"),
        Tampering("UPDATE events SET type = 'stage' WHERE seq = 8"),
        Tampering("UPDATE events SET contact = 'x' WHERE seq = 11; UPDATE events SET contact = 'y' WHERE seq = 10"),
        Tampering("DELETE FROM events WHERE seq = 8"),
        Tampering("DELETE FROM events WHERE seq = 1"),
        Tampering("DELETE FROM events WHERE seq >= 30"),
        Tampering("UPDATE events SET recorded_at = recorded_at - 1 WHERE seq = 25"),
        Tampering("UPDATE events SET body = ' ' || body WHERE seq = 12", rechainFrom: 12),
        Tampering("UPDATE events SET body = substr(body, 1, length(body) - 1) WHERE seq = 13", rechainFrom: 13),
        Tampering(#"UPDATE events SET body = replace(body, '"type":"touch"', '"type":"bogus"') WHERE seq = 16"#, rechainFrom: 16),
        Tampering("UPDATE events SET body = replace(body, 'c-17', 'c-X') WHERE seq = 17", rechainFrom: 17),
        Tampering("UPDATE events SET body = replace(body, 'c-17', 'c-X'), contact = 'c-X' WHERE seq = 17", rechainFrom: 17),
    ]

    @Test(arguments: tamperings)
    func reportsWhatASequentialWalkReports(tampering: Tampering) throws {
        let (ledger, raw) = try Self.tamperable()
        if !tampering.sql.isEmpty { try raw.execute(tampering.sql) }
        if let seq = tampering.rechainFrom { try TamperTests.rechain(raw, from: seq) }
        let log = try EventLog(path: ledger.path, readOnly: true)
        let expected = try Self.sequentialVerify(log, anchor: nil)
        for batching in Self.batchings {
            #expect(try log.verify(anchor: nil, progress: nil, batching: batching) == expected)
        }
    }

    @Test func anchorsAnywhereAgree() throws {
        let (ledger, raw) = try Self.tamperable()
        let log = try EventLog(path: ledger.path, readOnly: true)
        var hashes: [Int64: EventHash] = [:]
        try log.events { hashes[$0.seq] = $0.hash }
        try raw.execute("UPDATE events SET contact = 'x' WHERE seq = 33")
        for seq in [1, 6, 7, 8, 32, 33, 34, 40, 41] as [Int64] {
            for hash in [hashes[seq] ?? .genesis, .genesis] {
                let anchor = ChainAnchor(seq: seq, hash: hash)
                let expected = try Self.sequentialVerify(log, anchor: anchor)
                for batching in Self.batchings {
                    #expect(try log.verify(anchor: anchor, progress: nil, batching: batching) == expected, "anchor at \(seq)")
                }
            }
        }
    }

    /// The reference: one row at a time, every check in order, stopping at the first failure.
    static func sequentialVerify(_ log: EventLog, anchor: ChainAnchor?) throws -> VerifyReport {
        let statement = try log.connection.prepare("SELECT \(EventColumns.list()) FROM events ORDER BY seq")
        let decoder = EventDecoder(currency: log.currency)
        var previous: LedgerHead?
        var anchorMatched: Bool? = anchor == nil ? nil : false
        var failure: VerifyReport.Failure?
        let bodyColumn = EventColumns.body
        while try statement.step() {
            let seq = statement.int64(0)
            let expectedSeq = (previous?.seq ?? 0) + 1
            func fail(_ reason: String) { failure = .init(seq: expectedSeq, reason: reason) }
            guard seq == expectedSeq else {
                fail("missing: the next row has seq \(seq); rows were deleted or renumbered")
                break
            }
            let recordedAt = Timestamp(microseconds: statement.int64(5))
            if let last = previous?.recordedAt, recordedAt < last {
                fail("recorded_at \(recordedAt) is earlier than seq \(seq - 1)'s \(last)")
                break
            }
            let storedHash = statement.withBytes(EventColumns.hash) { EventHash(bytes: Array($0)) }
            let hash = statement.withBytes(bodyColumn) { body in
                EventHash.link(previous: previous?.hash ?? .genesis, seq: seq, recordedAt: recordedAt, body: body)
            }
            guard storedHash == hash else {
                fail("hash mismatch: the stored hash is not SHA-256 of the previous hash, seq, recorded_at and body; the event or one before it was altered")
                break
            }
            if let problem = checkRow(statement, decoder: decoder) {
                fail(problem)
                break
            }
            previous = LedgerHead(seq: seq, recordedAt: recordedAt, hash: hash)
            if let anchor, anchor.seq == seq {
                anchorMatched = anchor.hash == hash
                if anchor.hash != hash {
                    fail("differs from the anchor: the ledger up to here was rewritten and re-chained")
                    break
                }
            }
        }
        statement.reset()
        if failure == nil, let anchor, anchorMatched != true {
            failure = .init(seq: anchor.seq, reason: "the anchor's seq is beyond the ledger's head \(previous?.seq ?? 0): events were removed from the end")
        }
        return VerifyReport(failure: failure, checkedCount: previous?.seq ?? 0, head: previous, anchorMatched: anchorMatched)
    }

    static func checkRow(_ statement: Statement, decoder: EventDecoder) -> String? {
        let bodyColumn = EventColumns.body
        let decoded: EventDecoder.Decoded
        do {
            let value = try statement.withBytes(bodyColumn) { (body) throws(JSONSyntaxError) in
                try JSONParser.parse(body.assumingMemoryBound(to: UInt8.self))
            }
            decoded = try decoder.decode(value)
        } catch let error as JSONSyntaxError {
            return "body is not valid JSON (\(error.message) at byte \(error.offset))"
        } catch {
            return "body breaks the event contract: \(error)"
        }
        var writer = CanonicalJSONWriter()
        writer.write(.object(decoded.canonicalBody))
        let isCanonical = statement.withBytes(bodyColumn) { $0.elementsEqual(writer.bytes) }
        if !isCanonical { return "body is not in canonical form" }
        let event = decoded.event
        let expected: [SQLValue] = [.text(event.id), .text(event.type.rawValue), .integer(Int64(event.schemaVersion)), .integer(event.at.microseconds)]
            + [statement.value(5)] + EventColumns.values(of: event)
        for (offset, value) in expected.enumerated() {
            let stored = statement.value(Int32(offset + 1))
            if stored != value {
                return "column \(EventColumns.all[offset + 1]) holds \(stored) but the body says \(value)"
            }
        }
        return nil
    }
}
