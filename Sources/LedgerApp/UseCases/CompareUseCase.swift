public import LedgerCore
public import LedgerReports
import LedgerProjections
import LedgerStore

/// Two reports side by side from one replay: exactly one of rule set, model or as-of point
/// differs between the sides; the rest applies to both.
public struct CompareRequest: Sendable {
    /// What each side is: its rule set, model and as-of point.
    public struct Side: Sendable, Equatable {
        public var rules: RuleChoice
        public var model: AttributionModelName?
        public var asOf: String?

        public init(rules: RuleChoice = .inForce, model: AttributionModelName? = nil, asOf: String? = nil) {
            self.rules = rules
            self.model = model
            self.asOf = asOf
        }
    }

    public var a: Side
    public var b: Side
    public var from: String?
    public var to: String?
    public var level: AttributionLevel?
    public var views: [ReportView]
    public var groupBy: GroupBy
    /// A named period as the window (`2026-Q1`), read with side A's rule set's calendar.
    public var period: String?

    public init(a: Side, b: Side, from: String? = nil, to: String? = nil, level: AttributionLevel? = nil,
                views: [ReportView] = ReportView.allCases, groupBy: GroupBy = .channel, period: String? = nil) {
        self.a = a
        self.b = b
        self.from = from
        self.to = to
        self.level = level
        self.views = views
        self.groupBy = groupBy
        self.period = period
    }

    /// What distinguishes a side, for the header: the one thing that differs (when nothing
    /// does, a comparison of a thing with itself, what both sides are).
    func label(_ side: Side) -> String {
        let same = a == b
        if a.rules != b.rules || (same && side.rules != .inForce) {
            switch side.rules {
            case .file(let path): return "rules file \(path.split(separator: "/").last.map(String.init) ?? path)"
            case .published(let reference): return "rules \(reference)"
            case .inForce: return "rules in force"
            }
        }
        if a.model != b.model || (same && side.model != nil) { return "model \(side.model?.rawValue ?? "of the rule set")" }
        return "as of \(side.asOf ?? "the head")"
    }

    func check() throws {
        let differing = [a.rules != b.rules, a.model != b.model, a.asOf != b.asOf].filter { $0 }.count
        guard differing <= 1 else {
            throw AppError.parameterConflict([.rules, .rulesFile, .model, .asOf],
                                             problem: "more than one of rule set, model and as-of point differs between the sides; exactly one may")
        }
        if let period = groupBy.period {
            throw AppError.parameterConflict([.groupBy], problem: "a comparison by \(period.rawValue) is a series of comparisons; ask for it with every")
        }
    }
}

extension LedgerSession {
    /// Folds the log once through both as-of points; resolves once when both rule sets resolve alike.
    public func compare(_ request: CompareRequest) throws -> Comparison {
        let folded = try compareFold(request)
        return try comparison(request, folded, window: folded.window, previous: []).comparison
    }

    /// A comparison per period of side A's rule set's calendar plus the window's, from one fold;
    /// each side's period under its own rule set (in force in the period, unless named).
    public func compareSeries(_ request: CompareRequest, every: ReportingCalendar.Unit) throws -> ComparisonSeries {
        let folded = try compareFold(request)
        let total = try comparison(request, folded, window: folded.window, previous: [])
        let calendar = total.prepared[0].rules.calendar
        var previous = total.prepared
        var periods: [ComparisonSeries.Period] = []
        for period in calendar.periods(every, from: total.prepared[0].window.from, to: total.prepared[0].window.to) {
            let compared = try comparison(request, folded, window: ReportWindow(from: period.from, to: period.to), previous: previous)
            previous = compared.prepared
            let whole = calendar.period(every, containing: period.from)
            periods.append(ComparisonSeries.Period(name: period.name, from: period.from, to: period.to,
                                                   isPartial: whole.from != period.from || whole.to != period.to, comparison: compared.comparison))
        }
        return ComparisonSeries(every: every, calendar: calendar, periods: periods, total: total.comparison)
    }

    /// What both sides replay: the heads, the facts folded through them, and the shared window.
    struct CompareFold {
        var heads: [LedgerHead?]
        var facts: [LedgerFacts]
        var window: ReportWindow
    }

    func compareFold(_ request: CompareRequest) throws -> CompareFold {
        try request.check()
        let replayer = self.replayer
        let replay = ReplayRequest(rules: request.a.rules, from: request.from, to: request.to, period: request.period)
        _ = try replay.windowEnds()
        let heads = try [request.a.asOf, request.b.asOf].map { try replayer.head(asOfText: $0) }
        let distinct = heads[0]?.seq == heads[1]?.seq ? [heads[0]] : heads
        let folded = try replayer.fold(through: distinct)
        // Both sides share one window: the one given, else the span of the latest facts.
        let latest = folded[distinct.indices.max { (distinct[$0]?.seq ?? 0) < (distinct[$1]?.seq ?? 0) }!]
        let ends = try replay.windowEnds(facts: latest)
        return CompareFold(heads: distinct, facts: folded, window: try replayer.window(latest, from: ends.from, to: ends.to))
    }

    /// The two sides over one window; `previous` (the sides' replays over another window) lends
    /// its resolved ledgers when a side resolves alike.
    func comparison(_ request: CompareRequest, _ folded: CompareFold, window: ReportWindow,
                    previous: [PreparedReplay]) throws -> (comparison: Comparison, prepared: [PreparedReplay]) {
        var sides: [Comparison.Side] = []
        var prepared: [PreparedReplay] = []
        for (index, side) in [request.a, request.b].enumerated() {
            let factsIndex = folded.heads.count == 2 ? index : 0
            // The same side over the previous window resolved under the same rules; else side A.
            let reusable = previous.indices.contains(index) ? previous[index] : prepared.first
            let settled = try replayer.settle(facts: folded.facts[factsIndex], head: folded.heads[factsIndex], rules: side.rules, window: window,
                                              level: request.level, reusable: reusable)
            prepared.append(settled)
            let report = settled.report(models: [side.model ?? settled.rules.attribution.model], groupBy: request.groupBy,
                                        views: Self.withCompleteness(request.views), asOf: side.asOf, reusing: sides.first?.report)
            sides.append(Comparison.Side(label: request.label(side), report: report))
        }
        return (Comparison(a: sides[0], b: sides[1]), prepared)
    }
}
