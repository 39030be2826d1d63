import Foundation
import LedgerCore
import Testing
import TestSupport

/// Checkpoints through the command line, on the shipped sample: a report is the same bytes with
/// them, without them and after deleting them; after new events or a new rule set it resumes
/// and still agrees with a replay from seq 1.
@Suite("checkpoints (command line)", .serialized)
struct CheckpointCommandTests {
    static let report = ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--view", "all", "--model", "w_shaped,markov", "--format", "json"]
    static let off = ["ROILEDGER_CHECKPOINTS": "off"]
    static let eager = ["ROILEDGER_CHECKPOINT_INTERVAL": "1"]

    static func run(_ ledger: TestLedger, _ arguments: [String], _ environment: [String: String] = [:]) throws -> RoiledgerProcess.Result {
        let result = try RoiledgerProcess.run(arguments + ["--db", ledger.path], environment: environment)
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        return result
    }

    static func checkpointSeqs(_ ledger: TestLedger) throws -> [String] {
        try run(ledger, ["checkpoint", "--list"]).standardOutput.split(separator: "\n").dropFirst(2)
            .map { String($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
    }

    @Test func aReportIsTheSameBytesWithCheckpointsWithoutThemAndAfterDeletingThem() throws {
        let ledger = try SnapshotTests.sampleLedger()
        let baseline = try Self.run(ledger, Self.report, Self.off)
        #expect(!FileManager.default.fileExists(atPath: ledger.path + ".checkpoints"))
        // A short ledger under the default interval saves nothing; an eager interval saves one.
        #expect(try Self.run(ledger, Self.report).standardOutput == baseline.standardOutput)
        #expect(try Self.checkpointSeqs(ledger) == [])
        let saving = try Self.run(ledger, Self.report, Self.eager)
        #expect(saving.standardOutput == baseline.standardOutput)
        #expect(saving.standardError.isEmpty)
        #expect(try Self.checkpointSeqs(ledger) == ["4,000"])
        #expect(try Self.run(ledger, Self.report).standardOutput == baseline.standardOutput)
        #expect(try Self.run(ledger, ["checkpoint", "--clear"]).standardOutput.hasPrefix("removed 1 checkpoint from "))
        #expect(try Self.run(ledger, Self.report).standardOutput == baseline.standardOutput)
    }

    @Test func afterNewEventsAReportResumesAndAgreesWithAReplayFromTheStart() throws {
        let ledger = try SnapshotTests.sampleLedger()
        #expect(try Self.run(ledger, ["checkpoint"]).standardOutput.hasPrefix("saved a checkpoint at seq 4,000 (replayed 4,000 events from seq 1"))
        #expect(try Self.run(ledger, ["checkpoint"]).standardOutput == "a checkpoint at the head (seq 4,000) already exists\n")
        let beforeLateNews = try Self.run(ledger, Self.report, Self.off).standardOutput
        // Late news that moves numbers: a touch, a merge, and a retraction of an early touch.
        let late = ledger.directory.writeLines("late.jsonl", LedgerFixture()
            .touch("late-1", contact: "ct-3-1", at: "2026-02-01T00:00:00Z", channel: "podcast")
            .merge("late-m", from: "ct-5-1", into: "ct-4-1", at: "2026-10-01T00:00:00Z")
            .retract("late-r", event: "t-0000003", at: "2026-10-01T00:00:00Z")
            .lines)
        #expect(try Self.run(ledger, ["ingest", late, "--recorded-at", "2026-10-01T00:00:00Z"]).standardOutput.contains("3 appended"))
        let afterLateNews = try Self.run(ledger, Self.report, Self.off).standardOutput
        #expect(afterLateNews != beforeLateNews)
        let resumed = try Self.run(ledger, Self.report)
        #expect(resumed.standardOutput == afterLateNews)
        #expect(resumed.standardError.isEmpty)
        // As of before the late news: the checkpoint at seq 4,000 is exactly that point.
        let asOf = Self.report + ["--as-of", "2026-09-30T00:00:00Z"]
        #expect(try Self.run(ledger, asOf).standardOutput == (try Self.run(ledger, asOf, Self.off).standardOutput))
        #expect(try Self.checkpointSeqs(ledger) == ["4,000"])
        #expect(try Self.run(ledger, Self.report, Self.eager).standardOutput == afterLateNews)
        #expect(try Self.checkpointSeqs(ledger) == ["4,003", "4,000"])
    }

    @Test func aNewRuleSetIsAppliedToTheResumedFactsNeverToAStaleResult() throws {
        let ledger = try SnapshotTests.sampleLedger()
        _ = try Self.run(ledger, ["checkpoint"])
        let broader = SnapshotTests.folder.appendingPathComponent("rules-2026-broader-mql.json").path
        _ = try Self.run(ledger, ["rules", "publish", broader, "--name", "default", "--effective-from", "2026-01-01", "--recorded-at", "2026-10-01T00:00:00Z"])
        let fresh = try Self.run(ledger, Self.report, Self.off).standardOutput
        #expect(fresh.contains(#""name":"default","source":"log","version":2"#) || fresh.contains(#""version":2"#))
        #expect(try Self.run(ledger, Self.report).standardOutput == fresh)
        for what in [["--rules", "default@1"], ["--rules-file", broader], ["--level", "account"]] {
            #expect(try Self.run(ledger, Self.report + what).standardOutput == (try Self.run(ledger, Self.report + what, Self.off).standardOutput), "\(what)")
        }
    }

    @Test func aDamagedCheckpointIsNamedOnStandardErrorAndTheLogReplayed() throws {
        let ledger = try SnapshotTests.sampleLedger()
        _ = try Self.run(ledger, ["checkpoint"])
        let folder = ledger.path + ".checkpoints"
        let file = folder + "/" + (try FileManager.default.contentsOfDirectory(atPath: folder)).first!
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let damaged = try Self.run(ledger, Self.report)
        #expect(damaged.standardError.contains("note: checkpoint skipped: damaged checkpoint: "))
        #expect(damaged.standardError.contains("state does not match its digest"))
        #expect(damaged.standardOutput == (try Self.run(ledger, Self.report, Self.off).standardOutput))
    }
}
