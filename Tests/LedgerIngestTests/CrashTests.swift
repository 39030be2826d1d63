import Foundation
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// Durability and isolation with a real child process: SIGKILL in the middle of an ingest, and
/// a reader polling while a writer commits batches.
@Suite("Crashes and concurrent readers", .serialized)
struct CrashTests {
    static let batchSize = 500

    /// Unique touches, with an occasional retract of an earlier line so batches hold references.
    static func input(_ count: Int) -> [String] {
        (1...count).map { index in
            if index % 97 == 0 {
                return #"{"id":"x-\#(index)","type":"retract","at":"2026-02-01T00:00:00Z","event":"t-\#(index - 1)","reason":"test"}"#
            }
            return #"{"id":"t-\#(index)","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-\#(index % 1000)","utm":{"source":"google","medium":"cpc","campaign":"q1-\#(index % 7)"}}"#
        }
    }

    /// On either store: the server's transaction dies with its connection, so what the killed
    /// writer had not committed is gone, and its head lock with it.
    @Test(arguments: StoreBackend.allCases)
    func sigkillMidIngestLosesNoAcknowledgedBatchAndLeavesNoPartialOne(backend: StoreBackend) throws {
        let directory = TemporaryDirectory()
        let database = backend == .postgres ? try TestDatabase() : nil
        let db = database?.url ?? directory.file("l.sqlite")
        let environment = ["ROILEDGER_MIRRORS": directory.file("mirrors")]
        // The server appends a round trip per event: fewer lines still outlast the kill.
        let lines = Self.input(backend == .postgres ? 12_000 : 200_000)
        let input = directory.writeLines("big.jsonl", lines)
        _ = try RoiledgerProcess.run(["init", "--db", db], environment: environment)
        func open() throws -> any EventStore {
            backend == .postgres ? try PostgresLedger(url: db) : try EventLog(path: db)
        }

        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.executableURL = RoiledgerProcess.executable
        process.arguments = ["ingest", "--db", db, "--batch-size", String(Self.batchSize), input]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for a few acknowledgements, then kill without warning.
        var acknowledged = ""
        let handle = output.fileHandleForReading
        while acknowledged.components(separatedBy: "committed").count <= 4 {
            let data = handle.availableData
            if data.isEmpty { break }
            acknowledged += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let lastAcknowledgedLine = acknowledged.split(separator: "\n")
            .filter { $0.hasPrefix("committed") }
            .compactMap { line -> Int? in
                guard let range = line.range(of: "lines ") else { return nil }
                return Int(line[range.upperBound...].split(separator: ":")[0].split(separator: "-")[1])
            }.max() ?? 0
        #expect(lastAcknowledgedLine >= 4 * Self.batchSize)

        let log = try open()
        let count = try log.count()
        #expect(count >= Int64(lastAcknowledgedLine), "an acknowledged batch is missing")
        #expect(count % Int64(Self.batchSize) == 0, "a partial batch landed: \(count) events")
        #expect(count < Int64(lines.count), "the child finished before the kill; the test proved nothing")
        #expect(try log.verify(anchor: nil, progress: nil).isValid)

        let rerun = try RoiledgerProcess.run(["ingest", "--db", db, input], environment: environment)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(rerun.standardOutput.contains("\(Figures.grouped(Int(count))) duplicates"))
        #expect(try open().count() == Int64(lines.count))
        let again = try RoiledgerProcess.run(["ingest", "--db", db, input], environment: environment)
        #expect(again.standardOutput.contains(" 0 appended"))
    }

    @Test func aReaderDuringAnIngestSeesOnlyWholeBatches() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        let lines = Self.input(60_000)
        let input = directory.writeLines("big.jsonl", lines)
        _ = try RoiledgerProcess.run(["init", "--db", db])

        let process = Process()
        process.executableURL = RoiledgerProcess.executable
        process.arguments = ["ingest", "--db", db, "--batch-size", String(Self.batchSize), input]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = try EventLog(path: db, readOnly: true)
        var observed: Set<Int64> = []
        while process.isRunning {
            let count = try reader.count()
            observed.insert(count)
            #expect(count % Int64(Self.batchSize) == 0, "saw a partial batch: \(count)")
            usleep(2_000)
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try reader.count() == Int64(lines.count))
        #expect(observed.count >= 2, "the reader never saw the ingest in progress")
        #expect(try reader.verify().isValid)
    }
}

/// The CLI's number grouping, repeated here to read its output.
enum Figures {
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
