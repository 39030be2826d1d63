public import LedgerCore
public import LedgerProjections
public import LedgerReports

/// Which rule sets the log had in force on the days of a window, and where that changed.
public enum RuleSetTimeline {
    /// Each day in the window (after its first) on which the rule set in force changed in some
    /// part, with the parts; `applied` names the rule set the report applies to all of it.
    public static func changes(in window: ReportWindow, facts: LedgerFacts, applied: String) throws -> [RuleChange] {
        let published = PublishedRuleSets(facts)
        let days = Set(published.versions.map(\.effectiveFrom).filter { $0 > window.from && $0 <= window.to }).sorted()
        var changes: [RuleChange] = []
        for day in days {
            let before = published.inForce(at: LedgerDate(dayNumber: day.dayNumber - 1))
            let after = published.inForce(at: day)
            guard before?.seq != after?.seq else { continue }
            let parts = RuleChange.parts(try before.map(RuleSetLoader.load) ?? .shippedDefault, try after.map(RuleSetLoader.load) ?? .shippedDefault)
            guard !parts.isEmpty else { continue }
            changes.append(RuleChange(on: day, before: before?.label ?? RuleSetIdentity.shippedDefault.label,
                                      after: after?.label ?? RuleSetIdentity.shippedDefault.label, parts: parts, applied: applied))
        }
        return changes
    }

    /// The label of the rule set in force on a day (`default` before any was published).
    public static func inForce(on day: LedgerDate, facts: LedgerFacts) -> String {
        PublishedRuleSets(facts).inForce(at: day)?.label ?? RuleSetIdentity.shippedDefault.label
    }
}
