import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

/// `report --restatement PERIOD`: the period's report as of its (latest) close against the
/// report as of now, every moved amount explained by cause.
struct RestatementRun {
    var period: String
    var options: ReplayOptions
    var format: ReportFormat

    func run(_ log: EventLog) throws {
        let asOf = options.asOf.flatMap { RFC3339.parse($0)?.timestamp }
        guard let now = try asOf.map({ try log.head(asOf: $0) }) ?? log.head() else {
            throw CommandFailure(message: "error: --restatement \(period): the ledger is empty (as of the replay point)")
        }
        // One pass: at each close of the period, the facts so far are the ledger as of that close
        // and the events after it start again; the latest close wins.
        var facts = LedgerFacts()
        var found: (seq: Int64, close: PeriodClose, base: LedgerFacts)?
        var later: [ReplayRecord] = []
        try log.replay(throughSeq: now.seq) { record in
            if case .close(let close) = record.event.payload, close.period == period {
                found = (record.seq, close, facts)
                later = []
            } else if found != nil {
                later.append(record)
            }
            facts.apply(record)
        }
        guard let (closeSeq, close, base) = found else {
            throw CommandFailure(message: "error: --restatement \(period): the period was never closed (as of the replay point); close it first with `roiledger close \(period)`")
        }
        let baseHead = closeSeq > 1 ? try log.head(seq: closeSeq - 1) : nil
        let window = ReportWindow(from: close.from, to: close.to)
        // Then: the rule set the close names (else the shipped default), as of the close.
        let thenVersion = close.rules.flatMap { PublishedRuleSets(base).find("\($0.name)@\($0.version)") }
        let thenRules = try thenVersion?.ruleSet() ?? .shippedDefault
        let then = PreparedReplay(facts: base, rules: thenRules, ruleSetName: thenVersion?.name ?? "default", ruleSetVersion: thenVersion?.version,
                                  ruleSetSource: thenVersion == nil ? "shipped default" : "log", window: window, head: baseHead,
                                  ledger: ResolvedLedger(facts: base, rules: thenRules))
        let sealed = then.report(models: [thenRules.attribution.model], groupBy: .channel, views: ReportView.allCases, asOf: nil)
        let current = try PreparedReplay.settle(facts: facts, head: now, rulesFile: options.rulesFile, window: window, level: nil,
                                                published: options.rules)
        let restatement = Restatement(base: base, later: later, closeRules: thenRules, currentRules: current.rules, window: window)
        let document = RestatementReport(
            period: period, closeSeq: closeSeq, sealedDigest: close.reportDigest, reproducedDigest: sealed.digest,
            ruleSetThen: thenVersion?.label ?? "shipped default", ruleSetNow: current.ruleSetVersion.map { "\(current.ruleSetName)@\($0)" } ?? current.ruleSetName,
            window: (window.from, window.to), headSeq: now.seq, headHash: now.hash.description, restatement: restatement)
        switch format {
        case .table: Terminal.write(document.renderTable())
        case .json: Terminal.write(document.renderJSON())
        case .csv: Terminal.write(document.renderCSV())
        }
    }
}
