import Foundation
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// A small fold whose state depends on every event (order included), so a wrong resume shows.
struct Tally: CheckpointableFold, Equatable {
    static let checkpointProjection = "tally"
    static let checkpointCodeVersion = 1

    var headSeq: Int64 = 0
    var ids: [String] = []
    var touchesPerContact: [String: Int] = [:]
    /// A running hash of the ids in order: any event skipped, repeated or reordered changes it.
    var orderHash: UInt64 = 14_695_981_039_346_656_037

    init() {}

    mutating func apply(_ record: ReplayRecord) {
        headSeq = record.seq
        ids.append(record.event.id)
        for byte in record.event.id.utf8 { orderHash = (orderHash ^ UInt64(byte)) &* 1_099_511_628_211 }
        if case .touch(let touch) = record.event.payload { touchesPerContact[touch.contact, default: 0] += 1 }
    }

    func encodeCheckpoint(into encoder: inout CheckpointEncoder) {
        encoder.write(headSeq)
        encoder.write(orderHash)
        encoder.write(ids.count)
        for id in ids { encoder.writeUnique(id) }
        encoder.write(touchesPerContact.count)
        for (contact, count) in touchesPerContact {
            encoder.write(contact)
            encoder.write(count)
        }
    }

    init(checkpoint decoder: inout CheckpointDecoder) throws(CheckpointError) {
        headSeq = try decoder.readInt64()
        orderHash = try decoder.readUInt64()
        for _ in 0..<(try decoder.readCount()) { ids.append(try decoder.readUnique()) }
        for _ in 0..<(try decoder.readCount()) {
            let contact = try decoder.readString()
            touchesPerContact[contact] = try decoder.readInt()
        }
    }
}

@Suite("Checkpoints")
struct CheckpointTests {
    static let key = CheckpointKey(Tally.self, program: "test 1", rulesHash: "rules-a")
    static let everyFold = CheckpointPolicy(interval: 1, keep: 3)

    static func lines(_ range: ClosedRange<Int>, contacts: Int = 7) -> [String] {
        range.map { index in
            index % 5 == 0
                ? #"{"id":"s-\#(index)","type":"stage","at":"2026-01-05T10:00:00Z","contact":"c-\#(index % contacts)","stage":"lead"}"#
                : #"{"id":"t-\#(index)","type":"touch","at":"2026-01-0\#(index % 9 + 1)T10:00:00Z","contact":"c-\#(index % contacts)","channel":"email"}"#
        }
    }

    static func fresh(_ ledger: TestLedger, through seq: Int64) throws -> Tally {
        try ledger.log.fold(Tally.self, key: key, through: [seq], policy: .off).states[0]
    }

