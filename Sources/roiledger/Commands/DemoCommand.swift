import ArgumentParser
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
        let folder = try workdir ?? TemporaryFolder.make()
        let input = folder + "/sample.jsonl"
        let db = folder + "/demo.sqlite"
        TemporaryFolder.removeDatabase(db)

        heading("1. A year of B2B marketing, as producers send it")
        try SampleFile.write(SampleOptions(eventCount: events, seed: seed), to: input)
        Terminal.writeLine("roiledger sample --events \(events) --seed \(seed) --out \(input)")

        heading("2. Load it into an append-only ledger")
        let log = try EventLog.create(path: db, currency: "USD")
        var started = Terminal.monotonicSeconds()
        let summary = try Ingestor(log: log).ingest(try LineReader(path: input), displayName: input)
        let seconds = Terminal.monotonicSeconds() - started
        Terminal.writeLine("ingested \(Figures.grouped(summary.appended)) events in \(Figures.fixed(seconds, decimals: 2)) s")
        var table = TextTable([("type", .left), ("events", .right)])
        var counts: [EventType: Int] = [:]
        try log.events { counts[$0.type, default: 0] += 1 }
        for type in EventType.allCases where counts[type] != nil { table.append([type.rawValue, Figures.grouped(counts[type]!)]) }
        table.append(["total", Figures.grouped(summary.appended)])
        Terminal.write(table.render())

        heading("3. Loading the same file again is a no-op (idempotent by event id)")
        let again = try Ingestor(log: log).ingest(try LineReader(path: input), displayName: input)
        Terminal.writeLine("\(Figures.grouped(again.appended)) appended, \(Figures.grouped(again.duplicates)) duplicates skipped")

        heading("4. The auditor's anchor and a full re-walk of the hash chain")
        let head = try log.head()!
        Terminal.writeLine("head: seq \(head.seq), recorded_at \(head.recordedAt)")
        Terminal.writeLine("anchor (keep it elsewhere): \(head.seq):\(head.hash)")
        started = Terminal.monotonicSeconds()
        let verification = try log.verify(anchor: ChainAnchor(seq: head.seq, hash: head.hash))
        let verdict = verification.isValid ? "ok" : "FAILED at seq \(verification.failure?.seq ?? 0)"
        Terminal.writeLine("verify: \(verdict), \(Figures.grouped(verification.checkedCount)) events in \(Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 2)) s, anchor matched")

        let q1 = ["--from", "2026-01-01", "--to", "2026-03-31"]
        heading("5. The CFO: Q1 pipeline, revenue and ROI by channel, rule-based (w_shaped) against data-driven (markov)")
        try invoke(ReportCommand.self, "report", ["--db", db, "--model", "w_shaped,markov", "--view", "attribution,roi"] + q1)

        heading("6. Finance closes Q1: the report is sealed in the ledger by its digest")
        let closedFile = folder + "/q1-closed.json"
        try invoke(CloseCommand.self, "close", ["2026-Q1", "--db", db, "--format", "csv", "--out", closedFile])
        Terminal.writeLine("(the closed report is saved as \(closedFile); the table above is its CSV)")

        heading("7. Late news arrives: a touch recorded late, a merge, a retraction")
        let story = try DemoStory(log: log, folder: folder)
        try invoke(IngestCommand.self, "ingest", [story.lateFile, "--db", db])
        try invoke(MergeCommand.self, "merge", ["--db", db, "--contact", story.wrongMerge.from, "--into", story.wrongMerge.into, "--id", "m-demo",
                                "--at", "2026-04-02T00:00:00Z"])
        try invoke(RetractCommand.self, "retract", [story.retracted, "--db", db, "--reason", "bot traffic", "--at", "2026-04-03T00:00:00Z"])

        heading("8. Marketing ops publishes a broader qualification rule set for the year")
        try invoke(RulesPublishCommand.self, "rules publish", [story.broaderRulesFile, "--db", db, "--name", "default", "--effective-from", "2026-01-01"])
        try invoke(RulesDiffCommand.self, "rules diff", ["default@1", "default@2", "--db", db])

        heading("9. The analyst: Q1 under the old and the new qualification rules (only what differs)")
        try invoke(CompareCommand.self, "compare", ["--db", db, "--rules", "default@1", "--rules", "default@2", "--view", "funnel,roi", "--changed-only"] + q1)

        heading("10. The auditor: the closed Q1 report reproduced byte for byte, and what moved since, by cause")
        try invoke(AuditCommand.self, "audit", [closedFile, "--db", db])
        Terminal.writeLine()
        try invoke(ReportCommand.self, "report", ["--db", db, "--restatement", "2026-Q1"])

        heading("11. Ops: the merge in step 7 was wrong; preview the undo, then undo it")
        try invoke(UnmergeCommand.self, "unmerge", ["m-demo", "--db", db, "--preview", "--at", "2026-04-04T00:00:00Z"] + q1)
        try invoke(UnmergeCommand.self, "unmerge", ["m-demo", "--db", db, "--at", "2026-04-04T00:00:00Z"])

        heading("Next: repeat any step by hand")
        Terminal.writeLine("roiledger report --db \(db) --view all --from 2026-01-01 --to 2026-03-31")
        Terminal.writeLine("roiledger explain opportunity \(story.dealID) --db \(db) --from 2026-01-01 --to 2026-03-31")
        Terminal.writeLine("roiledger compare --db \(db) --as-of <a time before step 7> --as-of <now> --from 2026-01-01 --to 2026-03-31")
        Terminal.writeLine("roiledger rules list --db \(db)")
        Terminal.writeLine("roiledger audit \(closedFile) --db \(db)")
        Terminal.writeLine("roiledger verify --db \(db) --anchor \(head.seq):\(head.hash)")
        if workdir == nil { Terminal.writeLine("(files are in \(folder); delete the folder when done)") }
        guard verification.isValid else { throw CommandFailure(message: "demo: the ledger did not verify", exitCode: 2) }
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
