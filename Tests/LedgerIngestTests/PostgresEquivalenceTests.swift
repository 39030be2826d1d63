import Foundation
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// The same ledger on a server gives the same bytes as in a file: the sample, pushed to a
/// PostgreSQL ledger with its seq, recorded_at and hashes, matches every golden report; the
/// demo's story of writes (a close, a late touch, a merge, a retraction, two rule-set versions)
/// runs against the server and matches its snapshots too; and the auditor's pulled copy gives the
/// same answer to every read command as the server.
@Suite("PostgreSQL gives the file's bytes", .serialized)
struct PostgresEquivalenceTests {
    /// The sample ledger as `SnapshotTests` loads it, pushed to a fresh server database.
    static func serverSample() throws -> (file: TestLedger, database: TestDatabase, environment: [String: String]) {
        let file = try SnapshotTests.sampleLedger()
        let database = try TestDatabase()
        let environment = ["ROILEDGER_MIRRORS": file.directory.file("mirrors")]
        let created = try RoiledgerProcess.run(["init", "--db", database.url], environment: environment)
        #expect(created.status == 0, "\(created.standardError)")
        let pushed = try RoiledgerProcess.run(["push", "--db", file.path, "--to", database.url], environment: environment)
        #expect(pushed.status == 0, "\(pushed.standardError)")
        #expect(pushed.standardOutput.contains("copied 4,000 events"))
        return (file, database, environment)
    }

    @Test func everyGoldenReportAndTheDemoStoryMatchOnTheServer() throws {
        let (file, database, environment) = try Self.serverSample()
        for (name, arguments) in SnapshotTests.cases {
            let resolved = arguments.map { $0.hasPrefix("snapshots/") ? SnapshotTests.folder.appendingPathComponent(String($0.dropFirst(10))).path : $0 }
            let result = try RoiledgerProcess.run(resolved + ["--db", database.url], environment: environment)
            #expect(result.status == 0, "\(name): \(result.standardError)")
            try SnapshotTests.match(result.standardOutput, snapshot: name)
        }
        // Writes through the server, then reports, comparisons, the restatement and the audit.
        try SnapshotTests.runDemoStory(db: database.url, directory: file.directory, environment: environment)
    }

    @Test func thePulledCopyAnswersEveryReadCommandAsTheServerDoes() throws {
        let (file, database, environment) = try Self.serverSample()
        // A close written on the server; the auditor pulls a single-file copy.
        let close = try RoiledgerProcess.run(["close", "2026-Q1", "--at", "2026-04-01T00:00:00Z", "--recorded-at", "2026-09-22T00:00:00Z",
                                              "--actor", "finance", "--db", database.url], environment: environment)
        #expect(close.status == 0, "\(close.standardError)")
        let copy = file.directory.file("auditor.sqlite")
        let pulled = try RoiledgerProcess.run(["pull", "--db", copy, "--from", database.url], environment: environment)
        #expect(pulled.status == 0, "\(pulled.standardError)")
        #expect(pulled.standardOutput.contains("copied 4,001 events"))
        let again = try RoiledgerProcess.run(["pull", "--db", copy, "--from", database.url], environment: environment)
        #expect(again.standardOutput.contains("is up to date"))
        let q1 = ["--from", "2026-01-01", "--to", "2026-03-31"]
        let commands: [[String]] = [
            ["head", "--format", "json"],
            ["log", "--since", "3990", "--format", "json"],
            ["report", "--view", "all", "--model", "w_shaped,markov,shapley", "--format", "json"] + q1,
            ["report", "--closed", "2026-Q1", "--format", "csv"],
            ["report", "--restatement", "2026-Q1"],
            ["compare", "--model", "linear", "--model", "markov", "--view", "attribution", "--format", "json"] + q1,
            ["explain", "opportunity", "op-1", "--model", "w_shaped"],
            ["deals", "--period", "2026-Q1", "--channel", "paid_search"],
            ["completeness", "--period", "2026-Q1", "--format", "json"],
            ["rules", "list"],
        ]
        for command in commands {
            let onServer = try RoiledgerProcess.run(command + ["--db", database.url], environment: environment)
            let inFile = try RoiledgerProcess.run(command + ["--db", copy], environment: environment)
            #expect(onServer.status == inFile.status, "\(command): \(onServer.standardError) | \(inFile.standardError)")
            #expect(onServer.standardOutput == inFile.standardOutput, "\(command) differs between the server and its pulled copy")
        }
        for db in [database.url, copy] {
            let verified = try RoiledgerProcess.run(["verify", "--db", db], environment: environment)
            #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
            #expect(verified.standardOutput.hasPrefix("ok: 4,001 events verified"))
        }
        // A file that took its own path is refused at the first differing seq, and nothing moves.
        let other = try RoiledgerProcess.run(["ingest", "-", "--db", copy, "--recorded-at", "2026-09-23T00:00:00Z"], standardInput: Data(
            (#"{"id":"local-only","type":"touch","at":"2026-03-13T14:48:06Z","contact":"ct-14-1","channel":"podcast"}"# + "\n").utf8), environment: environment)
        #expect(other.status == 0, "\(other.standardError)")
        let serverSide = try RoiledgerProcess.run(["ingest", "-", "--db", database.url, "--recorded-at", "2026-09-23T00:00:00Z"], standardInput: Data(
            (#"{"id":"server-only","type":"touch","at":"2026-03-13T14:48:06Z","contact":"ct-14-1","channel":"podcast"}"# + "\n").utf8), environment: environment)
        #expect(serverSide.status == 0, "\(serverSide.standardError)")
        let refused = try RoiledgerProcess.run(["pull", "--db", copy, "--from", database.url], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("diverge at seq 4002"), "\(refused.standardError)")
    }
}
