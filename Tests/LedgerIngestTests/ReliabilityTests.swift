import Foundation
import LedgerCore
import LedgerIngest
@testable import LedgerStore
import Testing
import TestSupport

/// What the ledger promises under faults, with the real executable on real files: errors on the
/// appending side while prepared runs are queued, writers that queue for the lock, raw
/// connections that try to slip past the guards, damaged files and odd numbers.
@Suite("Reliability", .serialized)
struct ReliabilityTests {
    /// Distinct touches; line `at` (1-based) replaced by `bad`.
    static func input(_ count: Int, replacing at: Int? = nil, with bad: String = "") -> [String] {
        (1...count).map { index in
            if index == at { return bad }
            return #"{"id":"t-\#(index)","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-\#(index % 1000)","channel":"email"}"#
        }
    }

    static func count(_ db: String) throws -> Int64 {
        try EventLog(path: db, readOnly: true).count()
    }

    // MARK: 1. Append-side failures with runs queued

    /// An error the store raises (not the line's parser) stops ingest at that line, with every
    /// prepared run behind it queued: exit 1 naming the line, nothing of the failing batch kept,
    /// no crash. Line 50,000 of 100,000, with and without batches of 5,000.
    @Test(arguments: [
        #"{"id":"x-1","type":"retract","at":"2026-02-01T00:00:00Z","event":"never-seen","reason":"test"}"#,
        #"{"id":"t-10","type":"touch","at":"2026-01-06T10:00:00Z","contact":"c-10","channel":"email"}"#,
        #"{"id":"u-1","type":"unmerge","at":"2026-02-01T00:00:00Z","merge":"t-7"}"#,
    ])
    func anAppendSideErrorWithRunsQueuedExitsOneNamingTheLine(bad: String) throws {
        let directory = TemporaryDirectory()
        let input = directory.writeLines("big.jsonl", Self.input(100_000, replacing: 50_000, with: bad))
        for batch in [nil, 5_000] as [Int?] {
            let db = directory.file("l-\(batch ?? 0).sqlite")
            #expect(try RoiledgerProcess.run(["init", "--db", db]).status == 0)
            let result = try RoiledgerProcess.run(["ingest", "--db", db, input] + (batch.map { ["--batch-size", String($0)] } ?? []))
            #expect(result.status == 1, "\(result.standardError)")
            #expect(result.standardError.contains("big.jsonl:50000"), "\(result.standardError)")
            #expect(!result.standardError.contains("Fatal") && !result.standardError.contains("Crash"))
            // Whole input in one transaction: nothing; batches: the nine before line 45,001.
            #expect(try Self.count(db) == (batch == nil ? 0 : 45_000))
            #expect(try EventLog(path: db, readOnly: true).verify().isValid)
        }
    }

    // MARK: 2. Writers queue for the lock

    /// Four ingests of different files and a correction, all at once on one ledger: every one
    /// waits its turn and lands exactly once; the chain verifies.
    @Test func fourConcurrentIngestsAndACorrectionAllLandOnce() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        #expect(try RoiledgerProcess.run(["init", "--db", db]).status == 0)
        let seed = directory.writeLines("seed.jsonl", [#"{"id":"seed","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-0","channel":"email"}"#])
        #expect(try RoiledgerProcess.run(["ingest", "--db", db, seed]).status == 0)
        var arguments: [[String]] = (1...4).map { writer in
            let lines = (1...3_000).map { index in
                #"{"id":"w\#(writer)-\#(index)","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-\#(index % 50)","channel":"email"}"#
            }
            return ["ingest", "--db", db, "--batch-size", "250", directory.writeLines("w\(writer).jsonl", lines)]
        }
        arguments.append(["retract", "--db", db, "seed", "--reason", "test"])
        let results = LockedResults()
        let commands = arguments
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            results.set(index, try? RoiledgerProcess.run(commands[index]))
        }
        for index in arguments.indices {
            let result = results.get(index)
            #expect(result?.status == 0, "\(arguments[index]): \(result?.standardError ?? "did not run")")
        }
        let log = try EventLog(path: db, readOnly: true)
        #expect(try log.count() == 1 + 4 * 3_000 + 1)
        #expect(try log.verify().isValid)
    }

