public import LedgerCore

/// The records behind each count of `CompletenessView`, by the same tests: the touches no rule
/// maps, the deals with no kept touch, the leads without UTM, the direct spend without a
/// campaign, and the merges naming records nothing else names. What a person fixes.
public struct CompletenessRecords: Sendable {
    public struct Record: Sendable, Equatable {
        /// `unmapped_touch`, `deal_without_touch`, `lead_without_utm`, `spend_without_campaign`, `merge_naming_unseen`.
        public var issue: String
        public var id: String
        public var seq: Int64?
        public var at: Timestamp?
        /// What the record says that matters here (its raw UTM, the deal's account, …).
        public var detail: String
    }

    /// In issue order, each issue's records by time then id.
    public var records: [Record]

    public init(facts: LedgerFacts, ledger: ResolvedLedger, window: ReportWindow, pipeline: AttributionResult, leads: FunnelView.Base) {
        var records: [Record] = []
        var unmapped: [Record] = []
        let touches = ledger.touchesByContact.values.joined().filter { window.contains($0.at) } + ledger.droppedTouches.filter { window.contains($0.at) }
        for touch in touches where touch.channelSource == .unmapped {
            let utm = touch.raw.utm
            unmapped.append(Record(issue: "unmapped_touch", id: touch.id, seq: touch.seq, at: touch.at,
                                   detail: "contact \(touch.contact); utm " + [utm.source, utm.medium, utm.campaign].map { $0 ?? "-" }.joined(separator: " / ")))
        }
        records += Self.ordered(unmapped)
        let untouched = Set(pipeline.credits.filter { $0.touch == nil }.map(\.dealID))
        records += Self.ordered(ledger.deals.filter { untouched.contains($0.id) }.map { deal in
            Record(issue: "deal_without_touch", id: deal.id, seq: deal.created.seq, at: deal.created.at,
                   detail: "account \(deal.account); contacts \(deal.contacts.isEmpty ? "(none)" : deal.contacts.joined(separator: ", "))")
        })
        records += Self.ordered(leads.untaggedLeads.map { lead in
            Record(issue: "lead_without_utm", id: lead.contact, seq: nil, at: lead.at, detail: "the lead-creation touch has no UTM and no channel, or there is none")
        })
        var spend: [Record] = []
        for record in facts.spends where !record.value.isShared && facts.isVisible(record.eventID) {
            let value = record.value
            guard value.periodStart <= window.to, value.periodEnd >= window.from, value.campaign.map({ $0.isEmpty }) ?? true else { continue }
            spend.append(Record(issue: "spend_without_campaign", id: record.id, seq: record.seq, at: record.at,
                                detail: "\(value.channel ?? "no channel"), \(value.periodStart) to \(value.periodEnd), amount \(value.amount)"))
        }
        records += Self.ordered(spend)
        let undone = Set(facts.unmerges.filter { facts.isVisible($0.eventID) }.map(\.value))
        let merges = facts.merges.filter { facts.isVisible($0.eventID) && !undone.contains($0.id) }
        if !merges.isEmpty {
            let unseen = (contact: CompletenessView.unseen(merges, kind: .contact, in: facts), account: CompletenessView.unseen(merges, kind: .account, in: facts))
            records += Self.ordered(merges.compactMap { merge in
                let ids = merge.value.kind == .contact ? unseen.contact : unseen.account
                let named = [merge.value.from, merge.value.into].filter(ids.contains)
                guard !named.isEmpty else { return nil }
                return Record(issue: "merge_naming_unseen", id: merge.id, seq: merge.seq, at: merge.at,
                              detail: "\(merge.value.kind.rawValue) \(merge.value.from) into \(merge.value.into); never seen elsewhere: \(named.joined(separator: ", "))")
            })
        }
        self.records = records
    }

    static func ordered(_ records: [Record]) -> [Record] {
        records.sorted { ($0.at ?? Timestamp(microseconds: 0), $0.id) < ($1.at ?? Timestamp(microseconds: 0), $1.id) }
    }
}
