public import LedgerCore
public import LedgerReports

/// Closing a period: its report (every view, the rule set in force at its end or a published
/// one), sealed in the ledger by a `close` event holding the report's digest.
public struct CloseRequest: Sendable {
    /// `YYYY`, `YYYY-Qn`, `YYYY-MM`, or any name with `from` and `to`.
    public var period: String
    public var from: String?
    public var to: String?
    /// A published rule set (`NAME` or `NAME@VERSION`) instead of the one in force.
    public var rules: String?
    /// A deliberate second close of the same period (needs a reason); restatements then start
    /// from the latest.
    public var reclose: Bool
    public var context: ActionContext

    public init(period: String, from: String? = nil, to: String? = nil, rules: String? = nil, reclose: Bool = false, context: ActionContext = ActionContext()) {
        self.period = period
        self.from = from
        self.to = to
        self.rules = rules
        self.reclose = reclose
        self.context = context
    }

    /// The period's days.
    public func resolvedPeriod() throws -> ReportingPeriod {
        if from != nil || to != nil {
            guard let from, let to else {
                throw AppError.parameterConflict([.from, .to], problem: "a period by name needs both its first and its last day")
            }
            let first = try RequestValues.date(from, .from)
            let last = try RequestValues.date(to, .to)
            guard first <= last else { throw AppError.parameterConflict([.from, .to], problem: "the period ends (\(last)) before it starts (\(first))") }
            return ReportingPeriod(name: period, from: first, to: last)
        }
        guard let parsed = ReportingPeriod(period) else {
            throw AppError.invalidParameter(.period, value: period, problem: "is not a year, quarter or month",
                                            expected: "YYYY, YYYY-Qn or YYYY-MM (or any name with its first and last day)")
        }
        return parsed
    }
}

public struct CloseResult {
    public var period: ReportingPeriod
    public var report: Report
    public var appended: AppendResult
    /// The close this one supersedes, for a reclose.
    public var supersedes: Int64?
}

extension LedgerSession {
    /// Replays once, computes the report, appends the close.
    public func close(_ request: CloseRequest) throws -> CloseResult {
        let period = try request.resolvedPeriod()
        let today = environment.clock.now().date
        guard period.to < today else { throw AppError.periodNotEnded(period: request.period, lastDay: period.to, today: today) }
        let earlier = try LedgerLookups(log: log).closes(of: request.period).last
        if let earlier, !request.reclose {
            throw AppError.periodAlreadyClosed(period: request.period, seq: earlier.seq, digest: earlier.close.reportDigest)
        }
        let who = try request.context.whoAndWhy(environment, requireReason: request.reclose ? "reclose" : nil)
        let prepared = try replayer.prepare(ReplayRequest(rules: request.rules.map(RuleChoice.published) ?? .inForce,
                                                          from: period.from.description, to: period.to.description))
        let report = prepared.report(models: [prepared.rules.attribution.model], groupBy: .channel, views: ReportView.allCases, asOf: nil)
        var fields: [(String, JSONValue)] = [("period", .string(request.period)), ("from", .string(period.from.description)),
                                             ("to", .string(period.to.description)), ("report_digest", .string(report.digest))]
        if prepared.ruleSet.source == .log, let version = prepared.ruleSet.version {
            fields.append(("rules", .object(JSONObject([.init(key: "name", value: .string(prepared.ruleSet.name)),
                                                        .init(key: "version", value: .number(String(version)))]))))
        }
        let writer = EventWriter(session: self)
        let id = request.context.id ?? "close:\(request.period)@\(prepared.head?.seq ?? 0)"
        let decoded = try writer.compose(action: "close", type: .close, id: id, at: try request.context.atTimestamp(environment), fields: fields + who)
        let appended = try writer.append(decoded, action: "close", recordedAt: try request.context.recordedAtTimestamp())
        return CloseResult(period: period, report: report, appended: appended, supersedes: earlier?.seq)
    }
}