    /// `--wait 0` gives up at once while another process holds the write lock, saying so; a
    /// longer wait outlasts a lock released meanwhile.
    @Test func aWriterGivesUpOnlyWhenItsWaitRunsOut() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        #expect(try RoiledgerProcess.run(["init", "--db", db]).status == 0)
        let input = directory.writeLines("in.jsonl", Self.input(10))
        let holder = try Connection(path: db, hardening: .none)
        try holder.execute("BEGIN IMMEDIATE")
        let refused = try RoiledgerProcess.run(["ingest", "--db", db, "--wait", "0", input])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("being written by another process"), "\(refused.standardError)")
        #expect(try Self.count(db) == 0)
        // The waiting writer runs in the background while this thread keeps the lock a second.
        let results = LockedResults()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            results.set(0, try? RoiledgerProcess.run(["ingest", "--db", db, "--wait", "60", input]))
            done.signal()
        }
        sleep(1)
        #expect(results.get(0) == nil)
        try holder.execute("COMMIT")
        done.wait()
        #expect(results.get(0)?.status == 0, "\(results.get(0)?.standardError ?? "did not run")")
        #expect(try Self.count(db) == 10)
    }

    // MARK: 3. Guards no connection slips past

    static func populated() throws -> TestLedger {
        let ledger = try TestLedger()
        try ledger.ingest(Self.input(5))
        return ledger
    }

    @Test func insertOrReplaceFromABareConnectionIsRefused() throws {
        let ledger = try Self.populated()
        let raw = try Connection(path: ledger.path, hardening: .none)
        let before = try ledger.events().map(\.body)
        #expect(throws: StoreError.self) {
            try raw.execute("INSERT OR REPLACE INTO events (seq, id, type, v, at, recorded_at, body, hash) SELECT 6, id, type, v, at, recorded_at, body, hash FROM events WHERE seq = 2")
        }
        #expect(throws: StoreError.self) { try raw.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('currency', 'EUR')") }
        #expect(throws: StoreError.self) { try raw.execute("INSERT OR REPLACE INTO migrations (version, name, applied_at) VALUES (1, 'x', 0)") }
        #expect(try ledger.events().map(\.body) == before)
        #expect(try EventLog(path: ledger.path, readOnly: true).currency == "USD")
        #expect(try EventLog(path: ledger.path).verify().isValid)
    }

    @Test(arguments: [
        ("DROP TRIGGER events_no_update", "trigger events_no_update is missing"),
        ("DROP TRIGGER events_id_taken", "trigger events_id_taken is missing"),
        ("ALTER TABLE events ADD COLUMN note TEXT", "table events has been altered"),
        ("CREATE TABLE shadow (x)", "table shadow is not part of the ledger's schema"),
        ("PRAGMA writable_schema = ON; DELETE FROM sqlite_schema WHERE type = 'trigger'; PRAGMA writable_schema = OFF",
         "trigger events_append_in_order is missing"),
    ])
    func aLedgerWithoutItsGuardsIsNotWrittenAndVerifyFails(sql: String, problem: String) throws {
        let ledger = try Self.populated()
        let raw = try Connection(path: ledger.path, hardening: .none)
        try raw.execute(sql)
        #expect { try EventLog(path: ledger.path) } throws: { error in
            guard case .guardsAltered(_, let problems)? = error as? StoreError else { return false }
            return problems.contains(problem)
        }
        let verify = try RoiledgerProcess.run(["verify", "--db", ledger.path])
        #expect(verify.status == 2)
        #expect(verify.standardOutput.contains("FAILED: guard \(problem)"), "\(verify.standardOutput)")
        let input = ledger.directory.writeLines("more.jsonl", [#"{"id":"late","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1"}"#])
        let ingest = try RoiledgerProcess.run(["ingest", "--db", ledger.path, input])
        #expect(ingest.status == 2 && ingest.standardError.contains("will not write"), "\(ingest.standardError)")
        #expect(try Self.count(ledger.path) == 5)
    }

    // MARK: 4. Damaged files and read-only media

    @Test func aTruncatedOrEmptiedLedgerIsNamedDamagedWithExitTwo() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        #expect(try RoiledgerProcess.run(["init", "--db", db]).status == 0)
        #expect(try RoiledgerProcess.run(["ingest", "--db", db, directory.writeLines("in.jsonl", Self.input(20_000))]).status == 0)
        let size = try #require(EventLog.fileSize(db))
        #expect(truncate(db, off_t(size / 2)) == 0)
        let truncated = try RoiledgerProcess.run(["verify", "--db", db])
        #expect(truncated.status == 2)
        #expect(truncated.standardError.contains("damaged or truncated"), "\(truncated.standardError)")
        #expect(truncate(db, 0) == 0)
        let emptied = try RoiledgerProcess.run(["verify", "--db", db])
        #expect(emptied.status == 2)
        #expect(emptied.standardError.contains("damaged or truncated (the file is empty)"), "\(emptied.standardError)")
        let notALedger = directory.write("notes.txt", "hello\n")
        let other = try RoiledgerProcess.run(["head", "--db", notALedger])
        #expect(other.status == 2 && other.standardError.contains("is not a roiledger ledger"), "\(other.standardError)")
    }

    /// An auditor's copy on read-only media: every read-only command works (and says how it
    /// read the file); ingest says the ledger is read-only.
    @Test(.enabled(if: ScratchFileSystem.isAvailable, "needs a tmpfs of its own: root, as in CI"))
    func everyReadCommandWorksOnReadOnlyMedia() throws {
        let media = try #require(try ScratchFileSystem(megabytes: 16))
        let db = media.path + "/l.sqlite"
        let sample = TemporaryDirectory()
        #expect(try RoiledgerProcess.run(["init", "--db", db]).status == 0)
        #expect(try RoiledgerProcess.run(["ingest", "--db", db, sample.writeLines("in.jsonl", Self.input(300))]).status == 0)
        try media.remount(readOnly: true)
        for command in [["head"], ["verify"], ["log", "--limit", "3"], ["report", "--from", "2026-01-01", "--to", "2026-03-31"]] {
            let result = try RoiledgerProcess.run(command + ["--db", db])
            #expect(result.status == 0, "\(command): \(result.standardError)")
            #expect(result.standardError.contains("read-only media"), "\(command): \(result.standardError)")
        }
        let ingest = try RoiledgerProcess.run(["ingest", "--db", db, sample.writeLines("more.jsonl", Self.input(3))])
        #expect(ingest.status == 1)
        #expect(ingest.standardError.contains("is read-only here"), "\(ingest.standardError)")
        #expect(!ingest.standardError.contains("more.jsonl:1"))
    }

    /// A full disk: `init` leaves no file behind; an ingest that fills the disk fails cleanly,
    /// and once there is room again the ledger verifies and takes a later ingest.
    @Test(.enabled(if: ScratchFileSystem.isAvailable, "needs a tmpfs of its own: root, as in CI"))
    func aFullDiskLeavesAVerifiableLedgerThatAcceptsALaterIngest() throws {
        let media = try #require(try ScratchFileSystem(megabytes: 2))
        let inputs = TemporaryDirectory()
        // Nearly full: init cannot even write its schema, and must leave nothing.
        let filler = media.path + "/filler"
        _ = try? Data(repeating: 7, count: 2 * 1024 * 1024).write(to: URL(fileURLWithPath: filler))
        let blocked = media.path + "/blocked.sqlite"
        #expect(try RoiledgerProcess.run(["init", "--db", blocked]).status != 0)
        #expect(EventLog.fileSize(blocked) == nil && EventLog.fileSize(blocked + "-wal") == nil)
        unlink(filler)

        let db = media.path + "/l.sqlite"
        #expect(try RoiledgerProcess.run(["init", "--db", db]).status == 0)
        let big = inputs.writeLines("big.jsonl", Self.input(40_000))
        let full = try RoiledgerProcess.run(["ingest", "--db", db, "--batch-size", "1000", big])
        #expect(full.status == 1, "\(full.standardError)")
        #expect(!full.standardError.contains("Fatal"))
        let landed = try Self.count(db)
        #expect(landed < 40_000 && landed % 1_000 == 0)
        try media.resize(megabytes: 64)
        #expect(try RoiledgerProcess.run(["verify", "--db", db]).status == 0)
        let again = try RoiledgerProcess.run(["ingest", "--db", db, "--batch-size", "1000", big])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try Self.count(db) == 40_000)
        #expect(try RoiledgerProcess.run(["verify", "--db", db]).status == 0)
    }

    // MARK: Numbers keep their value or are refused

    @Test func aNumberWhoseExponentCannotBeKeptIsRefusedWithItsColumn() throws {
        let ledger = try TestLedger()
        let line = #"{"id":"c1","type":"contact","at":"2026-01-05T10:00:00Z","contact":"c1","attributes":{"score":1E+999999999999}}"#
        #expect { try ledger.ingest([line], name: "n.jsonl") } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.line == 1 && "\(error)".contains("exponent")
        }
        try ledger.ingest([#"{"id":"c2","type":"contact","at":"2026-01-05T10:00:00Z","contact":"c2","attributes":{"score":1e999999,"tiny":-25E-999999}}"#])
        let body = try #require(try ledger.events().first?.body)
        #expect(body.contains(#""score":1e999999"#) && body.contains(#""tiny":-25e-999999"#), "\(body)")
    }
}

