public import LedgerCore

/// What a correction (merge, unmerge, retraction) would move before it is appended: each deal's
/// credit per channel under one model, before and after, for the deals it changes. Pure: the
/// facts so far and the correction as the next record in; the two attributions out.
public struct CorrectionPreview: Sendable {
    public struct Change: Sendable, Equatable {
        public var dealID: String
        public var channel: String
        public var before: Money
        public var after: Money
    }

    /// Sorted by deal, then channel (UTF-8); only pairs whose credit moved.
    public var changes: [Change]
    /// Deals in scope whose credit moved at all.
    public var dealsMoved: Int

    public init(facts: LedgerFacts, correction: ReplayRecord, rules: RuleSet, window: ReportWindow, model: AttributionModelName,
                view: AttributionView) {
        var after = facts
        after.apply(correction)
        func credits(_ facts: LedgerFacts) -> [String: [String: Int64]] {
            let engine = AttributionEngine(ledger: ResolvedLedger(facts: facts, rules: rules), rules: rules, window: window)
            var byDeal: [String: [String: Int64]] = [:]
            for credit in engine.run(model, view: view).credits { byDeal[credit.dealID, default: [:]][credit.channel, default: 0] += credit.amount.units }
            return byDeal
        }
        let before = credits(facts)
        let moved = credits(after)
        var changes: [Change] = []
        var deals = Set<String>()
        for deal in Set(before.keys).union(moved.keys) {
            let old = before[deal] ?? [:]
            let new = moved[deal] ?? [:]
            for channel in Set(old.keys).union(new.keys) where old[channel, default: 0] != new[channel, default: 0] {
                changes.append(Change(dealID: deal, channel: channel, before: Money(units: old[channel, default: 0]),
                                      after: Money(units: new[channel, default: 0])))
                deals.insert(deal)
            }
        }
        self.changes = changes.sorted {
            $0.dealID != $1.dealID ? $0.dealID.utf8.lexicographicallyPrecedes($1.dealID.utf8) : $0.channel.utf8.lexicographicallyPrecedes($1.channel.utf8)
        }
        dealsMoved = deals.count
    }
}
