public import LedgerCore

/// The touches that compete for one deal's credit, in (`at`, `seq`) order, with the roles the
/// position-based models need.
public struct DealTouches: Sendable, Equatable {
    /// Indices into `touches` of the touches that hold a role; nil when no kept touch holds it.
    public struct Roles: Sendable, Equatable {
        public var first: Int?
        /// The last kept touch of the lead's contact at or before its earliest `lead` stage.
        public var leadCreation: Int?
        /// The last kept touch at or before the opportunity's creation.
        public var opportunityCreation: Int?
        /// The last kept touch at or before the `won` or `lost` event (nil while open).
        public var closing: Int?
        public var last: Int?
    }

    public var deal: Deal
    public var touches: [ResolvedTouch]
    public var roles: Roles
    /// Touches of the deal's contacts that fell outside the window (for `explain`).
    public var excluded: [ResolvedTouch]
}

/// Picks each deal's touches under a rule set: the deal's contacts' touches (level `contact`)
/// or every touch of its account's contacts (level `account`), kept when
/// `created − lookback_days × 86,400 s ≤ at ≤ end` (instants, both inclusive), where the end is the creation, or the close
/// when credit runs to close (`credit_until: close`, and always for `full_path`; an open deal
/// then ends at its creation).
public struct TouchSelector: Sendable {
    let ledger: ResolvedLedger
    let rules: AttributionRules

    public init(ledger: ResolvedLedger, rules: AttributionRules) {
        self.ledger = ledger
        self.rules = rules
    }

    public func touches(of deal: Deal, creditToClose: Bool) -> DealTouches {
        let contacts: [String] = switch rules.level {
        case .contact: deal.contacts
        case .account: ledger.contactsOfAccount[deal.account] ?? []
        }
        var candidates: [ResolvedTouch] = []
        for contact in contacts { candidates += ledger.touchesByContact[contact] ?? [] }
        candidates.sort { ($0.at, $0.seq) < ($1.at, $1.seq) }
        let start = Timestamp(microseconds: deal.created.at.microseconds - Int64(rules.lookbackDays) * Timestamp.microsecondsPerDay)
        let end = creditToClose ? (deal.close ?? deal.created) : deal.created
        var kept: [ResolvedTouch] = []
        var excluded: [ResolvedTouch] = []
        for touch in candidates {
            // The window's ends compare instants alone: a touch at the very instant of the
            // creation (or close) is kept whatever its `seq`; (`at`, `seq`) only orders and picks roles.
            if touch.at >= start && touch.at <= end.at { kept.append(touch) } else { excluded.append(touch) }
        }
        return DealTouches(deal: deal, touches: kept, roles: roles(of: kept, deal: deal), excluded: excluded)
    }

    private func roles(of touches: [ResolvedTouch], deal: Deal) -> DealTouches.Roles {
        guard !touches.isEmpty else { return DealTouches.Roles() }
        func lastIndex(atOrBefore moment: Deal.Moment, contact: String? = nil) -> Int? {
            touches.indices.last { touches[$0].isAtOrBefore(moment.at, seq: moment.seq) && (contact == nil || touches[$0].contact == contact) }
        }
        // The lead: among the deal's contacts, the earliest `lead` stage.
        let lead = deal.contacts.compactMap { contact in ledger.leadStage[contact].map { (contact, $0) } }
            .min { ($0.1.at, $0.1.seq) < ($1.1.at, $1.1.seq) }
        return DealTouches.Roles(
            first: 0,
            leadCreation: lead.flatMap { lastIndex(atOrBefore: $0.1, contact: $0.0) },
            opportunityCreation: lastIndex(atOrBefore: deal.created),
            closing: deal.close.flatMap { lastIndex(atOrBefore: $0) },
            last: touches.count - 1)
    }
}
