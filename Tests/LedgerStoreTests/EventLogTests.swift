import Foundation
import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// What only the file has; the store's contract (order, chain, duplicates, conflicts, references,
/// ledger time) is `StoreContractTests`, run on the file and on the server.
@Suite("Event log")
struct EventLogTests {
    @Test func createsAnEmptyLedgerWithItsCurrencyAndFormat() throws {
        let ledger = try TestLedger(currency: "EUR")
        #expect(ledger.log.currency == "EUR")
        #expect(try ledger.log.formatVersion() == Migrations.formatVersion)
        #expect(try ledger.log.head() == nil)
        let reopened = try EventLog(path: ledger.path, readOnly: true)
        #expect(reopened.currency == "EUR")
    }

    @Test func refusesToInitialiseTwiceOrOpenWhatIsNotALedger() throws {
        let ledger = try TestLedger()
        #expect(throws: StoreError.alreadyInitialized(path: ledger.path)) { try EventLog.create(path: ledger.path, currency: "USD") }
        let other = ledger.directory.write("notes.txt", "not a database at all, just text that is long enough to matter")
        #expect { try EventLog(path: other) } throws: { error in
            if case .sqlite(let code, _, _)? = error as? StoreError { return code & 0xFF == 26 } // SQLITE_NOTADB
            if case .notALedger? = error as? StoreError { return true }
            return false
        }
        let missing = ledger.directory.file("missing.sqlite")
        #expect(throws: StoreError.noLedger(path: missing)) { try EventLog(path: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(throws: StoreError.self) { try EventLog.create(path: ledger.directory.file("x.sqlite"), currency: "usd") }
    }

    @Test func refusesALedgerFromANewerRoiledger() throws {
        let ledger = try TestLedger()
        let raw = try Connection(path: ledger.path, hardening: .none)
        try raw.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
        #expect(throws: StoreError.formatTooNew(found: 99, supported: Migrations.formatVersion)) { try EventLog(path: ledger.path) }
    }

    @Test func storesTypedColumnsForReplay() throws {
        let ledger = try TestLedger()
        _ = try append([#"{"id":"o-1","type":"opportunity","at":"2026-02-10T09:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"48000.5","currency":"USD","contacts":["c-1","c-2"]}"#], to: ledger.log)
        let row = try ledger.log.connection.prepare("SELECT type, opportunity, account, stage, amount, contacts, at FROM events WHERE seq = 1")
        #expect(try row.step())
        #expect(row.string(0) == "opportunity")
        #expect(row.string(1) == "o-1")
        #expect(row.string(2) == "a-1")
        #expect(row.string(3) == "created")
        #expect(row.int64(4) == 480_005_000)
        #expect(row.string(5) == #"["c-1","c-2"]"#)
        #expect(row.int64(6) == RFC3339.parse("2026-02-10T09:00:00Z")?.timestamp.microseconds)
    }
}

@Suite("Replay from typed columns")
struct ReplayColumnsTests {
    /// Every event replayed from columns equals the event decoded from its body: the typed
    /// columns carry everything projections need.
    @Test func replayedEventsEqualTheirBodies() throws {
        let ledger = try TestLedger()
        let lines = SchemaExamples.valid.map(\.event.canonicalText)
            .filter { !$0.contains(#""type":"retract""#) && !$0.contains(#""type":"unmerge""#) }
        _ = try append(lines.reduce(into: [String]()) { unique, line in
            let id = line.split(separator: ",").first { $0.contains(#""id":"#) }
            if !unique.contains(where: { $0.split(separator: ",").first { $0.contains(#""id":"#) } == id }) { unique.append(line) }
        }, to: ledger.log)
        let decoder = EventDecoder(currency: "USD")
        // Replay's body must not use the log (its reader holds the connection): collect first.
        var replayed: [ReplayRecord] = []
        try ledger.log.replay { replayed.append($0) }
        for record in replayed {
            var fromBody: Event?
            try ledger.log.events(since: record.seq - 1, through: record.seq) { stored in
                fromBody = try decoder.decode(JSONParser.parse(stored.body)).event
            }
            #expect(record.event == fromBody)
        }
        #expect(replayed.count >= 30)
    }
}
