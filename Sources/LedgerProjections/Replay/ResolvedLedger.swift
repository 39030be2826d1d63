public import LedgerCore

/// The facts as a rule set reads them: retracted events gone, aliases moved to survivors,
/// touches mapped to channels and deduplicated, deals assembled. Computed once per replay
/// and rule set; every view reads it.
public struct ResolvedLedger: Sendable {
    /// Per survivor contact, kept touches ordered by (`at`, `seq`).
    public private(set) var touchesByContact: [String: [ResolvedTouch]] = [:]
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
        // Touches are most of the work and share nothing with contacts and deals: one core each.
        let (touches, people) = onBothCores({ TouchResolution(facts, rules: rules, identity: identity) },
                                            { PeopleResolution(facts, identity: identity) })
        touchesByContact = touches.touchesByContact
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
            for fact in statements where facts.isVisible(fact.id) {
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

/// The touch half of a resolution: retracted touches gone, contacts resolved to survivors,
/// channels mapped, each contact's touches ordered and deduplicated.
private struct TouchResolution {
    let identity: IdentityResolver
    var touchesByContact: [String: [ResolvedTouch]] = [:]
    var touchCount = 0
    var unmappedTouchCount = 0
    var duplicateTouchesDropped = 0
    var droppedTouches: [ResolvedTouch] = []

    /// Touches are bucketed per survivor contact in ledger order (sequential memory), then
    /// each contact's touches are ordered by (`at`, `seq`) and deduplicated: dedupe only ever
    /// compares touches of one contact, so no global sort is needed. Contacts are counted
    /// first so every bucket is allocated once at its final size, and sorted and deduplicated
    /// in place.
    init(_ facts: LedgerFacts, rules: RuleSet, identity: IdentityResolver) {
        self.identity = identity
        let mapper = ChannelMapper(rules: rules.channelMapping)
        let windowMicros = Int64(rules.dedupeWindowMinutes) * 60_000_000
        let mappedFields = MappedFields(rules.channelMapping)
        var mapped: [MappingKey: (String, ChannelMapper.Source)] = [:]
        var slotOfContact: [String: Int] = [:]
        var contacts: [String] = []
        var counts: [Int] = []
        var placed: [(touch: Int, slot: Int)] = []
        placed.reserveCapacity(facts.touches.count)
        for (position, fact) in facts.touches.enumerated() where facts.isVisible(fact.id) {
            let contact = identity.contact(fact.touch.contact, at: fact.at)
            let slot: Int
            if let known = slotOfContact[contact] {
                slot = known
            } else {
                slot = contacts.count
                slotOfContact[contact] = slot
                contacts.append(contact)
                counts.append(0)
            }
            counts[slot] += 1
            placed.append((position, slot))
        }
        var buckets: [[ResolvedTouch]] = counts.map { count in
            var bucket: [ResolvedTouch] = []
            bucket.reserveCapacity(count)
            return bucket
        }
        for (position, slot) in placed {
            let fact = facts.touches[position]
            let raw = fact.box
            let (channel, source) = Self.channel(for: raw, mapper: mapper, fields: mappedFields, cache: &mapped)
            if source == .unmapped { unmappedTouchCount += 1 }
            buckets[slot].append(ResolvedTouch(
                seq: fact.seq, id: fact.id, at: fact.at, contact: contacts[slot], channel: channel, channelSource: source,
                campaign: raw.touch.effectiveCampaign, box: raw))
        }
        touchCount = placed.count
        placed = []
        touchesByContact.reserveCapacity(contacts.count)
        for slot in buckets.indices {
            var bucket = buckets[slot]
            buckets[slot] = []
            bucket.sort { ($0.at, $0.seq) < ($1.at, $1.seq) }
            if windowMicros > 0 { dedupe(&bucket, windowMicros: windowMicros) }
            touchesByContact[contacts[slot]] = bucket
        }
    }

    /// Drops, in place, every touch within the window after the last kept touch of the same
    /// channel and campaign (inclusive), counting and keeping the dropped ones.
    private mutating func dedupe(_ ordered: inout [ResolvedTouch], windowMicros: Int64) {
        var lastKept: [(channel: String, campaign: String?, at: Int64)] = []
        var keptCount = 0
        for index in ordered.indices {
            let touch = ordered[index]
            let at = touch.at.microseconds
            if let position = lastKept.firstIndex(where: { $0.channel == touch.channel && $0.campaign == touch.campaign }) {
                if at - lastKept[position].at <= windowMicros {
                    duplicateTouchesDropped += 1
                    droppedTouches.append(touch)
                    continue
                }
                lastKept[position].at = at
            } else {
                lastKept.append((touch.channel, touch.campaign, at))
            }
            if keptCount != index { ordered[keptCount] = touch }
            keptCount += 1
        }
        ordered.removeLast(ordered.count - keptCount)
    }

    /// Mapping depends only on the UTM fields, touch type and explicit channel; touches repeat
    /// a few combinations, so the answer is cached per combination.
    private static func channel(for box: RawTouch, mapper: ChannelMapper, fields: MappedFields,
                                cache: inout [MappingKey: (String, ChannelMapper.Source)]) -> (String, ChannelMapper.Source) {
        if let explicit = box.touch.channel, !explicit.isEmpty { return (explicit, .explicit) }
        // Only the fields some rule reads are part of the key.
        let utm = box.touch.utm
        let key = MappingKey(source: fields.source ? utm.source : nil, medium: fields.medium ? utm.medium : nil,
                             campaign: fields.campaign ? utm.campaign : nil, content: fields.content ? utm.content : nil,
                             term: fields.term ? utm.term : nil, touchType: fields.touchType ? box.touch.touchType : nil)
        if let cached = cache[key] { return cached }
        let result = mapper.channel(for: box.touch)
        cache[key] = result
        return result
    }

    /// Which touch fields any mapping rule reads.
    private struct MappedFields {
        var source = false, medium = false, campaign = false, content = false, term = false, touchType = false

        init(_ rules: [ChannelRule]) {
            for condition in rules.flatMap(\.conditions) {
                switch condition.field {
                case .source: source = true
                case .medium: medium = true
                case .campaign: campaign = true
                case .content: content = true
                case .term: term = true
                case .touchType: touchType = true
                }
            }
        }
    }

    /// Everything channel mapping reads.
    private struct MappingKey: Hashable {
        var source, medium, campaign, content, term, touchType: String?
    }
}

/// The other half: each survivor's account and earliest lead stage, and the deals.
private struct PeopleResolution {
    let identity: IdentityResolver
    var accountOfContact: [String: String] = [:]
    var contactsOfAccount: [String: [String]] = [:]
    var leadStage: [String: Deal.Moment] = [:]
    var deals: [Deal] = []

    init(_ facts: LedgerFacts, identity: IdentityResolver) {
        self.identity = identity
        resolveContacts(facts)
        resolveDeals(facts)
    }

    private mutating func resolveContacts(_ facts: LedgerFacts) {
        var latestAccount: [String: LedgerFacts.Dated<String>] = [:]
        func offer(_ statement: LedgerFacts.Dated<String>, survivor: String) {
            if let current = latestAccount[survivor], (current.at, current.seq) > (statement.at, statement.seq) { return }
            latestAccount[survivor] = statement
        }
        for (contact, statements) in facts.contactAccounts {
            if identity.policy == .retroactive,
               let latest = statements.max(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }), facts.isVisible(latest.id) {
                // The usual case: the latest statement is in force, and under the retroactive
                // policy the record's survivor does not depend on time.
                offer(latest, survivor: identity.contact(contact, at: latest.at))
                continue
            }
            for statement in statements where facts.isVisible(statement.id) {
                offer(statement, survivor: identity.contact(contact, at: statement.at))
            }
        }
        for (contact, statement) in latestAccount {
            let account = identity.account(statement.value, at: Timestamp(microseconds: .max))
            accountOfContact[contact] = account
            contactsOfAccount[account, default: []].append(contact)
        }
        for key in contactsOfAccount.keys { contactsOfAccount[key]!.sort() }

        for (contact, recorded) in facts.stages {
            for stage in recorded where stage.value == "lead" && facts.isVisible(stage.id) {
                let survivor = identity.contact(contact, at: stage.at)
                let moment = Deal.Moment(seq: stage.seq, id: stage.id, at: stage.at)
                if let current = leadStage[survivor], (current.at, current.seq) <= (moment.at, moment.seq) { continue }
                leadStage[survivor] = moment
            }
        }

    }

    private mutating func resolveDeals(_ facts: LedgerFacts) {
        for (opportunity, events) in facts.opportunities {
            let visible = events.filter { facts.isVisible($0.id) }.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
            guard let created = visible.first(where: { $0.change.stage == "created" }) else { continue }
            var contacts: [String] = []
            for event in visible.sorted(by: { $0.seq < $1.seq }) {
                for contact in event.change.contacts {
                    let survivor = identity.contact(contact, at: event.at)
                    if !contacts.contains(survivor) { contacts.append(survivor) }
                }
            }
            let latest = visible.last!
            let amount = visible.last { $0.change.amount != nil }?.change.amount ?? .zero
            let close = visible.last { $0.change.stage == "won" || $0.change.stage == "lost" }
            let isWon = close?.change.stage == "won"
            var wonAmount: Money?
            if isWon, let close {
                wonAmount = close.change.amount
                    ?? visible.last { $0.change.amount != nil && ($0.at, $0.seq) <= (close.at, close.seq) }?.change.amount
            }
            let adjustments = (facts.adjustments[opportunity] ?? []).filter { facts.isVisible($0.id) }
                .map { (at: $0.at, seq: $0.seq, id: $0.id, amount: $0.value) }
            deals.append(Deal(
                id: opportunity, account: identity.account(latest.change.account, at: latest.at), contacts: contacts,
                created: .init(seq: created.seq, id: created.id, at: created.at), stage: latest.change.stage, amount: amount,
                close: close.map { .init(seq: $0.seq, id: $0.id, at: $0.at) }, isWon: isWon, wonAmount: wonAmount,
                adjustments: adjustments))
        }
        deals.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
    }
}