    @Test func aFoldResumesFromItsCheckpointAndEqualsAFoldFromTheStart() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines(1...40))
        let first = try ledger.log.fold(Tally.self, key: Self.key, through: [40], policy: Self.everyFold)
        #expect(first.resumedFrom == nil)
        #expect(first.savedAt == 40)
        #expect(first.foldedEvents == 40)

        try ledger.ingest(Self.lines(41...65), name: "more.jsonl")
        let second = try ledger.log.fold(Tally.self, key: Self.key, through: [65], policy: Self.everyFold)
        #expect(second.resumedFrom == 40)
        #expect(second.foldedEvents == 25)
        #expect(second.skipped.isEmpty)
        #expect(second.states[0] == (try Self.fresh(ledger, through: 65)))

        // An as-of point between two checkpoints resumes from the one before it.
        let between = try ledger.log.fold(Tally.self, key: Self.key, through: [50], policy: Self.everyFold)
        #expect(between.resumedFrom == 40)
        #expect(between.states[0] == (try Self.fresh(ledger, through: 50)))
        // One pass serves several points; it resumes from a checkpoint at or before the lowest.
        let several = try ledger.log.fold(Tally.self, key: Self.key, through: [45, 65, 0], policy: Self.everyFold)
        #expect(several.resumedFrom == 40)
        #expect(several.states == [try Self.fresh(ledger, through: 45), try Self.fresh(ledger, through: 65), Tally()])
    }

    @Test func deletingTheCheckpointsChangesNothingButTheWork() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines(1...30))
        let cached = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: Self.everyFold)
        #expect(ledger.log.checkpoints.entries().count == 1)
        #expect(ledger.log.checkpoints.removeAll() == 1)
        #expect(ledger.log.checkpoints.entries().isEmpty)
        let again = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: Self.everyFold)
        #expect(again.resumedFrom == nil)
        #expect(again.states == cached.states)
    }

    @Test func anotherRuleSetOrCodeVersionOrProgramNeverReusesIt() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines(1...30))
        _ = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: Self.everyFold)
        let others = [
            CheckpointKey(Tally.self, program: "test 1", rulesHash: "rules-b"),
            CheckpointKey(Tally.self, program: "test 2", rulesHash: "rules-a"),
            CheckpointKey(projection: "tally", codeVersion: "tally/2 test 1", rulesHash: "rules-a"),
        ]
        for key in others {
            let folded = try ledger.log.fold(Tally.self, key: key, through: [30], policy: CheckpointPolicy(interval: 1_000))
            #expect(folded.resumedFrom == nil, "\(key)")
            #expect(folded.skipped.isEmpty)
        }
        // A file renamed to another key's name is refused by its header.
        let entry = try #require(ledger.log.checkpoints.entries().first)
        let otherKey = others[0]
        let forged = ledger.log.checkpoints.folder + "/" + entry.path.split(separator: "/").last!
            .replacingOccurrences(of: entry.keyTag, with: CheckpointStore.tag(otherKey))
        try FileManager.default.copyItem(atPath: entry.path, toPath: forged)
        let refused = try ledger.log.fold(Tally.self, key: otherKey, through: [30], policy: CheckpointPolicy(interval: 1_000))
        #expect(refused.resumedFrom == nil)
        #expect(refused.skipped.count == 1)
    }

    @Test func aLedgerRebuiltAtTheSamePathDoesNotResumeAnotherLedgersState() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("ledger.sqlite")
        do {
            let log = try EventLog.create(path: path, currency: "USD")
            _ = try log.appendLines(Self.lines(1...30))
            _ = try log.fold(Tally.self, key: Self.key, through: [30], policy: Self.everyFold)
        }
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let log = try EventLog.create(path: path, currency: "USD")
        _ = try log.appendLines(Self.lines(1...30, contacts: 3))
        let folded = try log.fold(Tally.self, key: Self.key, through: [30], policy: Self.everyFold)
        #expect(folded.resumedFrom == nil)
        #expect(folded.skipped.count == 1)
        #expect(folded.skipped[0].contains("other events at seq 30"))
        #expect(folded.states[0] == (try log.fold(Tally.self, key: Self.key, through: [30], policy: .off).states[0]))
    }

    @Test(arguments: ["flip", "truncate", "garbage", "empty"])
    func aDamagedCheckpointIsSkippedAndTheLogReplayed(damage: String) throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines(1...30))
        _ = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: Self.everyFold)
        let entry = try #require(ledger.log.checkpoints.entries().first)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry.path)))
        switch damage {
        case "flip": bytes[bytes.count - 3] ^= 0x40
        case "truncate": bytes.removeLast(5)
        case "garbage": bytes = Array("not a checkpoint at all".utf8)
        default: bytes = []
        }
        try Data(bytes).write(to: URL(fileURLWithPath: entry.path))
        let folded = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: CheckpointPolicy(interval: 1_000))
        #expect(folded.resumedFrom == nil)
        #expect(folded.skipped.count == 1)
        #expect(folded.states[0] == (try Self.fresh(ledger, through: 30)))
    }

    @Test func savingKeepsTheNewestFewAndIgnoresATornTemporaryFile() throws {
        let ledger = try TestLedger()
        for batch in 0..<5 {
            try ledger.ingest(Self.lines((batch * 10 + 1)...(batch * 10 + 10)), name: "b\(batch).jsonl")
            _ = try ledger.log.fold(Tally.self, key: Self.key, through: [Int64(batch * 10 + 10)], policy: CheckpointPolicy(interval: 1, keep: 2))
        }
        #expect(ledger.log.checkpoints.entries().map(\.seq) == [50, 40])
        // A crash mid-save leaves a temporary file; it is never read, and clearing removes it.
        let torn = ledger.log.checkpoints.folder + "/tally-0000000000000000-60.ckpt.tmp-1"
        _ = FileManager.default.createFile(atPath: torn, contents: Data([1, 2, 3]))
        #expect(ledger.log.checkpoints.entries().count == 2)
        #expect(ledger.log.checkpoints.removeAll() == 2)
        #expect(!FileManager.default.fileExists(atPath: torn))
    }

    /// A checkpoint another code version wrote can never be read again: saving drops it. One
    /// of another rule set (same code) or another projection still serves, and stays.
    @Test func savingDropsTheProjectionsCheckpointsOfOtherCodeVersions() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines(1...30))
        let older = CheckpointKey(projection: Self.key.projection, codeVersion: "tally/0 test 0", rulesHash: Self.key.rulesHash)
        let otherRules = CheckpointKey(projection: Self.key.projection, codeVersion: Self.key.codeVersion, rulesHash: "rules-b")
        let otherProjection = CheckpointKey(projection: "other", codeVersion: "other/0 test 0", rulesHash: "")
        // The older version's file is put back after the others are saved (each save drops it).
        _ = try ledger.log.fold(Tally.self, key: older, through: [20], policy: Self.everyFold)
        let olderPath = try #require(ledger.log.checkpoints.entries().first).path
        let olderBytes = try Data(contentsOf: URL(fileURLWithPath: olderPath))
        for key in [otherRules, otherProjection] {
            _ = try ledger.log.fold(Tally.self, key: key, through: [20], policy: Self.everyFold)
        }
        #expect(!FileManager.default.fileExists(atPath: olderPath))
        try olderBytes.write(to: URL(fileURLWithPath: olderPath))
        #expect(ledger.log.checkpoints.entries().count == 3)
        _ = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: Self.everyFold)
        let left = Set(ledger.log.checkpoints.entries().map(\.keyTag))
        #expect(left == Set([Self.key, otherRules, otherProjection].map(CheckpointStore.tag)))
        // The older version's file is gone from the folder, not merely unlisted.
        let names = try FileManager.default.contentsOfDirectory(atPath: ledger.log.checkpoints.folder)
        #expect(!names.contains { $0.contains(CheckpointStore.tag(older)) })
    }

    @Test func policyOffReadsAndWritesNothing() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines(1...30))
        _ = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: .off)
        #expect(ledger.log.checkpoints.entries().isEmpty)
        _ = try ledger.log.fold(Tally.self, key: Self.key, through: [20], policy: Self.everyFold)
        let off = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: .off)
        #expect(off.resumedFrom == nil)
        #expect(off.foldedEvents == 30)
    }

    @Test func aShortFoldPastACheckpointDoesNotSaveAnother() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines(1...30))
        _ = try ledger.log.fold(Tally.self, key: Self.key, through: [30], policy: CheckpointPolicy(interval: 20))
        try ledger.ingest(Self.lines(31...40), name: "more.jsonl")
        let short = try ledger.log.fold(Tally.self, key: Self.key, through: [40], policy: CheckpointPolicy(interval: 20))
        #expect(short.resumedFrom == 30)
        #expect(short.savedAt == nil)
        #expect(ledger.log.checkpoints.entries().map(\.seq) == [30])
    }
}

private extension EventLog {
    func appendLines(_ lines: [String]) throws -> [AppendOutcome] {
        try LedgerStoreTests.append(lines, to: self)
    }
}
