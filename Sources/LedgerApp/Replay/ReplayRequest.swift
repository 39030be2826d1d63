public import LedgerCore
import LedgerProjections

/// What a replay is of: the ledger as recorded up to an as-of point, under a rule set, over a
/// window of business time. Every field is optional and has the documented default.
public struct ReplayRequest: Sendable, Equatable {
    /// Only what the ledger had recorded at this time (RFC 3339 text, kept as given for the
    /// provenance); nil: everything.
    public var asOf: String?
    /// Which rule set applies.
    public var rules: RuleChoice
    /// The window's first and last day (inclusive, UTC); nil: the first or last day with a touch
    /// or deal.
    public var from: String?
    public var to: String?
    /// Whose touches a deal sees, overriding the rule set's.
    public var level: AttributionLevel?
    /// A named period instead of `from` and `to`: `2026`, `2026-Q1`, `2026-03`, read with the
    /// calendar of the rule set that applies (fiscal quarters and years when it says so).
    public var period: String?

    public init(asOf: String? = nil, rules: RuleChoice = .inForce, from: String? = nil, to: String? = nil, level: AttributionLevel? = nil,
                period: String? = nil) {
        self.asOf = asOf
        self.rules = rules
        self.from = from
        self.to = to
        self.level = level
        self.period = period
    }

    /// The as-of point, checked.
    func asOfTimestamp() throws -> Timestamp? {
        try asOf.map { try RequestValues.timestamp($0, .asOf) }
    }

    /// The window's given ends, checked (each a real day, `to` not before `from`).
    func windowEnds() throws -> (from: LedgerDate?, to: LedgerDate?) {
        let first = try from.map { try RequestValues.date($0, .from) }
        let last = try to.map { try RequestValues.date($0, .to) }
        if let first, let last, last < first {
            throw AppError.parameterConflict([.from, .to], problem: "the window ends (\(last)) before it starts (\(first))")
        }
        return (first, last)
    }

    /// The window's ends: as given, or the named period under the calendar of the rule set that
    /// applies to it (for the rule set in force: the one in force at the period's calendar end).
    func windowEnds(facts: LedgerFacts) throws -> (from: LedgerDate?, to: LedgerDate?) {
        let ends = try windowEnds()
        guard let period else { return ends }
        if from != nil || to != nil {
            throw AppError.parameterConflict([.period, .from, .to], problem: "a named period is the window; give --period or --from and --to, not both")
        }
        guard let rough = ReportingPeriod(period) else {
            throw AppError.invalidParameter(.period, value: period, problem: "is not a period", expected: "YYYY, YYYY-Qn or YYYY-MM, such as 2026-Q1")
        }
        let (rules, _) = try RuleSetLoader.load(self.rules, facts: facts, window: ReportWindow(from: rough.from, to: rough.to))
        let named = rules.calendar.period(named: period)!
        return (named.from, named.to)
    }
}

/// Which rule set a replay applies.
public enum RuleChoice: Sendable, Equatable {
    /// The rule set published in the log in force at the window's end, else the shipped default.
    case inForce
    /// A rule set published in the log: `NAME` (its latest version as of the replay point) or `NAME@VERSION`.
    case published(String)
    /// A rule-set JSON file (a what-if).
    case file(String)
}
