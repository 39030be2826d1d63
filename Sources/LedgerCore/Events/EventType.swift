/// The kinds of event the contract knows (`events.md`). An unknown `type` is rejected at ingest:
/// a projection must never silently skip a fact it was meant to see.
public enum EventType: String, CaseIterable, Sendable, Hashable {
    case touch
    case contact
    case stage
    case opportunity
    case merge
    case unmerge
    case spend
    case adjustment
    case selfReport = "self_report"
    case retract
    case close
    case rules
    case account

    /// Types whose events can be retracted. Rule sets and closes are part of the record of what
    /// was decided and reported: they are superseded by publishing anew, never retracted.
    public var isRetractable: Bool {
        self != .rules && self != .close
    }

    /// Types that record who acted and why (`actor`, `reason`): the decisions people make about
    /// the record (corrections, closes, rule sets), which an auditor asks about.
    public var recordsWhoAndWhy: Bool {
        switch self {
        case .merge, .unmerge, .retract, .close, .rules: true
        default: false
        }
    }
}
