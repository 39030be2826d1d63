import LedgerCore

/// Where the attribute and stage statements that qualify a lead are, looked up per lead: its own
/// record's and those of the records merged into it (`IdentityResolver.upstreamContacts`). A
/// report qualifies the window's leads, not every contact of the ledger, so it reads only their
/// facts, and each lead's independently of the others (the leads can be split between cores).
struct LeadStatements: Sendable {
    let facts: LedgerFacts
    let identity: IdentityResolver
    let upstream: [String: [String]]

    init(facts: LedgerFacts, identity: IdentityResolver) {
        self.facts = facts
        self.identity = identity
        upstream = identity.upstreamContacts()
    }

    /// Reads leads' statements one lead at a time, reusing its buffers from lead to lead.
    struct Reader {
        let source: LeadStatements
        private var attributeLists: [[LedgerFacts.Dated<ContactFacts>]] = []
        private var stageLists: [[LedgerFacts.Dated<String>]] = []
        private var order: [Reference] = []

        /// One statement: which record's list, which position in it, and its (`at`, `seq`).
        private struct Reference {
            var at: Timestamp
            var seq: Int64
            var list: Int32
            var index: Int32
            var isStage: Bool
        }

        init(_ source: LeadStatements) {
            self.source = source
        }

        /// Calls `visit` with each visible statement that resolves to `lead` (a survivor, as the
        /// funnel's leads are), in (`at`, `seq`) order (attributes, or a stage), until it returns
        /// false.
        mutating func forEach(of lead: String, _ visit: (Timestamp, [(name: String, value: AttributeValue)], String?) -> Bool) {
            gather(lead)
            for reference in order {
                let list = Int(reference.list)
                let index = Int(reference.index)
                let goOn = reference.isStage
                    ? visit(reference.at, [], stageLists[list][index].value)
                    : visit(reference.at, attributeLists[list][index].value.attributes, nil)
                if !goOn { return }
            }
        }

        private mutating func gather(_ lead: String) {
            attributeLists.removeAll(keepingCapacity: true)
            stageLists.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            let facts = source.facts
            let identity = source.identity
            let others = source.upstream[lead] ?? []
            // When survivors do not depend on time, every record upstream of a survivor is its
            // whole; otherwise each statement follows its record's chain as of its time.
            let whole = identity.ignoresTime
            for number in -1..<others.count {
                let record = number < 0 ? lead : others[number]
                let list = Int32(attributeLists.count)
                let attributes = facts.contactAttributes[record] ?? []
                for (index, statement) in attributes.enumerated()
                where (whole || identity.contact(record, at: statement.at) == lead) && facts.isVisible(statement.eventID) {
                    order.append(Reference(at: statement.at, seq: statement.seq, list: list, index: Int32(index), isStage: false))
                }
                let stages = facts.stages[record] ?? []
                for (index, statement) in stages.enumerated()
                where (whole || identity.contact(record, at: statement.at) == lead) && facts.isVisible(statement.eventID) {
                    order.append(Reference(at: statement.at, seq: statement.seq, list: list, index: Int32(index), isStage: true))
                }
                attributeLists.append(attributes)
                stageLists.append(stages)
            }
            order.sort { ($0.at, $0.seq) < ($1.at, $1.seq) }
        }
    }
}