/// Results written by concurrent threads, read afterwards.
final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: RoiledgerProcess.Result] = [:]

    func set(_ index: Int, _ result: RoiledgerProcess.Result?) {
        lock.lock(); results[index] = result; lock.unlock()
    }

    func get(_ index: Int) -> RoiledgerProcess.Result? {
        lock.lock(); defer { lock.unlock() }; return results[index]
    }
}

/// A small tmpfs of the test's own, to fill up or make read-only; nil where mounting is not
/// allowed (not root). Unmounted when released.
final class ScratchFileSystem {
    let path: String
    private let folder = TemporaryDirectory()

    /// Whether this machine lets the tests mount one (root, and a kernel that allows it).
    static let isAvailable: Bool = (try? ScratchFileSystem(megabytes: 1)) != nil

    init?(megabytes: Int) throws {
        path = folder.file("mnt")
        mkdir(path, 0o755)
        guard geteuid() == 0, Self.run(["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path]) else { return nil }
    }

    func remount(readOnly: Bool) throws {
        #expect(Self.run(["mount", "-o", "remount,\(readOnly ? "ro" : "rw")", path]))
    }

    func resize(megabytes: Int) throws {
        #expect(Self.run(["mount", "-o", "remount,size=\(megabytes)m", path]))
    }

    deinit {
        _ = Self.run(["umount", "-l", path])
    }

    static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
