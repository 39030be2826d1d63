public import LedgerCore

/// How much of the window's data the other views could not use fully; every report carries it.
///
/// - touches: visible touches in the window (before dedupe); unmapped: no explicit channel and no
///   mapping rule matched; duplicates dropped: removed by the rule set's dedupe window;
/// - opportunities created in the window, and those with no kept touch (credited to `(no touch)`);
/// - leads created in the window, and those without UTM: no lead-creation touch, or one with
///   neither a UTM field nor an explicit channel;
/// - direct (not shared) spend records overlapping the window, and those without a campaign;
/// - merges in force (neither retracted nor unmerged), and those naming a contact or account no other event of
///   the ledger names: accepted (CRM exports list merged-away records that appear nowhere
///   else), but a typo there would merge nothing, so the count shows it.
public struct CompletenessView: Sendable, Equatable {
    public var touches = 0
    public var unmappedTouches = 0
    public var duplicateTouchesDropped = 0
    public var opportunities = 0
    public var opportunitiesWithNoTouch = 0
    public var leads = 0
    public var leadsWithoutUTM = 0
    public var spendRecords = 0
    public var spendWithoutCampaign = 0
    /// The prorated amount of the spend without a campaign.
    public var spendWithoutCampaignAmount = Money.zero
    public var merges = 0
    public var mergesNamingUnseenRecords = 0

    public init(facts: LedgerFacts, ledger: ResolvedLedger, window: ReportWindow, pipeline: AttributionResult, leads: FunnelView.Base) {
        for touches in ledger.touchesByContact.values {
            for touch in touches where window.contains(touch.at) {
                self.touches += 1
                if touch.channelSource == .unmapped { unmappedTouches += 1 }
            }
        }
        for touch in ledger.droppedTouches where window.contains(touch.at) {
            touches += 1
            duplicateTouchesDropped += 1
            if touch.channelSource == .unmapped { unmappedTouches += 1 }
        }
        opportunities = pipeline.dealCount
        opportunitiesWithNoTouch = Set(pipeline.credits.filter { $0.touch == nil }.map(\.dealID)).count
        self.leads = leads.leadCount
        leadsWithoutUTM = leads.untaggedLeadCount
        for record in facts.spends where !record.value.isShared && facts.isVisible(record.eventID) {
            let spend = record.value
            guard spend.periodStart <= window.to, spend.periodEnd >= window.from else { continue }
            spendRecords += 1
            if spend.campaign.map({ $0.isEmpty }) ?? true {
                spendWithoutCampaign += 1
                spendWithoutCampaignAmount.units += SpendProration.prorate(
                    spend.amount, periodStart: spend.periodStart, periodEnd: spend.periodEnd, to: window).units
            }
        }
        let undone = Set(facts.unmerges.filter { facts.isVisible($0.eventID) }.map(\.value))
        let visibleMerges = facts.merges.filter { facts.isVisible($0.eventID) && !undone.contains($0.id) }
        merges = visibleMerges.count
        if !visibleMerges.isEmpty {
            let unseen = (contact: Self.unseen(visibleMerges, kind: .contact, in: facts), account: Self.unseen(visibleMerges, kind: .account, in: facts))
            mergesNamingUnseenRecords = visibleMerges.filter { merge in
                let ids = merge.value.kind == .contact ? unseen.contact : unseen.account
                return ids.contains(merge.value.from) || ids.contains(merge.value.into)
            }.count
        }
    }

    /// The ids these merges name (of one kind) that no other event of the ledger names. Only
    /// the merges' few ids are looked for: keyed facts by lookup, then touches and deals in one
    /// pass each until none is left, so a report builds no set of every id in the ledger.
    static func unseen(_ merges: [LedgerFacts.Dated<Merge>], kind: MergeKind, in facts: LedgerFacts) -> Set<String> {
        var ids = Set(merges.filter { $0.value.kind == kind }.flatMap { [$0.value.from, $0.value.into] })
        guard !ids.isEmpty else { return ids }
        switch kind {
        case .contact:
            ids = ids.filter { facts.contactAccounts[$0] == nil && facts.contactAttributes[$0] == nil && facts.stages[$0] == nil
                && facts.selfReports[$0] == nil }
            for touch in facts.touches {
                if ids.isEmpty { return ids }
                ids.remove(touch.contact)
            }
            for events in facts.opportunities.values {
                if ids.isEmpty { return ids }
                for event in events { ids.subtract(event.change.contacts) }
            }
        case .account:
            for touch in facts.touches {
                if ids.isEmpty { return ids }
                if let account = touch.account { ids.remove(account) }
            }
            for statements in facts.contactAccounts.values {
                if ids.isEmpty { return ids }
                for statement in statements { ids.remove(statement.value) }
            }
            for events in facts.opportunities.values {
                if ids.isEmpty { return ids }
                for event in events { ids.remove(event.change.account) }
            }
        }
        return ids
    }
}
