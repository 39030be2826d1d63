public import LedgerCore
public import LedgerProjections
public import LedgerReports
import LedgerStore

/// A closed period read back: its report as sealed, and what moved since.
public struct ClosedPeriodRequest: Sendable {
    public var period: String
    /// The ledger as recorded at this time is "now" (RFC 3339; nil: the head).
    public var asOf: String?
    /// The rule set "now" is read under (restatement only).
    public var rules: RuleChoice

    public init(period: String, asOf: String? = nil, rules: RuleChoice = .inForce) {
        self.period = period
        self.asOf = asOf
        self.rules = rules
    }
}

/// The sealed report reproduced from the ledger, and whether its digest is the one sealed.
public struct ClosedReportResult {
    public var report: Report
    public var closeSeq: Int64
    public var sealedDigest: String
    public var reproduces: Bool { report.digest == sealedDigest }
}

extension LedgerSession {
    /// The period's report as of its (latest) close against the report as of now, every moved
    /// amount explained by cause.
    public func restatement(_ request: ClosedPeriodRequest) throws -> RestatementReport {
        let closed = try closedPeriod(request)
        let current = try replayer.settle(facts: closed.now, head: closed.head, rules: request.rules, window: closed.sealed.window, level: nil)
        // Every view at every step: the closed report, one per cause, and now under today's rules.
        let report = closed.sealedReport
        let steps = Restatement.steps(base: closed.sealed.facts, later: closed.later, closeRules: closed.sealed.rules, currentRules: current.rules)
        var reports: [(cause: String, report: Report)] = [("closed", report)]
        for step in steps.dropFirst().dropLast() {
            var prepared = closed.sealed
            prepared.facts = step.facts
            prepared.ledger = ResolvedLedger(facts: step.facts, rules: step.rules)
            reports.append((step.cause ?? "", Self.restatedReport(prepared)))
            environment.retain(prepared.ledger)
        }
        reports.append((Restatement.ruleSetCause, Self.restatedReport(current)))
        let restatement = Restatement(totals: reports.map { step in (step.cause, Self.creditByChannel(step.report)) })
        return RestatementReport(
            period: request.period, closeSeq: closed.closeSeq, sealedDigest: closed.close.reportDigest, reproducedDigest: report.digest,
            ruleSetThen: closed.sealed.ruleSet.source == .log ? closed.sealed.ruleSet.label : "shipped default",
            ruleSetNow: current.ruleSet.label, window: (closed.sealed.window.from, closed.sealed.window.to),
            headSeq: closed.head.seq, headHash: closed.head.hash.description, restatement: restatement,
            figures: FigureRestatement(steps: reports))
    }

    /// A step's report: every view, by channel, under its rule set's model, as close computes it.
    static func restatedReport(_ prepared: PreparedReplay) -> Report {
        prepared.report(models: [prepared.rules.attribution.model], groupBy: .channel, views: ReportView.allCases, asOf: nil)
    }

    /// The attribution table's credit per channel (its first model).
    static func creditByChannel(_ report: Report) -> Restatement.Totals {
        var totals: Restatement.Totals = [:]
        for row in report.attribution?.rows ?? [] {
            totals[row.group] = Restatement.Amounts(pipeline: row.cells[0].pipeline.units, revenue: row.cells[0].revenue.units)
        }
        return totals
    }

    /// The sealed report reproduced from the ledger (as of the close's event, under its rule
    /// set) with the digest the close sealed.
    public func closedReport(_ request: ClosedPeriodRequest) throws -> ClosedReportResult {
        let closed = try closedPeriod(request)
        return ClosedReportResult(report: closed.sealedReport, closeSeq: closed.closeSeq, sealedDigest: closed.close.reportDigest)
    }

    /// One pass: at each close of the period, the facts so far are the ledger as of that close
    /// and the events after it start again; the latest close wins.
    private func closedPeriod(_ request: ClosedPeriodRequest) throws -> ClosedPeriod {
        guard let head = try replayer.head(asOfText: request.asOf) else { throw AppError.emptyLedger }
        var facts = LedgerFacts()
        var found: (seq: Int64, close: PeriodClose, base: LedgerFacts)?
        var later: [ReplayRecord] = []
        try storeCall {
            try log.replay(throughSeq: head.seq) { record in
                if case .close(let close) = record.event.payload, close.period == request.period {
                    found = (record.seq, close, facts)
                    later = []
                } else if found != nil {
                    later.append(record)
                }
                facts.apply(record)
            }
        }
        guard let (closeSeq, close, base) = found else { throw AppError.periodNeverClosed(period: request.period) }
        let baseHead = closeSeq > 1 ? try storeCall { try log.head(seq: closeSeq - 1) } : nil
        // Then: the rule set the close names (else the shipped default), as of the close.
        let version = close.rules.flatMap { PublishedRuleSets(base).find("\($0.name)@\($0.version)") }
        if let reference = close.rules, version == nil {
            throw AppError.ruleSetNotPublished(reference: "\(reference.name)@\(reference.version)", published: PublishedRuleSets(base).versions.map(\.label))
        }
        let rules = try version.map(RuleSetLoader.load) ?? .shippedDefault
        let identity = version.map { RuleSetIdentity(name: $0.name, version: $0.version, source: .log) } ?? .shippedDefault
        // The window and its flags as `close` settled them: days in the rule set's zone, and the
        // rule-set changes inside the period.
        let window = ReportWindow(from: close.from, to: close.to, utcOffsetMinutes: rules.calendar.utcOffsetMinutes)
        let sealed = PreparedReplay(facts: base, rules: rules, ruleSet: identity, window: window, head: baseHead,
                                    ledger: ResolvedLedger(facts: base, rules: rules),
                                    ruleChanges: try RuleSetTimeline.changes(in: window, facts: base, applied: identity.label))
        environment.retain((facts, sealed.ledger))
        return ClosedPeriod(close: close, closeSeq: closeSeq, sealed: sealed, now: facts, head: head, later: later)
    }
}

/// A period's latest close and the ledger around it.
struct ClosedPeriod {
    var close: PeriodClose
    var closeSeq: Int64
    /// The ledger as of the close, under the close's rule set, over the period.
    var sealed: PreparedReplay
    /// The ledger as of now, and what was recorded after the close.
    var now: LedgerFacts
    var head: LedgerHead
    var later: [ReplayRecord]

    /// The report the close sealed, as `close` computed it.
    var sealedReport: Report {
        sealed.report(models: [sealed.rules.attribution.model], groupBy: .channel, views: ReportView.allCases, asOf: nil)
    }
}
