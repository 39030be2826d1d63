import LedgerCore

/// The ROI view's rows at the grouping's deepest level while they are gathered: credits, leads
/// and sourced deals land in the row they name; cost is placed last, because a segment's share
/// of a channel's spend is weighed by what the segment produced.
struct ROILeaves {
    let keys: RowGrouping
    private(set) var rows: [[String]: ROIRow] = [:]
    /// Deals created in the window with pipeline credited to the row (for `by_opportunities`).
    private var opportunities: [[String]: Set<String>] = [:]

    init(keys: RowGrouping) {
        self.keys = keys
    }

    mutating func update(_ path: [String], _ change: (inout ROIRow) -> Void) {
        var row = rows[path] ?? ROIRow(path: path)
        change(&row)
        rows[path] = row
    }

    /// Pipeline, influence, net and booked revenue from one model's runs; `channels` gathers each
    /// campaign's channels.
    mutating func addCredits(pipeline: AttributionResult, revenue: AttributionResult, deals: [String: Deal],
                             channels: inout [String: Set<String>]) {
        func campaign(_ credit: Credit) -> String {
            credit.touch == nil ? RowGrouping.noTouch : credit.campaign ?? RowGrouping.noCampaign
        }
        for credit in pipeline.credits {
            let path = keys.key(of: credit)
            update(path) { row in
                row.pipeline.units += credit.amount.units
                if credit.touch != nil, let deal = deals[credit.dealID] { row.influenced[credit.dealID] = deal.amount.units }
            }
            if credit.amount.units != 0 || credit.touch == nil { opportunities[path, default: []].insert(credit.dealID) }
            channels[campaign(credit), default: []].insert(credit.channel)
        }
        for dealCredits in Self.byDeal(revenue.credits) {
            let booked = deals[dealCredits.first!.dealID]?.wonAmount ?? .zero
            for (credit, bookedPart) in zip(dealCredits, Self.splitLike(booked, dealCredits)) {
                update(keys.key(of: credit)) { row in
                    row.revenue.units += credit.amount.units
                    row.bookedRevenue.units += bookedPart.units
                }
                channels[campaign(credit), default: []].insert(credit.channel)
            }
        }
    }

    /// Each deal created or closed in the window, in the row of its lead's source: the lead is
    /// the deal's contact with the earliest `lead` stage, its source the last touch of that
    /// contact at or before it (the funnel's definition).
    mutating func addSourcedDeals(ledger: ResolvedLedger, window: ReportWindow) {
        for deal in ledger.deals {
            let created = window.contains(deal.created.at)
            let closed = deal.close.map { window.contains($0.at) } ?? false
            guard created || closed else { continue }
            let lead = deal.contacts.compactMap { contact in ledger.leadStage[contact].map { (contact, $0) } }
                .min { ($0.1.at, $0.1.seq) < ($1.1.at, $1.1.seq) }
            let source = lead.flatMap { lead in ledger.touchesByContact[lead.0]?.last { $0.isAtOrBefore(lead.1.at, seq: lead.1.seq) } }
            update(keys.key(ofLead: lead?.0, source: source)) { row in
                if created {
                    row.sourcedDeals += 1
                    row.sourcedPipeline.units += deal.amount.units
                }
                if closed, let close = deal.close {
                    if deal.isWon {
                        row.wonDeals += 1
                        row.cycles.append(close.at.microseconds - deal.created.at.microseconds)
                    } else {
                        row.lostDeals += 1
                    }
                }
            }
        }
    }

