public import LedgerCore

/// What moved in a closed period's attribution since its close, and why.
///
/// The ledger as of the close (`base`) is brought to the ledger as of now one cause at a time:
/// the events recorded after the close are applied by kind in a fixed order (late touches,
/// contact facts, stages, opportunity events, spend and self-reports; then adjustments, merges,
/// unmerges, retractions), each step keeping every earlier step's events, in `seq` order; last,
/// the rule set switches from the one the close used to the one in force now. Each cause is
/// credited with the change its step makes, so the causes add up exactly to the total change
/// (the steps telescope from the closed report to today's).
public struct Restatement: Sendable {
    public struct Movement: Sendable, Equatable {
        public var cause: String
        public var channel: String
        public var pipeline: Money
        public var revenue: Money
    }

    public typealias Totals = [String: Amounts]

    public struct Amounts: Sendable, Equatable {
        public var pipeline: Int64 = 0
        public var revenue: Int64 = 0

        public init(pipeline: Int64 = 0, revenue: Int64 = 0) {
            self.pipeline = pipeline
            self.revenue = revenue
        }
    }

    /// The causes in order; per cause the channels it moved (sorted), only non-zero ones.
    public var movements: [Movement]
    /// Per channel, attribution as of the close and now.
    public var before: Totals
    public var after: Totals

    public static let ruleSetCause = "newer rule set"

    /// The cause an event recorded after the close stands for; nil for kinds that move nothing
    /// here (rule sets are their own last step; closes move nothing).
    public static func cause(of type: EventType) -> String? {
        switch type {
        case .touch: "late touches"
        case .contact: "late contact facts"
        case .account: "late account facts"
        case .stage: "late stages"
        case .opportunity: "late opportunity events"
        case .spend: "late spend"
        case .selfReport: "late self-reports"
        case .adjustment: "adjustments"
        case .merge: "merges"
        case .unmerge: "unmerges"
        case .retract: "retractions"
        case .rules, .close: nil
        }
    }

    static let order = ["late touches", "late contact facts", "late account facts", "late stages", "late opportunity events", "late spend", "late self-reports",
                        "adjustments", "merges", "unmerges", "retractions"]

    public init(base: LedgerFacts, later: [ReplayRecord], closeRules: RuleSet, currentRules: RuleSet, window: ReportWindow) {
        func attribution(_ facts: LedgerFacts, _ rules: RuleSet) -> Totals {
            let engine = AttributionEngine(ledger: ResolvedLedger(facts: facts, rules: rules), rules: rules, window: window)
            let run = engine.runs([rules.attribution.model])[0]
            var totals: Totals = [:]
            for credit in run.pipeline.credits { totals[credit.channel, default: Amounts()].pipeline += credit.amount.units }
            for credit in run.revenue.credits { totals[credit.channel, default: Amounts()].revenue += credit.amount.units }
            return totals
        }
        var movements: [Movement] = []
        func record(_ cause: String, from old: Totals, to new: Totals) {
            for channel in Set(old.keys).union(new.keys).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let a = old[channel] ?? Amounts()
                let b = new[channel] ?? Amounts()
                guard a != b else { continue }
                movements.append(Movement(cause: cause, channel: channel, pipeline: Money(units: b.pipeline - a.pipeline),
                                          revenue: Money(units: b.revenue - a.revenue)))
            }
        }
        let closed = attribution(base, closeRules)
        var current = closed
        var included = Set<String>()
        for cause in Self.order where later.contains(where: { Self.cause(of: $0.event.type) == cause }) {
            included.insert(cause)
            var facts = base
            for record in later where Self.cause(of: record.event.type).map(included.contains) == true { facts.apply(record) }
            let next = attribution(facts, closeRules)
            record(cause, from: current, to: next)
            current = next
        }
        // Now: every later event (rule sets included, for the one in force) under today's rules.
        var now = base
        for record in later { now.apply(record) }
        let final = attribution(now, currentRules)
        record(Self.ruleSetCause, from: current, to: final)
        self.movements = movements
        before = closed
        after = final
    }
}
