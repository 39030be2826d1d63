import TerminalSupport
import ArgumentParser
import Foundation
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger demo`: the main job on a generated sample, in one command.
///
/// Generates a year of marketing events from a fixed seed, loads them, proves the chain, and
/// walks through the three users' stories: the CFO's report and the close, late news and
/// corrections, a new rule set and the analyst's comparison, the auditor's reproduction and
/// restatement, and ops undoing a wrong merge. Every step is a command a person can type.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Walk through roiledger on a generated sample ledger (in a temporary folder).")

    @Option(help: "Events in the sample.")
    var events = 100_000

    @Option(help: "Seed of the sample.")
    var seed: UInt64 = 2026

    @Option(help: "Keep the files in this folder instead of a temporary one.")
    var workdir: String?

    func run() throws {
        let folder = try workdir.map(Self.prepare) ?? TemporaryFolder.make()
        let input = folder + "/sample.jsonl"
        let db = folder + "/demo.sqlite"
        TemporaryFolder.removeDatabase(db)
        CheckpointStore(ledgerPath: db).removeAll()

        heading("1. Two years of B2B marketing (2025 as history, 2026 the year reported on), as producers send it")
        try SampleFile.write(SampleOptions(eventCount: events, seed: seed), to: input)
        Terminal.writeLine("roiledger sample --events \(events) --seed \(seed) --out \(input)")

        heading("2. Load it into an append-only ledger")
        let session = try LedgerSession.create(db, currency: "USD", environment: CommandEnvironment.make())
        let log = session.log
        var started = Terminal.monotonicSeconds()
        let summary = try session.ingest(IngestRequest(input: input))
        let seconds = Terminal.monotonicSeconds() - started
        Terminal.writeLine("ingested \(Figures.grouped(summary.appended)) events in \(Figures.fixed(seconds, decimals: 2)) s")
        var table = TextTable([("type", .left), ("events", .right)])
        var counts: [EventType: Int] = [:]
        try log.events { counts[$0.type, default: 0] += 1 }
        for type in EventType.allCases where counts[type] != nil { table.append([type.rawValue, Figures.grouped(counts[type]!)]) }
        table.append(["total", Figures.grouped(summary.appended)])
        Terminal.write(table.render())

        heading("3. Loading the same file again is a no-op (idempotent by event id)")
        let again = try session.ingest(IngestRequest(input: input))
        Terminal.writeLine("\(Figures.grouped(again.appended)) appended, \(Figures.grouped(again.duplicates)) duplicates skipped")

        heading("4. The auditor's anchor and a full re-walk of the hash chain")
        let head = try log.head()!
        let anchor = "\(head.seq):\(head.hash)"
        Terminal.writeLine("head: seq \(head.seq), recorded_at \(head.recordedAt)")
        Terminal.writeLine("anchor (keep it elsewhere): \(anchor)")
        started = Terminal.monotonicSeconds()
        let verification = try log.verify(anchor: ChainAnchor(seq: head.seq, hash: head.hash))
        let verdict = verification.isValid ? "ok" : "FAILED at seq \(verification.failure?.seq ?? 0)"
        let anchorVerdict = verification.anchorMatched == true ? "anchor matched" : "anchor did NOT match"
        Terminal.writeLine("verify: \(verdict), \(Figures.grouped(verification.checkedCount)) events in \(Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 2)) s, \(anchorVerdict)")
        guard verification.isValid, verification.anchorMatched == true else {
            throw CommandFailure(message: "demo: the ledger did not verify against its anchor \(anchor)", exitCode: 2)
        }

        let q1 = ["--from", DemoStory.quarter.from, "--to", DemoStory.quarter.to]
        heading("5. The CFO: Q1 pipeline, revenue and ROI by channel, rule-based (w_shaped) against data-driven (markov)")
        try invoke(ReportCommand.self, "report", ["--db", db, "--model", "w_shaped,markov", "--view", "attribution,roi"] + q1)

        heading("6. Finance closes Q1: the report is sealed in the ledger by its digest")
        let closedFile = folder + "/q1-closed.json"
        try invoke(CloseCommand.self, "close", ["2026-Q1", "--db", db, "--format", "json", "--out", closedFile])
        Terminal.writeLine("(the closed report is saved as \(closedFile), the JSON `audit` takes; `report --closed 2026-Q1` prints it again from the ledger)")
        let beforeLateNews = try log.head()!.recordedAt

        heading("7. Late news arrives: a touch recorded late, a merge, a retraction")
        let story = try DemoStory(session: session, folder: folder)
        try invoke(IngestCommand.self, "ingest", [story.lateFile, "--db", db])
        try invoke(MergeCommand.self, "merge", ["--db", db, "--contact", story.wrongMerge.from, "--into", story.wrongMerge.into, "--id", "m-demo",
                                "--at", "2026-04-02T00:00:00Z", "--reason", "same person, two CRM records"])
        try invoke(RetractCommand.self, "retract", [story.retracted, "--db", db, "--reason", "bot traffic", "--at", "2026-04-03T00:00:00Z"])

        heading("8. Marketing ops publishes a broader qualification rule set for the year")
        try invoke(RulesPublishCommand.self, "rules publish", [story.broaderRulesFile, "--db", db, "--name", "default", "--effective-from", "2026-01-01",
                                                              "--reason", "MQL from score 40 at 100+ employees"])
        try invoke(RulesDiffCommand.self, "rules diff", ["default@1", "default@2", "--db", db])

        heading("9. The analyst: Q1 under the old and the new qualification rules (only what differs)")
        try invoke(CompareCommand.self, "compare", ["--db", db, "--rules", "default@1", "--rules", "default@2", "--view", "funnel,roi", "--changed-only"] + q1)

        heading("10. The auditor: the closed Q1 report reproduced byte for byte, and what moved since, by cause")
        try invoke(AuditCommand.self, "audit", [closedFile, "--db", db])
        Terminal.writeLine()
        try invoke(ReportCommand.self, "report", ["--db", db, "--restatement", "2026-Q1"])

        heading("11. Ops: the merge in step 7 was wrong; preview the undo, then undo it")
        let undo = ["m-demo", "--db", db, "--at", "2026-04-04T00:00:00Z", "--reason", "different people after all"]
        try invoke(UnmergeCommand.self, "unmerge", undo + ["--preview"] + q1)
        try invoke(UnmergeCommand.self, "unmerge", undo)

        heading("12. Marketing ops brings the CRM's and the ad platform's own exports (HubSpot contacts, a Google Ads cost report)")
        let exports = try DemoExports(folder: folder)
        try invoke(ImportCommand.self, "import", [exports.hubspotContacts, "--db", db, "--mapping", "hubspot-contacts"])
        try invoke(ImportCommand.self, "import", [exports.googleAds, "--db", db, "--mapping", "google-ads"])
        Terminal.writeLine("(the same export again appends nothing: its event ids come from the records and facts it states)")
        try invoke(ImportCommand.self, "import", [exports.googleAds, "--db", db, "--mapping", "google-ads"])

        heading("13. The CFO's year quarter by quarter, from one replay (each quarter under the rule set in force in it)")
        try invoke(ReportCommand.self, "report", ["--db", db, "--view", "roi", "--by", "quarter", "--from", "2026-01-01", "--to", "2026-12-31"])

        let program = Self.programPath
        let now = try log.head()!.recordedAt
        heading("Next: repeat any step by hand")
        Terminal.writeLine("\(program) report --db \(db) --view all --from 2026-01-01 --to 2026-03-31")
        Terminal.writeLine("\(program) explain opportunity \(story.dealID) --db \(db) --from 2026-01-01 --to 2026-03-31")
        Terminal.writeLine("\(program) compare --db \(db) --as-of \(beforeLateNews) --as-of \(now) --from 2026-01-01 --to 2026-03-31")
        Terminal.writeLine("\(program) report --closed 2026-Q1 --db \(db)")
        Terminal.writeLine("\(program) report --db \(db) --view roi --from 2026-04-01 --to 2026-04-30")
        Terminal.writeLine("\(program) report --db \(db) --view all --every month --from 2026-01-01 --to 2026-06-30")
        Terminal.writeLine("\(program) report --db \(db) --view roi --by channel,campaign --from 2026-01-01 --to 2026-03-31")
        Terminal.writeLine("\(program) report --db \(db) --view roi --by channel,attr:segment --from 2026-01-01 --to 2026-12-31")
        Terminal.writeLine("\(program) import --list")
        Terminal.writeLine("\(program) rules list --db \(db)")
        Terminal.writeLine("\(program) audit \(closedFile) --db \(db)")
        Terminal.writeLine("\(program) verify --db \(db) --anchor \(anchor)")
        if program != "roiledger" {
            Terminal.writeLine("(`roiledger` alone works once it is on your PATH, e.g. `swift build -c release` then copy \(program) to ~/.local/bin)")
        }
        heading("Open the dashboard on this ledger")
        Terminal.writeLine("\(program) serve --db \(db) --public-read")
        Terminal.writeLine("then open http://127.0.0.1:8080/ in a browser: the summary, channel → campaign → deal → explanation, every figure")
        Terminal.writeLine("with its JSON and CSV (Ctrl-C stops it; without --public-read, create a token: \(program) token create --db \(db) --name you)")
        if workdir == nil {
            Terminal.writeLine("The ledger and its files stay in \(folder) so that these commands work; remove it with `rm -r \(folder)` when done (or choose the folder with --workdir DIR).")
        }
    }

    /// Creates the working folder when it does not exist.
    static func prepare(_ folder: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw AppError.cannotWrite(path: folder, reason: "the folder cannot be created: \(FileErrors.reason(error))", after: nil)
        }
        return folder
    }

    /// How to run this program again from the current folder: a relative path when it is
    /// under it (`.build/release/roiledger` after `swift run`), else its absolute path.
    static var programPath: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let current = FileManager.default.currentDirectoryPath
        if executable.hasPrefix(current + "/") {
            let relative = String(executable.dropFirst(current.count + 1))
            // `.build/x86_64-unknown-linux-gnu/release/roiledger` is reachable as `.build/release/roiledger`.
            let parts = relative.split(separator: "/")
            if parts.count == 4, parts[0] == ".build", FileManager.default.fileExists(atPath: ".build/\(parts[2])/\(parts[3])") {
                return ".build/\(parts[2])/\(parts[3])"
            }
            return relative
        }
        return executable.isEmpty ? "roiledger" : executable
    }

    /// Prints the command as a person would type it, then runs it.
    private func invoke<Command: ParsableCommand>(_ type: Command.Type, _ name: String, _ arguments: [String]) throws {
        Terminal.writeLine("$ roiledger \(name) " + arguments.map { $0.contains(" ") || $0.contains("'") ? "\"\($0)\"" : $0 }.joined(separator: " "))
        var command = try Command.parse(arguments)
        try command.run()
    }

    private func heading(_ text: String) {
        Terminal.writeLine()
        Terminal.writeLine("== \(text)")
    }
}