    /// Places the cost: direct spend by what spend names, the shared pool over those groups by
    /// the rule set's `cost_allocation`, then, with segment levels, each group's cost over its
    /// segments by `segment_cost_allocation`.
    mutating func addCost(direct: [[String?]: Int64], sharedPool pool: Int64, rules: RuleSet) {
        let segmentLevels = Set(keys.levels.indices.filter { if case .segment = keys.levels[$0] { true } else { false } })
        func spendKey(_ path: [String]) -> [String?] {
            path.indices.map { segmentLevels.contains($0) ? nil : path[$0] }
        }
        var leads: [[String?]: Int] = [:]
        var groups = Set(direct.keys)
        for (path, row) in rows {
            let key = spendKey(path)
            groups.insert(key)
            leads[key, default: 0] += row.funnel[FunnelView.Step.lead.rawValue]
        }
        let ordered = groups.sorted { Self.precedes($0, $1) }
        var shared: [[String?]: Int64] = [:]
        if pool != 0 {
            let allocated = SharedSpendAllocation.allocate(Money(units: pool), rule: rules.costAllocation, over: ordered.enumerated().map { index, key in
                (group: String(index), directSpend: Money(units: direct[key] ?? 0), leads: leads[key] ?? 0)
            })
            if allocated.isEmpty {
                update(Array(repeating: ROIView.unallocatedShared, count: keys.levels.count)) { $0.sharedSpend.units += pool }
            }
            for (index, amount) in allocated { shared[ordered[Int(index)!], default: 0] += amount.units }
        }
        guard !segmentLevels.isEmpty else {
            for key in ordered {
                let path = key.map { $0! }
                let (directPart, sharedPart) = (direct[key] ?? 0, shared[key] ?? 0)
                guard directPart != 0 || sharedPart != 0 else { continue }
                update(path) { row in
                    row.directSpend.units += directPart
                    row.sharedSpend.units += sharedPart
                }
            }
            return
        }
        let leaves = rows.keys.sorted { keys.precedes($0, $1) }
        let rule = rules.segmentCostAllocation
        for key in ordered {
            let (directPart, sharedPart) = (direct[key] ?? 0, shared[key] ?? 0)
            guard directPart != 0 || sharedPart != 0 else { continue }
            let candidates = leaves.filter { spendKey($0) == key }
            let weights: [UInt64] = candidates.map { path in
                let row = rows[path]!
                return switch rule {
                case .byPipeline: UInt64(max(0, row.pipeline.units))
                case .byLeads: UInt64(row.funnel[FunnelView.Step.lead.rawValue])
                case .byOpportunities: UInt64(opportunities[path]?.count ?? 0)
                }
            }
            guard weights.contains(where: { $0 > 0 }) else {
                update(key.map { $0 ?? RowGrouping.unallocated }) { row in
                    row.directSpend.units += directPart
                    row.sharedSpend.units += sharedPart
                }
                continue
            }
            let directParts = Apportionment.split(Money(units: directPart), weights: weights)
            let sharedParts = Apportionment.split(Money(units: sharedPart), weights: weights)
            for (index, path) in candidates.enumerated() {
                update(path) { row in
                    row.directSpend.units += directParts[index].units
                    row.sharedSpend.units += sharedParts[index].units
                }
            }
        }
    }

    /// Rows re-keyed (several may become one, merged).
    static func merged(_ rows: [[String]: ROIRow], by key: ([String]) -> [String]) -> [[String]: ROIRow] {
        var result: [[String]: ROIRow] = [:]
        for (path, row) in rows {
            let target = key(path)
            var merged = result[target] ?? ROIRow(path: target)
            merged.add(row)
            result[target] = merged
        }
        return result
    }

    /// Spend keys level by level (UTF-8; a segment level, nil, first).
    static func precedes(_ lhs: [String?], _ rhs: [String?]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left != right {
            return (left ?? "").utf8.lexicographicallyPrecedes((right ?? "").utf8)
        }
        return false
    }

    /// A run's credits, one slice per deal (a run lists each deal's credits together).
    static func byDeal(_ credits: [Credit]) -> [ArraySlice<Credit>] {
        var slices: [ArraySlice<Credit>] = []
        var start = 0
        while start < credits.count {
            var end = start + 1
            while end < credits.count, credits[end].dealID == credits[start].dealID { end += 1 }
            slices.append(credits[start..<end])
            start = end
        }
        return slices
    }

    /// `amount` split over one deal's credits in proportion to their (non-negative) amounts;
    /// evenly when none is positive.
    static func splitLike(_ amount: Money, _ credits: ArraySlice<Credit>) -> [Money] {
        var weights = credits.map { UInt64(max(0, $0.amount.units)) }
        if weights.allSatisfy({ $0 == 0 }) { weights = Array(repeating: 1, count: weights.count) }
        return Apportionment.split(amount, weights: weights)
    }
}
