import Foundation
import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

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

    @Test func appendsInOrderWithAHashChainAndReadsBack() throws {
        let ledger = try TestLedger()
        let outcomes = try append(LedgerFixture.touches(3).lines, to: ledger.log)
        #expect(outcomes == [.appended(seq: 1), .appended(seq: 2), .appended(seq: 3)])
        let events = try ledger.events()
        #expect(events.map(\.seq) == [1, 2, 3])
        #expect(events.map(\.id) == ["t-1", "t-2", "t-3"])
        var previous = EventHash.genesis
        for event in events {
            let expected = Array(event.body.utf8).withUnsafeBytes {
                EventHash.link(previous: previous, seq: event.seq, recordedAt: event.recordedAt, body: $0)
            }
            #expect(event.hash == expected)
            previous = expected
        }
        #expect(try ledger.log.head()?.hash == previous)
    }

    @Test func skipsDuplicatesAndRefusesConflicts() throws {
        let ledger = try TestLedger()
        let line = #"{"id":"o-1","type":"opportunity","at":"2026-02-10T09:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"100.00","currency":"USD"}"#
        let sameContent = #"{"currency":"USD","amount":"100","id":"o-1","type":"opportunity","at":"2026-02-10T10:00:00+01:00","opportunity":"o-1","account":"a-1","stage":"created","v":1}"#
        #expect(try append([line], to: ledger.log) == [.appended(seq: 1)])
        #expect(try append([sameContent], to: ledger.log) == [.duplicate(seq: 1)])
        let changed = line.replacingOccurrences(of: "100.00", with: "100.01")
        #expect { try append(LedgerFixture.touches(2).lines + [changed], to: ledger.log) } throws: { error in
            guard case .conflict(let id, let seq, _, let newBody)? = error as? StoreError else { return false }
            return id == "o-1" && seq == 1 && newBody.contains("100.01")
        }
        // The conflicting batch rolled back whole: the touches before it are gone too.
        #expect(try ledger.log.count() == 1)
    }

    @Test func checksWhatRetractsAndUnmergesName() throws {
        let ledger = try TestLedger()
        let fixture = LedgerFixture().rules("r-1").touch("t-1", contact: "c-1").merge("m-1", from: "c-2", into: "c-1")
        _ = try append(fixture.lines, to: ledger.log)
        func refusal(_ lines: [String]) -> String? {
            do { _ = try append(lines, to: ledger.log); return nil } catch let error as StoreError {
                if case .invalidReference(let field, _, _) = error { return field }
                return "other"
            } catch { return "other" }
        }
        #expect(refusal(LedgerFixture().retract("x-1", event: "nope").lines) == "event")
        #expect(refusal(LedgerFixture().retract("x-2", event: "r-1").lines) == "event")
        #expect(refusal(LedgerFixture().unmerge("x-3", merge: "t-1").lines) == "merge")
        #expect(refusal(LedgerFixture().unmerge("x-4", merge: "m-9").lines) == "merge")
        // An earlier line of the same batch is a valid target.
        #expect(refusal(LedgerFixture().touch("t-2", contact: "c-1").retract("x-5", event: "t-2").retract("x-6", event: "x-5").lines) == nil)
        #expect(refusal(LedgerFixture().unmerge("x-7", merge: "m-1").lines) == nil)
        #expect(try ledger.log.count() == 7)
    }

    @Test func ledgerTimeNeverGoesBackAndBackfillsAreBounded() throws {
        let clock = ManualClock(january2026 + 86_400_000_000)
        let directory = TemporaryDirectory()
        let log = try EventLog.create(path: directory.file("l.sqlite"), currency: "USD", clock: clock)
        _ = try append(LedgerFixture.touches(1, prefix: "a").lines, to: log)
        clock.time = Timestamp(microseconds: january2026) // the clock steps back a day
        _ = try append(LedgerFixture.touches(1, prefix: "b").lines, to: log)
        let events = try { var all: [StoredEvent] = []; try log.events { all.append($0) }; return all }()
        #expect(events[1].recordedAt == events[0].recordedAt)

        let early = Timestamp(microseconds: january2026 - 1)
        #expect(throws: StoreError.self) { try append(LedgerFixture.touches(1, prefix: "c").lines, to: log, recordedAt: early) }
        clock.time = Timestamp(microseconds: january2026 + 10 * 86_400_000_000)
        let future = Timestamp(microseconds: january2026 + 11 * 86_400_000_000)
        #expect(throws: StoreError.self) { try append(LedgerFixture.touches(1, prefix: "d").lines, to: log, recordedAt: future) }
        let backfill = Timestamp(microseconds: january2026 + 2 * 86_400_000_000)
        _ = try append(LedgerFixture.touches(2, prefix: "e").lines, to: log, recordedAt: backfill)
        #expect(try log.head()?.recordedAt == backfill)
        #expect(try log.head(asOf: Timestamp(microseconds: january2026 + 86_400_000_000))?.seq == 2)
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
