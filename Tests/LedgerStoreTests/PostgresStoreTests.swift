import Foundation
import LedgerCore
@testable import LedgerStore
import Synchronization
import Testing
import TestSupport

/// What only the server store has to prove: its guards hold for every role, the owner included;
/// roles limit who writes; many writers at once keep seq gapless and the chain whole; readers
/// see whole batches.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    static func populated() throws -> BackendLedger {
        let ledger = try BackendLedger(.postgres)
        _ = try append(LedgerFixture.touches(3).lines, to: ledger.store)
        return ledger
    }

    static func isRefusal(_ error: any Error, state: String? = nil) -> Bool {
        guard case .postgres(let found, _, _)? = error as? StoreError else { return false }
        return state.map { $0 == found } ?? true
    }

    @Test(arguments: [
        "UPDATE roiledger.events SET body = '{}' WHERE seq = 1",
        "DELETE FROM roiledger.events WHERE seq = 3",
        "TRUNCATE roiledger.events CASCADE",
        "UPDATE roiledger.head SET seq = 1",
        "DELETE FROM roiledger.head",
        "TRUNCATE roiledger.head",
        "UPDATE roiledger.meta SET value = 'EUR' WHERE key = 'currency'",
        "DELETE FROM roiledger.migrations",
        "INSERT INTO roiledger.events (seq, id, type, v, at, recorded_at, body, hash) SELECT 4, 'forged', 'touch', 1, 0, recorded_at, '{}', hash FROM roiledger.head",
        "INSERT INTO roiledger.events (seq, id, type, v, at, recorded_at, body, hash) SELECT 9, 'gap', 'touch', 1, 0, recorded_at, '{}', hash FROM roiledger.head",
    ])
    func theGuardsRefuseEvenTheOwner(sql: String) throws {
        let ledger = try Self.populated()
        let before = try ledger.events()
        // The database's owner and the cluster's superuser: nothing but a trigger stands in the way.
        #expect { _ = try PostgresAdmin.execute(url: ledger.location, sql) } throws: { Self.isRefusal($0, state: "P0001") }
        let after = try ledger.events()
        #expect(after.map(\.body) == before.map(\.body))
        #expect(after.map(\.hash) == before.map(\.hash))
        #expect(try ledger.store.head()?.seq == 3)
    }

    @Test func aDisabledGuardStopsWritersUntilItIsRestored() throws {
        let ledger = try Self.populated()
        _ = try PostgresAdmin.execute(url: ledger.location, "ALTER TABLE roiledger.events DISABLE TRIGGER events_append_only")
        #expect { _ = try PostgresLedger(url: ledger.location) } throws: { error in
            guard case .guardsAltered(_, let problems)? = error as? StoreError else { return false }
            return problems == ["trigger events_append_only on events is disabled"]
        }
        // Reading still works; writing again once the guard is back.
        #expect(try PostgresLedger(url: ledger.location, readOnly: true).count() == 3)
        _ = try PostgresAdmin.execute(url: ledger.location, "ALTER TABLE roiledger.events ENABLE TRIGGER events_append_only")
        #expect(try append(LedgerFixture.touches(1, prefix: "n").lines, to: try PostgresLedger(url: ledger.location)) == [.appended(seq: 4)])
    }

    @Test func theWriterRoleAppendsOnlyThroughTheAppendFunctionAndReadersOnlyRead() throws {
        let ledger = try Self.populated()
        let database = try #require(ledger.database)
        let writerURL = database.url(asUser: "roiledger_test_writer")
        let writer = try PostgresLedger(url: writerURL)
        #expect(try append(LedgerFixture.touches(2, prefix: "w").lines, to: writer) == [.appended(seq: 4), .appended(seq: 5)])
        for sql in [
            "INSERT INTO roiledger.events (seq, id, type, v, at, recorded_at, body, hash) SELECT 6, 'x', 'touch', 1, 0, recorded_at, '{}', hash FROM roiledger.head",
            "UPDATE roiledger.head SET seq = seq",
            "INSERT INTO roiledger.meta (key, value) VALUES ('owner', 'me')",
            "CREATE TABLE roiledger.mine (x int)",
        ] {
            #expect(throws: StoreError.self, "as the writer: \(sql)") { _ = try PostgresAdmin.execute(url: writerURL, sql) }
        }
        let readerURL = database.url(asUser: "roiledger_test_reader")
        let reader = try PostgresLedger(url: readerURL, readOnly: true)
        #expect(try reader.count() == 5)
        #expect { _ = try append(LedgerFixture.touches(1, prefix: "r").lines, to: try PostgresLedger(url: readerURL)) } throws: { Self.isRefusal($0, state: "42501") }
        #expect(try ledger.store.count() == 5)
    }

    @Test func migrationsAreRecordedOnceAndOpeningAgainChangesNothing() throws {
        let ledger = try Self.populated()
        for _ in 0..<2 { _ = try PostgresLedger(url: ledger.location) }
        let rows = try PostgresAdmin.execute(url: ledger.location, "SELECT version, name FROM roiledger.migrations ORDER BY version")
        #expect(rows.map { $0[0] } == (1...PostgresSchema.formatVersion).map { String($0) })
        #expect(try ledger.store.formatVersion() == PostgresSchema.formatVersion)
        _ = try PostgresAdmin.execute(url: ledger.location, "INSERT INTO roiledger.migrations VALUES (99, 'from the future', 0)")
        #expect(throws: StoreError.formatTooNew(found: 99, supported: PostgresSchema.formatVersion)) { _ = try PostgresLedger(url: ledger.location) }
    }

    /// Eight writers append 100,000 events in all, in batches of 500, while a reader reads the
    /// whole log again and again: seq is gapless from 1, each event is stored once, the chain
    /// verifies, and every read sees each batch whole or not at all.
    @Test func eightConcurrentWritersKeepSeqGaplessAndReadersSeeWholeBatches() throws {
        let ledger = try BackendLedger(.postgres)
        let url = ledger.location
        let writers = 8, batches = 25, batchSize = 500
        let failures = Mutex<[String]>([])
        let writing = Mutex(writers)
        let readsChecked = Mutex(0)
        var threads: [Thread] = []
        let done = DispatchGroup()
        for writer in 0..<writers {
            done.enter()
            let thread = Thread {
                defer { writing.withLock { $0 -= 1 }; done.leave() }
                do {
                    let store = try PostgresLedger(url: url)
                    for batch in 0..<batches {
                        let lines = (0..<batchSize).map { index in
                            LedgerFixture().touch("w\(writer)-b\(batch)-\(index)", contact: "c-\(writer)-\(index % 50)").lines[0]
                        }
                        let outcomes = try append(lines, to: store)
                        if outcomes.count != batchSize { failures.withLock { $0.append("writer \(writer) batch \(batch): \(outcomes.count) outcomes") } }
                    }
                } catch {
                    failures.withLock { $0.append("writer \(writer): \(error)") }
                }
            }
            threads.append(thread)
        }
        done.enter()
        let reader = Thread {
            defer { done.leave() }
            do {
                let store = try PostgresLedger(url: url, readOnly: true)
                repeat {
                    var perBatch: [Substring: Int] = [:]
                    var expectedSeq: Int64 = 1
                    try store.events(since: 0, through: .max) { event in
                        if event.seq != expectedSeq { failures.withLock { $0.append("read seq \(event.seq), expected \(expectedSeq)") } }
                        expectedSeq = event.seq + 1
                        let batch = event.id[..<event.id.lastIndex(of: "-")!]
                        perBatch[batch, default: 0] += 1
                    }
                    let partial = perBatch.filter { $0.value != batchSize }
                    if !partial.isEmpty { failures.withLock { $0.append("a read saw partial batches: \(partial.prefix(3))") } }
                    readsChecked.withLock { $0 += 1 }
                } while writing.withLock({ $0 }) > 0
            } catch {
                failures.withLock { $0.append("reader: \(error)") }
            }
        }
        for thread in threads { thread.start() }
        reader.start()
        done.wait()

        #expect(failures.withLock { $0 } == [])
        #expect(readsChecked.withLock { $0 } >= 2)
        let events = try ledger.events()
        #expect(events.count == writers * batches * batchSize)
        #expect(events.map(\.seq) == Array(1...Int64(writers * batches * batchSize)))
        #expect(Set(events.map(\.id)).count == events.count)
        var previous = EventHash.genesis
        var broken: Int64?
        for event in events {
            let link = Array(event.body.utf8).withUnsafeBytes { EventHash.link(previous: previous, seq: event.seq, recordedAt: event.recordedAt, body: $0) }
            if link != event.hash, broken == nil { broken = event.seq }
            previous = event.hash
        }
        #expect(broken == nil)
        #expect(try ledger.store.head()?.hash == previous)
        // Each batch's events sit together: a batch committed while holding the head.
        let batchOf = events.map { $0.id[..<$0.id.lastIndex(of: "-")!] }
        var runs = 1
        for index in 1..<batchOf.count where batchOf[index] != batchOf[index - 1] { runs += 1 }
        #expect(runs == writers * batches)
    }
}
