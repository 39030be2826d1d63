import LedgerCore

/// The other half: each survivor's account and earliest lead stage, and the deals.
struct PeopleResolution {
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
