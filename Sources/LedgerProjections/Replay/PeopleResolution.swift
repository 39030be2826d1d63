import LedgerCore

/// The other half: each survivor's account and earliest lead stage, and the deals.
struct PeopleResolution {
    let identity: IdentityResolver
    var accountOfContact: [String: String] = [:]
    var contactsOfAccount: [String: [String]] = [:]
    var leadStage: [String: Deal.Moment] = [:]
    var deals: [Deal] = []

    /// Per survivor, the latest account statement of its `contact` events, its account followed
    /// through account merges; `settleAccounts` weighs it against its touches' and assigns the
    /// accounts. (Both halves follow account merges on their own core.)
    private var latestContactStatement: [String: LedgerFacts.Dated<String>] = [:]

    init(_ facts: LedgerFacts, identity: IdentityResolver) {
        self.identity = identity
        resolveContacts(facts)
        resolveDeals(facts)
    }

    /// A contact's account is the one named by its latest visible statement (by `at`, `seq`),
    /// on a `contact` event or a touch (`touchStatements`, one per survivor), followed through
    /// account merges.
    mutating func settleAccounts(touchStatements: [(contact: String, statement: LedgerFacts.Dated<String>)]) {
        var latestAccount = latestContactStatement
        latestContactStatement = [:]
        latestAccount.reserveCapacity(latestAccount.count + touchStatements.count)
        for (contact, statement) in touchStatements { Self.offer(statement, survivor: contact, to: &latestAccount) }
        accountOfContact.reserveCapacity(latestAccount.count)
        for (contact, statement) in latestAccount {
            accountOfContact[contact] = statement.value
            contactsOfAccount[statement.value, default: []].append(contact)
        }
        for key in contactsOfAccount.keys { contactsOfAccount[key]!.sort() }
    }

    private static func offer(_ statement: LedgerFacts.Dated<String>, survivor: String,
                              to latestAccount: inout [String: LedgerFacts.Dated<String>]) {
        if let current = latestAccount[survivor], (current.at, current.seq) > (statement.at, statement.seq) { return }
        latestAccount[survivor] = statement
    }

    private mutating func resolveContacts(_ facts: LedgerFacts) {
        latestContactStatement.reserveCapacity(facts.contactAccounts.count)
        for (contact, statements) in facts.contactAccounts {
            if identity.policy == .retroactive,
               let latest = statements.max(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }), facts.isVisible(latest.eventID) {
                // The usual case: the latest statement is in force, and under the retroactive
                // policy the record's survivor does not depend on time.
                Self.offer(latest, survivor: identity.contact(contact, at: latest.at), to: &latestContactStatement)
                continue
            }
            for statement in statements where facts.isVisible(statement.eventID) {
                Self.offer(statement, survivor: identity.contact(contact, at: statement.at), to: &latestContactStatement)
            }
        }
        let end = Timestamp(microseconds: .max)
        for index in latestContactStatement.values.indices {
            latestContactStatement.values[index].value = identity.account(latestContactStatement.values[index].value, at: end)
        }

        for (contact, recorded) in facts.stages {
            for stage in recorded where stage.value == "lead" && facts.isVisible(stage.eventID) {
                let survivor = identity.contact(contact, at: stage.at)
                let moment = Deal.Moment(seq: stage.seq, id: stage.id, at: stage.at)
                if let current = leadStage[survivor], (current.at, current.seq) <= (moment.at, moment.seq) { continue }
                leadStage[survivor] = moment
            }
        }

    }

    private mutating func resolveDeals(_ facts: LedgerFacts) {
        for (opportunity, events) in facts.opportunities {
            let visible = events.filter { facts.isVisible($0.eventID) }.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
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
            let adjustments = (facts.adjustments[opportunity] ?? []).filter { facts.isVisible($0.eventID) }
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
