public import LedgerCore
import LedgerProjections
public import LedgerReports

/// A report per period of the rule set's calendar plus the window's total (`--every month`),
/// or only the trend tables (`--by month`).
public struct SeriesRequest: Sendable {
    public var report: ReportRequest
    public var every: ReportingCalendar.Unit
    /// Every period's tables, not only the trend tables.
    public var detail: Bool

    public init(report: ReportRequest, every: ReportingCalendar.Unit, detail: Bool = true) {
        self.report = report
        self.every = every
        self.detail = detail
    }
}

extension LedgerSession {
    /// One fold; the window settled under the rule set that applies to it; then each period
    /// settled under its own (the one in force on its last day, unless one was named), reusing
    /// the resolved ledger whenever a period resolves alike, and reported.
    public func series(_ request: SeriesRequest) throws -> Series {
        let replay = request.report.replay
        let asOf = try replay.asOfTimestamp()
        _ = try replay.windowEnds()
        let replayer = self.replayer
        let head = try replayer.head(asOf: asOf)
        let facts = try replayer.fold(through: [head])[0]
        let ends = try replay.windowEnds(facts: facts)
        let window = try replayer.window(facts, from: ends.from, to: ends.to)
        let total = try replayer.settle(facts: facts, head: head, rules: replay.rules, window: window, level: replay.level)
        // The grouping of each report: a series by period groups each period's tables by channel.
        let groupBy = request.report.groupBy.period == nil ? request.report.groupBy : .channel
        let views = Self.withCompleteness(request.report.views)
        func report(_ prepared: PreparedReplay) -> Report {
            prepared.report(models: Self.unique(request.report.models, default: prepared.rules.attribution.model), groupBy: groupBy, views: views,
                            asOf: replay.asOf)
        }
        let calendar = total.rules.calendar
        var periods: [Series.Period] = []
        var previous = total
        for period in calendar.periods(request.every, from: total.window.from, to: total.window.to) {
            let prepared = try replayer.settle(facts: facts, head: head, rules: replay.rules, window: ReportWindow(from: period.from, to: period.to),
                                               level: replay.level, reusable: previous)
            previous = prepared
            let whole = calendar.period(request.every, containing: period.from)
            periods.append(Series.Period(name: period.name, from: period.from, to: period.to, isPartial: whole.from != period.from || whole.to != period.to,
                                         report: report(prepared), inForce: RuleSetTimeline.inForce(on: period.to, facts: facts)))
        }
        let named: String? = replay.rules == .inForce ? nil : total.ruleSet.label
        return Series(every: request.every, calendar: calendar, periods: periods, total: report(total), detail: request.detail, named: named)
    }
}
