import ArgumentParser
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger bench report`: a raw sequential scan of the events versus `verify` and a full
/// report replay.
struct BenchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "verify, a full report replay (every view, w_shaped and markov) and compare versus a raw SQLite scan of the same rows.")

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
        // verify: every check `roiledger verify` makes, over the same rows (goal: at least 0.35 of the scan rate).
        started = Terminal.monotonicSeconds()
        let verification = try log.verify()
        let verifySeconds = Terminal.monotonicSeconds() - started
        let window = ReportWindow(from: LedgerDate("2026-01-01")!, to: LedgerDate("2026-12-31")!)
        let models: [AttributionModelName] = [.wShaped, .markov]

        // One report: every view, w_shaped and markov side by side, rendered as JSON.
        started = Terminal.monotonicSeconds()
        var facts = LedgerFacts()
        try log.replay { facts.apply($0) }
        let foldSeconds = Terminal.monotonicSeconds() - started
        let rules = (try? PublishedRuleSets(facts).inForce(at: window.to)?.ruleSet()) ?? .shippedDefault
        var mark = Terminal.monotonicSeconds()
        // Each phase's time, and the process's peak memory when it ends (where memory goes).
        var phases: [(String, Double, Int64)] = [("replay fold", foldSeconds, PeakMemory.peakBytes())]
        func phase(_ name: String) {
            let now = Terminal.monotonicSeconds()
            phases.append((name, now - mark, PeakMemory.peakBytes()))
            mark = now
        }
        let ledger = ResolvedLedger(facts: facts, rules: rules)
        phase("resolve (retractions, identity, mapping, dedupe, deals)")
        let report = Self.report(facts: facts, ledger: ledger, rules: rules, window: window, models: models)
        phase("views: attribution, funnel, ROI, self-reported, completeness")
        _ = report.renderJSON()
        phase("render JSON and digest")
        let reportSeconds = Terminal.monotonicSeconds() - started

        // compare: the same report under the published rules and a broader qualification, one fold.
        let compareSeconds = try Self.compare(log, window: window, models: models, variant: Self.broaderQualification)
        // The worst case: rule sets that resolve differently (another dedupe window), resolved twice.
        let compareTwiceSeconds = try Self.compare(log, window: window, models: models) { rules in
            var otherDedupe = rules
            otherDedupe.dedupeWindowMinutes = rules.dedupeWindowMinutes + 30
            return otherDedupe
        }

        let scanRate = Double(scan.rows) / scanSeconds
        let reportRate = Double(facts.eventCount) / reportSeconds
        var table = TextTable([("step", .left), ("events", .right), ("seconds", .right), ("events/s", .right), ("ratio", .right)])
        func add(_ name: String, _ seconds: Double, baseline: Double, events: Int = facts.eventCount) {
            let rate = Double(events) / seconds
            table.append([name, Figures.grouped(events), Figures.fixed(seconds, decimals: 2), Figures.grouped(Int(rate)), Figures.fixed(baseline / seconds, decimals: 2)])
        }
        table.append(["raw SQLite scan (baseline)", Figures.grouped(scan.rows), Figures.fixed(scanSeconds, decimals: 2), Figures.grouped(Int(scanRate)), "1.00"])
        add("verify (chain, contract, canonical, columns)", verifySeconds, baseline: Double(verification.checkedCount) / scanRate,
            events: Int(verification.checkedCount))
        add("replay fold only", foldSeconds, baseline: Double(facts.eventCount) / scanRate)
        add("report, all views (w_shaped + markov)", reportSeconds, baseline: Double(facts.eventCount) / scanRate)
        Terminal.write(table.render())
        for (name, seconds, peak) in phases {
            Terminal.writeLine("  \(Figures.fixed(seconds, decimals: 3)) s  peak \(Figures.bytes(peak))  \(name)")
        }
        let verifyRatio = Double(verification.checkedCount) / verifySeconds / scanRate
        Terminal.writeLine("verify / raw scan = \(Figures.fixed(verifyRatio, decimals: 2)) (goal >= 0.35: \(verifyRatio >= 0.35 ? "met" : "NOT met"))"
            + (verification.isValid ? "" : "; verify FAILED at seq \(verification.failure?.seq ?? 0)"))
        let ratio = reportRate / scanRate
        Terminal.writeLine("report / raw scan = \(Figures.fixed(ratio, decimals: 2)) (goal >= 0.25: \(ratio >= 0.25 ? "met" : "NOT met")); \(ledger.deals.count) deals, \(ledger.touchCount) touches")
        let compareRatio = compareSeconds / reportSeconds
        Terminal.writeLine("compare of two rule sets (qualification differs) = \(Figures.fixed(compareSeconds, decimals: 2)) s, "
            + "\(Figures.fixed(compareRatio, decimals: 2))x one report (goal <= 1.3: \(compareRatio <= 1.3 ? "met" : "NOT met"))")
        Terminal.writeLine("compare of two rule sets that resolve differently (dedupe differs) = \(Figures.fixed(compareTwiceSeconds, decimals: 2)) s, "
            + "\(Figures.fixed(compareTwiceSeconds / reportSeconds, decimals: 2))x one report")
        if let folder { TemporaryFolder.remove(folder, files: [path]) }
    }

    static func report(facts: LedgerFacts, ledger: ResolvedLedger, rules: RuleSet, window: ReportWindow, models: [AttributionModelName],
                       reusing previous: Report? = nil) -> Report {
        let provenance = Provenance(program: "bench", headSeq: facts.headSeq, headHash: EventHash.genesis.description, asOf: nil,
                                    ruleSetName: "bench", ruleSetVersion: nil, ruleSetHash: rules.contentHash.description, ruleSetSource: "log",
                                    window: (window.from, window.to), models: models, level: rules.attribution.level, groupBy: "channel",
                                    views: ReportView.allCases)
        return Report(provenance: provenance, facts: facts, ledger: ledger, rules: rules, window: window, groupBy: .channel, reusing: previous)
    }

    /// The analyst's what-if: the same rule set with a broader qualification.
    static func broaderQualification(_ rules: RuleSet) throws -> RuleSet {
        var broader = rules
        broader.qualification = try QualificationRules(mql: "score >= 40 and employees >= 100 or stage('mql')", sql: "stage('sql')")
        return broader
    }

    /// What `compare` does: one fold, the rule set in force at the window's end against
    /// `variant` of it, each side resolved (once when they resolve alike), two reports, the
    /// comparison rendered. Returns the seconds it took.
    static func compare(_ log: EventLog, window: ReportWindow, models: [AttributionModelName],
                        variant: (RuleSet) throws -> RuleSet) throws -> Double {
        let started = Terminal.monotonicSeconds()
        var facts = LedgerFacts()
        try log.replay { facts.apply($0) }
        let inForce = (try? PublishedRuleSets(facts).inForce(at: window.to)?.ruleSet()) ?? .shippedDefault
        let rules = (inForce, try variant(inForce))
        let first = ResolvedLedger(facts: facts, rules: rules.0)
        let second = first.resolutionRules == ResolutionRules(rules.1) ? first : ResolvedLedger(facts: facts, rules: rules.1)
        // As `compare` does: the state is freed by the process's exit, not piece by piece.
        KeptUntilExit.keep((facts, first, second))
        let a = report(facts: facts, ledger: first, rules: rules.0, window: window, models: models)
        let b = report(facts: facts, ledger: second, rules: rules.1, window: window, models: models, reusing: a)
        let comparison = Comparison(a: .init(label: "a", report: a), b: .init(label: "b", report: b))
        _ = comparison.renderJSON()
        return Terminal.monotonicSeconds() - started
    }
}
