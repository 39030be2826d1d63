import ArgumentParser
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger bench report`: a raw sequential scan of the events versus a full report replay.
struct BenchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A full report replay (w_shaped and markov) versus a raw SQLite scan of the same rows.")

    @Option(help: "Events to generate (ignored with --db).")
    var events = 1_000_000

    @Option(help: "Seed of the generated ledger.")
    var seed: UInt64 = 7

    @Option(help: "Measure an existing ledger instead of generating one.")
    var db: String?

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger bench report`")
        #endif
        var folder: String?
        let path: String
        if let db {
            path = db
        } else {
            let created = try TemporaryFolder.make()
            folder = created
            path = created + "/bench.sqlite"
            let input = created + "/sample.jsonl"
            try SampleFile.write(SampleOptions(eventCount: events, seed: seed), to: input)
            let log = try EventLog.create(path: path, currency: "USD")
            let started = Terminal.monotonicSeconds()
            _ = try Ingestor(log: log).ingest(try LineReader(path: input), displayName: input)
            Terminal.writeLine("prepared a ledger of \(Figures.grouped(events)) events (seed \(seed)) in \(Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 1)) s")
            TemporaryFolder.removeDatabase(input)
        }
        let log = try EventLog(path: path, readOnly: true)
        // Warm the page cache once so both measurements read from memory.
        _ = try log.rawScan()

        var started = Terminal.monotonicSeconds()
        let scan = try log.rawScan()
        let scanSeconds = Terminal.monotonicSeconds() - started

        started = Terminal.monotonicSeconds()
        var facts = LedgerFacts()
        try log.replay { facts.apply($0) }
        let foldSeconds = Terminal.monotonicSeconds() - started
        let rules = PreparedReplay.publishedRuleSet(facts, at: LedgerDate("2026-12-31")!)?.rules ?? .shippedDefault
        var mark = Terminal.monotonicSeconds()
        var phases: [(String, Double)] = [("replay fold", foldSeconds)]
        func phase(_ name: String) {
            let now = Terminal.monotonicSeconds()
            phases.append((name, now - mark))
            mark = now
        }
        let ledger = ResolvedLedger(facts: facts, rules: rules)
        phase("resolve (retractions, identity, mapping, dedupe, deals)")
        let window = ReportWindow(from: LedgerDate("2026-01-01")!, to: LedgerDate("2026-12-31")!)
        let engine = AttributionEngine(ledger: ledger, rules: rules, window: window)
        phase("select each deal's touches")
        let models: [AttributionModelName] = [.wShaped, .markov]
        let runs = engine.runs(models)
        phase("attribute: w_shaped and markov, both views")
        let provenance = Provenance(program: "bench", headSeq: facts.headSeq, headHash: "", asOf: nil, ruleSetName: "bench",
                                    ruleSetVersion: nil, ruleSetHash: rules.contentHash.description, ruleSetSource: "log",
                                    window: (window.from, window.to), models: models, level: rules.attribution.level, groupBy: "channel")
        let report = AttributionReport(models: models, runs: runs, groupBy: .channel)
        _ = report.json.canonicalText
        phase("group, total, render")
        let reportSeconds = Terminal.monotonicSeconds() - started

        let scanRate = Double(scan.rows) / scanSeconds
        let reportRate = Double(facts.eventCount) / reportSeconds
        var table = TextTable([("step", .left), ("events", .right), ("seconds", .right), ("events/s", .right), ("ratio", .right)])
        table.append(["raw SQLite scan (baseline)", Figures.grouped(scan.rows), Figures.fixed(scanSeconds, decimals: 2), Figures.grouped(Int(scanRate)), "1.00"])
        table.append(["replay fold only", Figures.grouped(facts.eventCount), Figures.fixed(foldSeconds, decimals: 2),
                      Figures.grouped(Int(Double(facts.eventCount) / foldSeconds)), Figures.fixed(Double(facts.eventCount) / foldSeconds / scanRate, decimals: 2)])
        table.append(["report (w_shaped + markov)", Figures.grouped(facts.eventCount), Figures.fixed(reportSeconds, decimals: 2), Figures.grouped(Int(reportRate)), Figures.fixed(reportRate / scanRate, decimals: 2)])
        Terminal.write(table.render())
        for (name, seconds) in phases { Terminal.writeLine("  \(Figures.fixed(seconds, decimals: 3)) s  \(name)") }
        let ratio = reportRate / scanRate
        Terminal.writeLine("report / raw scan = \(Figures.fixed(ratio, decimals: 2)) (goal >= 0.25: \(ratio >= 0.25 ? "met" : "NOT met")); \(ledger.deals.count) deals, \(ledger.touchCount) touches")
        if let folder { TemporaryFolder.remove(folder, files: [path]) }
    }
}
