public import LedgerCore
public import LedgerProjections
public import LedgerReports

/// A report: views under models, grouped, over a window, as of a point, under a rule set.
public struct ReportRequest: Sendable {
    public var replay: ReplayRequest
    /// Models side by side; empty: the rule set's. Repeats are dropped.
    public var models: [AttributionModelName]
    /// The views (completeness always comes along).
    public var views: [ReportView]
    public var groupBy: GroupBy

    public init(replay: ReplayRequest = ReplayRequest(), models: [AttributionModelName] = [], views: [ReportView] = [.attribution, .completeness],
                groupBy: GroupBy = .channel) {
        self.replay = replay
        self.models = models
        self.views = views
        self.groupBy = groupBy
    }

    func check() throws {
        if let period = groupBy.period {
            throw AppError.parameterConflict([.groupBy], problem: "a report by \(period.rawValue) is a series of reports; ask for it as a series")
        }
    }
}

extension LedgerSession {
    /// Replays once and computes the report.
    public func report(_ request: ReportRequest) throws -> Report {
        try request.check()
        let prepared = try replayer.prepare(request.replay)
        return prepared.report(models: Self.unique(request.models, default: prepared.rules.attribution.model), groupBy: request.groupBy,
                               views: Self.withCompleteness(request.views), asOf: request.replay.asOf)
    }

    /// Models in the order given, each once; none: `fallback`.
    static func unique(_ models: [AttributionModelName], default fallback: AttributionModelName) -> [AttributionModelName] {
        var unique: [AttributionModelName] = []
        for model in models where !unique.contains(model) { unique.append(model) }
        return unique.isEmpty ? [fallback] : unique
    }

    static func withCompleteness(_ views: [ReportView]) -> [ReportView] {
        Set(views + [.completeness]).sorted()
    }
}
