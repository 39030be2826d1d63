/// One fact of the ledger, as the producer stated it and the validator accepted it.
///
/// `at` is business time; the ledger's own `seq`, `recorded_at` and `hash` live on
/// `StoredEvent`. Fields the contract does not know stay in the canonical body only.
public struct Event: Sendable, Equatable {
    /// The producer's idempotency key.
    public var id: String
    /// Business time: when it happened.
    public var at: Timestamp
    /// The schema version of this event type (`v`, default 1), for upcasting.
    public var schemaVersion: Int
    public var payload: EventPayload

    public init(id: String, at: Timestamp, schemaVersion: Int = 1, payload: EventPayload) {
        self.id = id
        self.at = at
        self.schemaVersion = schemaVersion
        self.payload = payload
    }

    public var type: EventType { payload.type }
}

/// What an event says, one case per contract type.
public enum EventPayload: Sendable, Equatable {
    case touch(Touch)
    case contact(ContactFacts)
    case stage(StageChange)
    case opportunity(OpportunityChange)
    case merge(Merge)
    case unmerge(Unmerge)
    case spend(Spend)
    case adjustment(Adjustment)
    case selfReport(SelfReport)
    case retract(Retraction)
    case close(PeriodClose)
    case rules(RulesPublication)
    case account(AccountFacts)

    public var type: EventType {
        switch self {
        case .touch: .touch
        case .contact: .contact
        case .stage: .stage
        case .opportunity: .opportunity
        case .merge: .merge
        case .unmerge: .unmerge
        case .spend: .spend
        case .adjustment: .adjustment
        case .selfReport: .selfReport
        case .retract: .retract
        case .close: .close
        case .rules: .rules
        case .account: .account
        }
    }
}
