import Foundation
import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// The store's contract, run against the file and the server alike: whatever keeps the ledger,
/// seq is gapless, the chain is one chain, duplicates are skipped, conflicts and bad references
/// are refused whole, and ledger time never goes back.
@Suite("Store contract, on SQLite and on PostgreSQL")
struct StoreContractTests {
    static let backends = StoreBackend.allCases

    @Test(arguments: backends)
    func createsAnEmptyLedgerWithItsCurrencyAndRefusesASecond(backend: StoreBackend) throws {
        let ledger = try BackendLedger(backend, currency: "EUR")
        #expect(ledger.store.currency == "EUR")
        #expect(try ledger.store.head() == nil)
        #expect(try ledger.store.count() == 0)
        #expect(try ledger.store.formatVersion() >= 1)
        #expect(try ledger.store.schemaProblems() == [])
        let reopened = try ledger.reopen(readOnly: true)
        #expect(reopened.currency == "EUR")
        #expect(throws: StoreError.self) {
            switch backend {
            case .sqlite: _ = try EventLog.create(path: ledger.location, currency: "EUR")
            case .postgres: _ = try PostgresLedger.create(url: ledger.location, currency: "EUR")
            }
        }
    }

    @Test(arguments: backends)
    func appendsInOrderWithTheSameHashChainOnEitherStore(backend: StoreBackend) throws {
        let clock = FixedClock(Timestamp(microseconds: january2026))
        let ledger = try BackendLedger(backend, clock: clock)
        let outcomes = try append(LedgerFixture.touches(3).lines, to: ledger.store)
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
        #expect(try ledger.store.head()?.hash == previous)
        // The same events at the same ledger time give the same head on the other store.
        let other = try BackendLedger(backend == .sqlite ? .postgres : .sqlite, clock: clock)
        _ = try append(LedgerFixture.touches(3).lines, to: other.store)
        #expect(try other.store.head() == ledger.store.head())
    }

    @Test(arguments: backends)
    func skipsDuplicatesAndRefusesConflictsWhole(backend: StoreBackend) throws {
        let ledger = try BackendLedger(backend)
        let line = #"{"id":"o-1","type":"opportunity","at":"2026-02-10T09:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"100.00","currency":"USD"}"#
        let sameContent = #"{"currency":"USD","amount":"100","id":"o-1","type":"opportunity","at":"2026-02-10T10:00:00+01:00","opportunity":"o-1","account":"a-1","stage":"created","v":1}"#
        #expect(try append([line], to: ledger.store) == [.appended(seq: 1)])
        #expect(try append([sameContent], to: ledger.store) == [.duplicate(seq: 1)])
        let changed = line.replacingOccurrences(of: "100.00", with: "100.01")
        #expect { try append(LedgerFixture.touches(2).lines + [changed], to: ledger.store) } throws: { error in
            guard case .conflict(let id, let seq, _, let newBody)? = error as? StoreError else { return false }
            return id == "o-1" && seq == 1 && newBody.contains("100.01")
        }
        // The conflicting batch rolled back whole, and the next append takes the next seq.
        #expect(try ledger.store.count() == 1)
        #expect(try append(LedgerFixture.touches(1).lines, to: ledger.store) == [.appended(seq: 2)])
    }

    @Test(arguments: backends)
    func checksWhatRetractsAndUnmergesName(backend: StoreBackend) throws {
        let ledger = try BackendLedger(backend)
        _ = try append(LedgerFixture().rules("r-1").touch("t-1", contact: "c-1").merge("m-1", from: "c-2", into: "c-1").lines, to: ledger.store)
        func refusal(_ lines: [String]) -> String? {
            do { _ = try append(lines, to: ledger.store); return nil } catch let error as StoreError {
                if case .invalidReference(let field, _, _) = error { return field }
                return "other: \(error)"
            } catch { return "other: \(error)" }
        }
        #expect(refusal(LedgerFixture().retract("x-1", event: "nope").lines) == "event")
        #expect(refusal(LedgerFixture().retract("x-2", event: "r-1").lines) == "event")
        #expect(refusal(LedgerFixture().unmerge("x-3", merge: "t-1").lines) == "merge")
        #expect(refusal(LedgerFixture().unmerge("x-4", merge: "m-9").lines) == "merge")
        // A merge that would make a cycle is refused by the merge graph read from the store.
        #expect(refusal(LedgerFixture().merge("m-2", from: "c-1", into: "c-2").lines) != nil)
        #expect(refusal(LedgerFixture().touch("t-2", contact: "c-1").retract("x-5", event: "t-2").retract("x-6", event: "x-5").lines) == nil)
        #expect(refusal(LedgerFixture().unmerge("x-7", merge: "m-1").lines) == nil)
        #expect(try ledger.store.count() == 7)
    }

    @Test(arguments: backends)
    func ledgerTimeNeverGoesBackAndBackfillsAreBounded(backend: StoreBackend) throws {
        let clock = ManualClock(january2026 + 86_400_000_000)
        let ledger = try BackendLedger(backend, clock: clock)
        _ = try append(LedgerFixture.touches(1, prefix: "a").lines, to: ledger.store)
        clock.time = Timestamp(microseconds: january2026)   // the clock steps back a day
        _ = try append(LedgerFixture.touches(1, prefix: "b").lines, to: ledger.store)
        let events = try ledger.events()
        #expect(events[1].recordedAt == events[0].recordedAt)
        #expect(throws: StoreError.self) {
            try append(LedgerFixture.touches(1, prefix: "c").lines, to: ledger.store, recordedAt: Timestamp(microseconds: january2026 - 1))
        }
        clock.time = Timestamp(microseconds: january2026 + 10 * 86_400_000_000)
        #expect(throws: StoreError.self) {
            try append(LedgerFixture.touches(1, prefix: "d").lines, to: ledger.store, recordedAt: Timestamp(microseconds: january2026 + 11 * 86_400_000_000))
        }
        let backfill = Timestamp(microseconds: january2026 + 2 * 86_400_000_000)
        _ = try append(LedgerFixture.touches(2, prefix: "e").lines, to: ledger.store, recordedAt: backfill)
        #expect(try ledger.store.head()?.recordedAt == backfill)
        #expect(try ledger.store.head(asOf: Timestamp(microseconds: january2026 + 86_400_000_000))?.seq == 2)
        #expect(try ledger.store.head(seq: 3)?.recordedAt == backfill)
        #expect(try ledger.store.head(seq: 9) == nil)
    }

    @Test(arguments: backends)
    func aGroupOfAppendsLandsWholeOrNotAtAll(backend: StoreBackend) throws {
        let ledger = try BackendLedger(backend)
        struct Refused: Error {}
        let lines = LedgerFixture.touches(4).lines
        try ledger.store.append(recordedAt: nil) { appender in
            _ = try appendOne(lines[0], to: appender)
            #expect(throws: Refused.self) {
                try appender.atomically {
                    _ = try appendOne(lines[1], to: appender)
                    _ = try appendOne(lines[2], to: appender)
                    throw Refused()
                }
            }
            _ = try appender.atomically { try appendOne(lines[3], to: appender) }
            #expect(appender.appendedCount == 2)
        }
        #expect(try ledger.events().map(\.id) == ["t-1", "t-4"])
        #expect(try ledger.events().map(\.seq) == [1, 2])
    }

    @Test(arguments: backends)
    func importProvenanceAndRevisionsByKey(backend: StoreBackend) throws {
        let ledger = try BackendLedger(backend)
        let lines = [
            #"{"id":"crm:c-1@aa","type":"contact","at":"2026-01-05T10:00:00Z","contact":"c-1","email":"a@example.com"}"#,
            #"{"id":"crm:c-1@bb","type":"contact","at":"2026-01-06T10:00:00Z","contact":"c-1","email":"b@example.com"}"#,
            #"{"id":"crm:c-10@cc","type":"contact","at":"2026-01-06T10:00:00Z","contact":"c-10"}"#,
        ]
        let record = ImportFileRecord(fileName: "contacts.csv", fileSHA256: String(repeating: "a", count: 64), fileBytes: 120,
                                      mapping: "hubspot-contacts", mappingVersion: 1, mappingSHA256: String(repeating: "b", count: 64))
        let file: Int64 = try ledger.store.append(recordedAt: nil) { appender in
            let file = try appender.recordImportFile(record)
            for (offset, line) in lines.enumerated() {
                let outcome = try appendOne(line, to: appender)
                if case .appended(let seq) = outcome { try appender.recordLine(seq: seq, importFile: file, line: offset + 2) }
            }
            _ = try appendOne(#"{"id":"x-1","type":"retract","at":"2026-01-07T00:00:00Z","event":"crm:c-1@aa"}"#, to: appender)
            return file
        }
        #expect(file == 1)
        let revisions: [StoredRevision] = try ledger.store.append(recordedAt: nil) { appender in try appender.revisions(ofKey: "crm:c-1") }
        #expect(revisions.map(\.id) == ["crm:c-1@aa", "crm:c-1@bb"])
        #expect(revisions.map(\.isRetracted) == [true, false])
    }

    @Test(arguments: backends)
    func oneStoreCopiesToTheOtherAndBackIdentically(backend: StoreBackend) throws {
        let source = try BackendLedger(backend)
        _ = try append(LedgerFixture().rules("r-1").touch("t-1", contact: "c-1").merge("m-1", from: "c-2", into: "c-1")
            .opportunity("o-1").spend("s-1").lines, to: source.store)
        _ = try append(LedgerFixture.touches(3, prefix: "u").lines, to: source.store)
        let middle = try BackendLedger(backend == .sqlite ? .postgres : .sqlite)
        let first = try LedgerMirror.copy(from: source.store, to: middle.store, sourceName: "source", destinationName: "copy")
        #expect(first.copied == 8)
        #expect(try LedgerMirror.copy(from: source.store, to: middle.store, sourceName: "source", destinationName: "copy").copied == 0)
        let back = try BackendLedger(backend)
        _ = try LedgerMirror.copy(from: middle.store, to: back.store, sourceName: "copy", destinationName: "back")
        let original = try source.events()
        for copy in [try middle.events(), try back.events()] {
            #expect(copy.map(\.seq) == original.map(\.seq))
            #expect(copy.map(\.recordedAt) == original.map(\.recordedAt))
            #expect(copy.map(\.body) == original.map(\.body))
            #expect(copy.map(\.hash) == original.map(\.hash))
        }
        // Only the new tail goes the next time.
        _ = try append(LedgerFixture.touches(2, prefix: "n").lines, to: source.store)
        #expect(try LedgerMirror.copy(from: source.store, to: middle.store, sourceName: "source", destinationName: "copy").copied == 2)
    }

    @Test(arguments: backends)
    func divergedHistoriesAreRefusedAtTheFirstDifferingSeq(backend: StoreBackend) throws {
        let clock = FixedClock(Timestamp(microseconds: january2026))
        let source = try BackendLedger(backend, clock: clock)
        let copy = try BackendLedger(backend == .sqlite ? .postgres : .sqlite, clock: clock)
        _ = try append(LedgerFixture.touches(5).lines, to: source.store)
        _ = try append(LedgerFixture.touches(3).lines, to: copy.store)
        _ = try append(LedgerFixture.touches(2, prefix: "other").lines, to: copy.store)
        #expect(throws: StoreError.diverged(seq: 4, detail: "copy and source hold different events there; neither is a copy of the other, so nothing was copied")) {
            try LedgerMirror.copy(from: source.store, to: copy.store, sourceName: "source", destinationName: "copy")
        }
        #expect(try copy.store.count() == 5)
        // A destination ahead of its source is refused too, and says so.
        let ahead = try BackendLedger(backend == .sqlite ? .postgres : .sqlite, clock: clock)
        _ = try append(LedgerFixture.touches(7).lines, to: ahead.store)
        #expect { try LedgerMirror.copy(from: source.store, to: ahead.store, sourceName: "source", destinationName: "copy") } throws: { error in
            guard case .diverged(let seq, let detail)? = error as? StoreError else { return false }
            return seq == 6 && detail.contains("2 event(s) that source lacks")
        }
    }
}

/// Appends one JSON line through an open appender.
func appendOne(_ line: String, to appender: EventAppender) throws -> AppendOutcome {
    let decoded = try EventDecoder(currency: "USD").decode(try JSONParser.parse(line))
    var writer = CanonicalJSONWriter()
    writer.write(.object(decoded.canonicalBody))
    return try writer.bytes.withUnsafeBytes { try appender.append(decoded.event, canonicalBody: $0) }
}
