import Foundation
import LedgerCore
import LedgerIngest
import LedgerStore
import Testing
import TestSupport

/// Golden reports of the shipped sample ledger (`snapshots/sample-ledger.jsonl`), produced by
/// the real `roiledger` executable and compared byte for byte. Re-record on purpose with
/// `ROILEDGER_RECORD_SNAPSHOTS=1 swift test --filter Snapshot`, and say in the commit why the
/// numbers moved.
@Suite("Snapshots", .serialized)
struct SnapshotTests {
    static let folder = SchemaExamples.schemasFolder.deletingLastPathComponent().appendingPathComponent("snapshots")
    static let isRecording = ProcessInfo.processInfo.environment["ROILEDGER_RECORD_SNAPSHOTS"] == "1"

    /// The sample ledger loaded with a fixed ledger time, so its hashes are the same everywhere.
    static func sampleLedger() throws -> TestLedger {
        let ledger = try TestLedger()
        let file = folder.appendingPathComponent("sample-ledger.jsonl").path
        _ = try Ingestor(log: ledger.log).ingest(try LineReader(path: file), displayName: "sample-ledger.jsonl")
        return ledger
    }

    static let cases: [(name: String, arguments: [String])] = [
        ("attribution-contact.txt", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--model", "w_shaped,first_touch,linear,time_decay,markov,shapley"]),
        ("attribution-contact.json", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--model", "w_shaped,first_touch,linear,time_decay,markov,shapley", "--format", "json"]),
        ("attribution-account.txt", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--level", "account", "--model", "w_shaped,position_based,full_path,markov"]),
        ("attribution-account.json", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--level", "account", "--model", "w_shaped,position_based,full_path,markov", "--format", "json"]),
        ("attribution-q2-campaign.csv", ["report", "--from", "2026-04-01", "--to", "2026-06-30", "--by", "campaign", "--model", "u_shaped,j_shaped,inverse_j,custom", "--format", "csv"]),
        ("attribution-segment.txt", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "attr:segment", "--model", "last_touch,w_shaped"]),
        ("report-all.txt", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--view", "all"]),
        ("report-all.json", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--view", "all", "--format", "json"]),
        ("roi-q1-campaign.txt", ["report", "--from", "2026-01-01", "--to", "2026-03-31", "--view", "roi", "--by", "campaign", "--model", "linear"]),
        ("compare-qualification-q1.txt", ["compare", "--from", "2026-01-01", "--to", "2026-03-31", "--rules-file", "snapshots/rules-2026.json",
                                          "--rules-file", "snapshots/rules-2026-broader-mql.json", "--changed-only"]),
        ("compare-qualification-q1.json", ["compare", "--from", "2026-01-01", "--to", "2026-03-31", "--rules-file", "snapshots/rules-2026.json",
                                           "--rules-file", "snapshots/rules-2026-broader-mql.json", "--format", "json"]),
        ("compare-models-q2.csv", ["compare", "--from", "2026-04-01", "--to", "2026-06-30", "--model", "first_touch,markov",
                                   "--view", "attribution", "--by", "campaign", "--format", "csv"]),
        ("funnel-h2-segment.csv", ["report", "--from", "2026-07-01", "--to", "2026-12-31", "--view", "funnel", "--by", "attr:segment", "--format", "csv"]),
        ("series-2026-by-month.txt", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--view", "all", "--by", "month"]),
        ("series-q1-every-month.json", ["report", "--from", "2026-01-01", "--to", "2026-03-31", "--view", "roi", "--every", "month", "--format", "json"]),
        ("compare-models-h1-every-quarter.json", ["compare", "--from", "2026-01-01", "--to", "2026-06-30", "--model", "linear,markov",
                                                  "--view", "attribution", "--every", "quarter", "--format", "json"]),
        ("roi-h1-segment.txt", ["report", "--from", "2026-01-01", "--to", "2026-06-30", "--view", "roi", "--by", "attr:segment", "--model", "linear"]),
        ("roi-q2-channel-segment.csv", ["report", "--from", "2026-04-01", "--to", "2026-06-30", "--view", "attribution,roi", "--by", "channel,attr:segment",
                                        "--format", "csv"]),
    ]

    @Test(arguments: cases.map(\.name))
    func reportsMatchTheirSnapshots(name: String) throws {
        let ledger = try Self.sampleLedger()
        // Rule-set files ship beside the snapshots; reports name them by file name only.
        let arguments = Self.cases.first { $0.name == name }!.arguments.map {
            $0.hasPrefix("snapshots/") ? Self.folder.appendingPathComponent(String($0.dropFirst(10))).path : $0
        } + ["--db", ledger.path]
        let result = try RoiledgerProcess.run(arguments)
        #expect(result.status == 0, "\(result.standardError)")
        try Self.match(result.standardOutput, snapshot: name)
    }

    /// Compares output with `snapshots/NAME` byte for byte, or records it when recording.
    static func match(_ output: String, snapshot name: String) throws {
        let path = folder.appendingPathComponent(name).path
        if isRecording {
            try output.write(toFile: path, atomically: false, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(output == expected, "snapshots/\(name) differs; re-record with ROILEDGER_RECORD_SNAPSHOTS=1 if the change is intended")
    }

    /// The demo's stories on the shipped sample, at fixed business and ledger times, so that their
    /// reports are byte-stable: the close, the analyst's comparison and the restatement.
    @Test func theDemoStoryAtFixedLedgerTimesMatchesItsSnapshots() throws {
        let ledger = try Self.sampleLedger()
        try Self.runDemoStory(db: ledger.path, directory: ledger.directory)
    }

    /// Runs the demo's steps on the ledger `db` names (a file or a server), matching snapshots.
    static func runDemoStory(db: String, directory: TemporaryDirectory, environment: [String: String] = [:]) throws {
        let closed = directory.file("q1-closed.json")
        let late = directory.write("late.jsonl",
            #"{"id":"late-podcast-1","type":"touch","at":"2026-03-13T14:48:06Z","contact":"ct-14-1","channel":"podcast","campaign":"founder-interview","touch_type":"content_download"}"# + "\n")
        let q1 = ["--from", "2026-01-01", "--to", "2026-03-31"]
        let steps: [(snapshot: String?, arguments: [String])] = [
            (nil, ["close", "2026-Q1", "--format", "json", "--out", closed, "--at", "2026-04-01T00:00:00Z", "--recorded-at", "2026-09-22T00:00:00Z",
                   "--actor", "finance"]),
            ("demo-close-q1.csv", ["report", "--closed", "2026-Q1", "--format", "csv"]),
            (nil, ["ingest", late, "--recorded-at", "2026-09-23T00:00:00Z"]),
            (nil, ["merge", "--contact", "ct-13-1", "--into", "ct-14-1", "--id", "m-demo", "--at", "2026-04-02T00:00:00Z", "--recorded-at", "2026-09-24T00:00:00Z",
                   "--actor", "ops", "--reason", "same person, two CRM records"]),
            (nil, ["retract", "t-0000125", "--reason", "bot traffic", "--at", "2026-04-03T00:00:00Z", "--recorded-at", "2026-09-25T00:00:00Z", "--actor", "ops"]),
            (nil, ["rules", "publish", Self.folder.appendingPathComponent("rules-2026-broader-mql.json").path, "--name", "default",
                   "--effective-from", "2026-01-01", "--at", "2026-04-05T00:00:00Z", "--recorded-at", "2026-09-26T00:00:00Z", "--actor", "ops"]),
            ("demo-compare-rules-q1.txt", ["compare", "--rules", "default@1", "--rules", "default@2", "--view", "funnel,roi", "--changed-only"] + q1),
            ("demo-restatement-q1.txt", ["report", "--restatement", "2026-Q1"]),
            (nil, ["audit", closed]),
            ("demo-unmerge-preview.txt", ["unmerge", "m-demo", "--preview", "--at", "2026-04-06T00:00:00Z", "--reason", "different people", "--actor", "ops"] + q1),
            // The narrower qualification comes back from July: a series across the change.
            (nil, ["rules", "publish", Self.folder.appendingPathComponent("rules-2026.json").path, "--name", "default",
                   "--effective-from", "2026-07-01", "--at", "2026-04-07T00:00:00Z", "--recorded-at", "2026-09-27T00:00:00Z", "--actor", "ops"]),
            ("demo-series-rule-change.txt", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--view", "funnel,roi", "--by", "quarter"]),
            ("demo-series-restated.csv", ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--view", "funnel", "--by", "quarter",
                                          "--rules", "default@3", "--format", "csv"]),
        ]
        for step in steps {
            let result = try RoiledgerProcess.run(step.arguments + ["--db", db], environment: environment)
            #expect(result.status == 0, "\(step.arguments): \(result.standardError)")
            if let name = step.snapshot { try Self.match(result.standardOutput, snapshot: name) }
        }
    }

    @Test func theSameInputsGiveTheSameBytesAndADigestOfTheContent() throws {
        let ledger = try Self.sampleLedger()
        let arguments = Self.cases[1].arguments + ["--db", ledger.path]
        let first = try RoiledgerProcess.run(arguments).standardOutput
        let second = try RoiledgerProcess.run(arguments).standardOutput
        #expect(first == second)
        guard case .object(var object) = try JSONParser.parse(first), case .string(let digest)? = object["digest"] else {
            Issue.record("no digest")
            return
        }
        object["digest"] = nil
        #expect(ContentDigest.sha256(JSONValue.object(object).canonicalText) == digest)
    }

    @Test func asOfBeforeLateEventsGivesTheEarlierReport() throws {
        // Two ledgers: the sample alone, and the sample plus late events recorded later.
        let early = try Self.sampleLedger()
        let clock = ManualTestClock(1_790_000_000_000_000)
        let late = try TestLedger(clock: clock)
        let file = Self.folder.appendingPathComponent("sample-ledger.jsonl").path
        _ = try Ingestor(log: late.log).ingest(try LineReader(path: file), displayName: "sample-ledger.jsonl")
        clock.time = Timestamp(microseconds: 1_790_000_000_000_000 + 86_400_000_000)
        try late.ingest(LedgerFixture()
            .touch("late-t", contact: "ct-3-1", at: "2026-02-01T00:00:00Z", channel: "podcast")
            .opportunity("late-o", account: "ac-3", at: "2026-02-10T00:00:00Z", amount: "99999.00", contacts: ["ct-3-1"]).lines, name: "late.jsonl")
        let base = ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--model", "w_shaped,markov", "--format", "json"]
        let asOf = ["--as-of", "2026-09-21T18:00:00Z"] // after the sample (14:13:20), before the late events
        let reference = try RoiledgerProcess.run(base + ["--db", early.path]).standardOutput
        let replayed = try RoiledgerProcess.run(base + asOf + ["--db", late.path]).standardOutput
        let now = try RoiledgerProcess.run(base + ["--db", late.path]).standardOutput
        // Same content as the early ledger; only the provenance's as_of differs.
        func withoutAsOf(_ text: String) throws -> String {
            guard case .object(var object) = try JSONParser.parse(text), case .object(var provenance)? = object["provenance"],
                  case .object(var ledger)? = provenance["ledger"] else { return "" }
            ledger["as_of"] = nil
            provenance["ledger"] = .object(ledger)
            object["provenance"] = .object(provenance)
            object["digest"] = nil
            return JSONValue.object(object).canonicalText
        }
        #expect(try withoutAsOf(replayed) == withoutAsOf(reference))
        #expect(now != replayed)
        #expect(now.contains("podcast"))
    }
}

/// A clock the test moves by hand.
final class ManualTestClock: LedgerClock, @unchecked Sendable {
    var time: Timestamp
    init(_ microseconds: Int64) { time = Timestamp(microseconds: microseconds) }
    func now() -> Timestamp { time }
}
