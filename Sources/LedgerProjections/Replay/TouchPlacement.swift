import LedgerCore

/// The touch half of a resolution, step one: each visible touch placed with its survivor, in
/// ledger order (sequential memory). It counts each survivor's touches, so step two
/// (`TouchResolution`) allocates each bucket once, and finds each survivor's latest account
/// statement on a touch, which `PeopleResolution.settleAccounts` weighs against its contact
/// events' while step two runs on the other core.
struct TouchPlacement {
    /// The survivors, by slot.
    private(set) var contacts: [String] = []
    /// Per slot, its visible touches.
    private(set) var counts: [Int] = []
    /// Each visible touch (its position in `facts.touches`) and its survivor's slot, in ledger order.
    private(set) var placed: [(touch: Int, slot: Int)] = []
    /// Per survivor, the latest (by `at`, `seq`) account a visible touch of it names, dropped by
    /// dedupe or not, already followed through account merges.
    private(set) var accountStatements: [(contact: String, statement: LedgerFacts.Dated<String>)] = []

    init(_ facts: LedgerFacts, identity: IdentityResolver) {
        var slotOfContact: [String: Int] = [:]
        // When survivors do not depend on time, each stated contact is resolved to its slot once.
        let ignoresTime = identity.ignoresTime
        var slotOfStated: [String: Int] = [:]
        // Per slot, the position of its latest touch that names an account, or -1.
        var latestAccountTouch: [Int] = []
        placed.reserveCapacity(facts.touches.count)
        for (position, fact) in facts.touches.enumerated() where facts.isVisible(fact.eventID) {
            let slot: Int
            if ignoresTime, let known = slotOfStated[fact.contact] {
                slot = known
            } else {
                let contact = identity.contact(fact.contact, at: fact.at)
                if let known = slotOfContact[contact] {
                    slot = known
                } else {
                    slot = contacts.count
                    slotOfContact[contact] = slot
                    contacts.append(contact)
                    counts.append(0)
                    latestAccountTouch.append(-1)
                }
                if ignoresTime { slotOfStated[fact.contact] = slot }
            }
            counts[slot] += 1
            placed.append((position, slot))
            if let account = fact.account, !account.isEmpty {
                // Touches come in seq order: a later one at the same time is the later statement.
                let latest = latestAccountTouch[slot]
                if latest < 0 || facts.touches[latest].at <= fact.at { latestAccountTouch[slot] = position }
            }
        }
        let end = Timestamp(microseconds: .max)
        for (slot, position) in latestAccountTouch.enumerated() where position >= 0 {
            let fact = facts.touches[position]
            let account = identity.account(fact.account!, at: end)
            accountStatements.append((contacts[slot], LedgerFacts.Dated(seq: fact.seq, eventID: fact.eventID, at: fact.at, value: account)))
        }
    }
}
