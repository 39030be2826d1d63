public import LedgerCore
public import LedgerReports

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

    public init(a: Side, b: Side, from: String? = nil, to: String? = nil, level: AttributionLevel? = nil,
                views: [ReportView] = ReportView.allCases, groupBy: GroupBy = .channel) {
        self.a = a
        self.b = b
        self.from = from
        self.to = to
        self.level = level
        self.views = views
        self.groupBy = groupBy
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
    }
}

extension LedgerSession {
    /// Folds the log once through both as-of points; resolves once when both rule sets resolve alike.
    public func compare(_ request: CompareRequest) throws -> Comparison {
        try request.check()
        let replayer = self.replayer
        let ends = try ReplayRequest(from: request.from, to: request.to).windowEnds()
        let heads = try [request.a.asOf, request.b.asOf].map { try replayer.head(asOfText: $0) }
        let distinct = heads[0]?.seq == heads[1]?.seq ? [heads[0]] : heads
        let folded = try replayer.fold(through: distinct)
        // Both sides share one window: the one given, else the span of the latest facts.
        let latest = folded[distinct.indices.max { (distinct[$0]?.seq ?? 0) < (distinct[$1]?.seq ?? 0) }!]
        let window = try replayer.window(latest, from: ends.from, to: ends.to)
        var sides: [Comparison.Side] = []
        var first: PreparedReplay?
        for (index, side) in [request.a, request.b].enumerated() {
            let factsIndex = distinct.count == 2 ? index : 0
            let prepared = try replayer.settle(facts: folded[factsIndex], head: distinct[factsIndex], rules: side.rules, window: window,
                                               level: request.level, reusable: first)
            first = first ?? prepared
            let report = prepared.report(models: [side.model ?? prepared.rules.attribution.model], groupBy: request.groupBy,
                                         views: Self.withCompleteness(request.views), asOf: side.asOf, reusing: sides.first?.report)
            sides.append(Comparison.Side(label: request.label(side), report: report))
        }
        return Comparison(a: sides[0], b: sides[1])
    }
}
