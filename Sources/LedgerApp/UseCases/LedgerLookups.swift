import LedgerCore
import LedgerProjections
import LedgerStore

/// Answers that need a few events of one type, not a replay: the closes of a period, the rule
/// sets published so far. Reads the stored bodies of that type only.
struct LedgerLookups {
    let log: EventLog

    /// The events of `type` recorded up to `throughSeq`, decoded, in seq order.
    func records(of type: EventType, throughSeq: Int64 = .max) throws -> [ReplayRecord] {
        let decoder = EventDecoder(currency: log.currency)
        var records: [ReplayRecord] = []
        try storeCall {
            try log.events(through: throughSeq, type: type) { stored in
                // Stored bodies were validated on append; one that no longer decodes is a damaged ledger.
                guard let event = try? decoder.decode(JSONParser.parse(stored.body)).event else {
                    throw StoreError.damaged(path: log.connection.path, detail: "the body of seq \(stored.seq) no longer decodes")
                }
                records.append(ReplayRecord(seq: stored.seq, recordedAt: stored.recordedAt, event: event))
            }
        }
        return records
    }

    /// The closes of `period`, in seq order.
    func closes(of period: String) throws -> [(seq: Int64, close: PeriodClose)] {
        try records(of: .close).compactMap { record in
            if case .close(let close) = record.event.payload, close.period == period { (record.seq, close) } else { nil }
        }
    }

    /// The rule sets published up to `throughSeq`, without replaying anything else.
    func publishedRuleSets(throughSeq: Int64 = .max) throws -> PublishedRuleSets {
        var facts = LedgerFacts()
        for record in try records(of: .rules, throughSeq: throughSeq) { facts.apply(record) }
        return PublishedRuleSets(facts)
    }
}
