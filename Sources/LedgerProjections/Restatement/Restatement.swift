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

    /// One state of the ledger on the way from the close to now: the closed one (no cause),
    /// then one per cause, each keeping the earlier ones, the last under today's rule set.
    public struct Step: Sendable {
        public var cause: String?
        public var facts: LedgerFacts
        public var rules: RuleSet
    }

    /// The closed ledger, then the later events applied cause by cause (in `order`, each step
    /// keeping every earlier step's events, in `seq` order), then every later event under the
    /// rule set in force now.
    public static func steps(base: LedgerFacts, later: [ReplayRecord], closeRules: RuleSet, currentRules: RuleSet) -> [Step] {
        var steps = [Step(cause: nil, facts: base, rules: closeRules)]
        var included = Set<String>()
        for cause in order where later.contains(where: { Self.cause(of: $0.event.type) == cause }) {
            included.insert(cause)
            var facts = base
            for record in later where Self.cause(of: record.event.type).map(included.contains) == true { facts.apply(record) }
            steps.append(Step(cause: cause, facts: facts, rules: closeRules))
        }
        // Now: every later event (rule sets included, for the one in force) under today's rules.
        var now = base
        for record in later { now.apply(record) }
        steps.append(Step(cause: ruleSetCause, facts: now, rules: currentRules))
        return steps
    }

    /// Credit per channel under each rule set's own model, step by step.
    public init(base: LedgerFacts, later: [ReplayRecord], closeRules: RuleSet, currentRules: RuleSet, window: ReportWindow) {
        self.init(totals: Self.steps(base: base, later: later, closeRules: closeRules, currentRules: currentRules).map { step in
            let engine = AttributionEngine(ledger: ResolvedLedger(facts: step.facts, rules: step.rules), rules: step.rules, window: window)
            let run = engine.runs([step.rules.attribution.model])[0]
            var totals: Totals = [:]
            for credit in run.pipeline.credits { totals[credit.channel, default: Amounts()].pipeline += credit.amount.units }
            for credit in run.revenue.credits { totals[credit.channel, default: Amounts()].revenue += credit.amount.units }
            return (step.cause, totals)
        })
    }

    /// From each step's credit per channel (the first the closed one): each cause is credited
    /// with the change its step makes, so the causes add up to the total change.
    public init(totals steps: [(cause: String?, totals: Totals)]) {
        precondition(!steps.isEmpty, "a restatement starts from the closed report")
        var movements: [Movement] = []
        for (previous, step) in zip(steps, steps.dropFirst()) {
            let (old, new) = (previous.totals, step.totals)
            for channel in Set(old.keys).union(new.keys).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let a = old[channel] ?? Amounts()
                let b = new[channel] ?? Amounts()
                guard a != b else { continue }
                movements.append(Movement(cause: step.cause ?? "", channel: channel, pipeline: Money(units: b.pipeline - a.pipeline),
                                          revenue: Money(units: b.revenue - a.revenue)))
            }
        }
        self.movements = movements
        before = steps.first!.totals
        after = steps.last!.totals
    }
}
