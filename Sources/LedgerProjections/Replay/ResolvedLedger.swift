public import LedgerCore

/// The facts as a rule set reads them: retracted events gone, aliases moved to survivors,
/// touches mapped to channels and deduplicated, deals assembled. Computed once per replay
/// and rule set; every view reads it.
public struct ResolvedLedger: Sendable {
    /// Per survivor contact, kept touches ordered by (`at`, `seq`).
    public private(set) var touchesByContact: [String: [ResolvedTouch]] = [:]
    /// Channel names by code (each resolved touch's channel mapping holds its code).
    public private(set) var channelNames: [String] = []
    /// Per survivor contact, its current account (after account merges).
    public private(set) var accountOfContact: [String: String] = [:]
    /// Per account, its contacts (sorted).
    public private(set) var contactsOfAccount: [String: [String]] = [:]
    /// Per survivor contact, its earliest `lead` stage (by `at`, `seq`).
    public private(set) var leadStage: [String: Deal.Moment] = [:]
    /// Deals with a visible `created` event, sorted by id.
    public private(set) var deals: [Deal] = []
    public private(set) var touchCount = 0
    public private(set) var unmappedTouchCount = 0
    public private(set) var duplicateTouchesDropped = 0
    /// The touches dedupe dropped, for data completeness.
    public private(set) var droppedTouches: [ResolvedTouch] = []
    public let identity: IdentityResolver
    /// The parts of the rule set resolution read; a rule set with the same ones resolves the
    /// same facts identically (so `compare` resolves once when only qualification or ROI rules differ).
    public let resolutionRules: ResolutionRules
    /// Names this resolution: copies share it, so views computed from one resolved ledger can
    /// be reused for another report over the very same one (`compare`).
    public let resolution = ResolutionToken()

    public init(facts: LedgerFacts, rules: RuleSet) {
        resolutionRules = ResolutionRules(rules)
        let identity = IdentityResolver(facts: facts, policy: rules.mergePolicy)
        self.identity = identity
        // Touches are most of the work and share little with contacts and deals: one core each.
        // Placing the touches finds each contact's latest account on a touch; its accounts are
        // then settled on one core while the other maps, orders and deduplicates the touches.
        let (placement, found) = onBothCores({ TouchPlacement(facts, identity: identity) },
                                             { PeopleResolution(facts, identity: identity) })
        let (touches, people) = onBothCores({ TouchResolution(placement, facts: facts, rules: rules) }, {
            var people = found
            people.settleAccounts(touchStatements: placement.accountStatements)
            return people
        })
        touchesByContact = touches.touchesByContact
        channelNames = touches.channelNames
        touchCount = touches.touchCount
        unmappedTouchCount = touches.unmappedTouchCount
        duplicateTouchesDropped = touches.duplicateTouchesDropped
        droppedTouches = touches.droppedTouches
        accountOfContact = people.accountOfContact
        contactsOfAccount = people.contactsOfAccount
        leadStage = people.leadStage
        deals = people.deals
    }

    /// Per survivor contact, its attributes, later values (by `at`, `seq`) overwriting earlier
    /// ones key by key. Computed on demand: only reports grouped by an attribute need it.
    public func attributes(facts: LedgerFacts) -> [String: [String: AttributeValue]] {
        var ordered: [(survivor: String, fact: LedgerFacts.Dated<ContactFacts>)] = []
        for (contact, statements) in facts.contactAttributes {
            for fact in statements where facts.isVisible(fact.eventID) {
                ordered.append((identity.contact(contact, at: fact.at), fact))
            }
        }
        ordered.sort { ($0.fact.at, $0.fact.seq) < ($1.fact.at, $1.fact.seq) }
        var attributes: [String: [String: AttributeValue]] = [:]
        for (survivor, fact) in ordered {
            for attribute in fact.value.attributes { attributes[survivor, default: [:]][attribute.name] = attribute.value }
        }
        return attributes
    }

    /// Per survivor account, its attributes from `account` events (merged accounts' facts carried
    /// to the survivor), later values (by `at`, `seq`) overwriting earlier ones key by key.
    public func accountAttributes(facts: LedgerFacts) -> [String: [String: AttributeValue]] {
        var ordered: [(survivor: String, fact: LedgerFacts.Dated<AccountFacts>)] = []
        for (account, statements) in facts.accountAttributes {
            for fact in statements where facts.isVisible(fact.eventID) {
                ordered.append((identity.account(account, at: fact.at), fact))
            }
        }
        ordered.sort { ($0.fact.at, $0.fact.seq) < ($1.fact.at, $1.fact.seq) }
        var attributes: [String: [String: AttributeValue]] = [:]
        for (survivor, fact) in ordered {
            for attribute in fact.value.attributes { attributes[survivor, default: [:]][attribute.name] = attribute.value }
        }
        return attributes
    }

    /// Per survivor contact, the attributes of its (survivor) account, as `accountOfContact` settles it:
    /// what `--by account:FIELD` groups by.
    public func accountAttributesOfContacts(facts: LedgerFacts) -> [String: [String: AttributeValue]] {
        let byAccount = accountAttributes(facts: facts)
        guard !byAccount.isEmpty else { return [:] }
        var result: [String: [String: AttributeValue]] = [:]
        for (contact, account) in accountOfContact {
            if let attributes = byAccount[account] { result[contact] = attributes }
        }
        return result
    }
}

/// What of a rule set `ResolvedLedger` depends on.
public struct ResolutionRules: Sendable, Equatable {
    public var channelMapping: [ChannelRule]
    public var dedupeWindowMinutes: Int
    public var mergePolicy: MergePolicy

    public init(_ rules: RuleSet) {
        channelMapping = rules.channelMapping
        dedupeWindowMinutes = rules.dedupeWindowMinutes
        mergePolicy = rules.mergePolicy
    }
}

/// The identity of one resolution (compared with `===`).
public final class ResolutionToken: Sendable {
    public init() {}
}
