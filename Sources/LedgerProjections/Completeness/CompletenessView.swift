public import LedgerCore

/// How much of the window's data the other views could not use fully; every report carries it.
///
/// - touches: visible touches in the window (before dedupe); unmapped: no explicit channel and no
///   mapping rule matched; duplicates dropped: removed by the rule set's dedupe window;
/// - opportunities created in the window, and those with no kept touch (credited to `(no touch)`);
/// - leads created in the window, and those without UTM: no lead-creation touch, or one with
///   neither a UTM field nor an explicit channel;
/// - direct (not shared) spend records overlapping the window, and those without a campaign.
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
    }
}
