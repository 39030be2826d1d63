public import LedgerCore

/// Spend against what it produced, per row of a grouping (channel, campaign, segment or nested
/// levels), under one attribution model.
///
/// Cost is direct spend prorated by day to the window (`SpendProration`) plus the shared spend
/// allocated to the group (`SharedSpendAllocation`). Pipeline, expected revenue and revenue are
/// the model's credits (deals created in the window; deals won in it, net of adjustments up to
/// its end); booked revenue is the won amounts split like the revenue. Counts per funnel step
/// are those of the leads the group sourced, so changing the qualification rules changes the
/// cost per MQL and SQL and nothing else. Spend with no channel (or campaign) keeps its own row;
/// nothing is dropped, and the rows add up to the total.
///
/// Spend has no contact, so a grouping with a segment level gets its cost through the rule set's
/// `segment_cost_allocation` (`SegmentCostSplit`): each channel's cost (direct and shared) is
/// split over that channel's segments by their pipeline, leads or opportunities.
public struct ROIView: Sendable {
    /// What pipeline/cost says to do, by the rule set's thresholds; `net credit` when the group's
    /// credit notes exceed its charges in the window (its ratios would mislead, so they stay
    /// undefined, but the row is not one without spend either).
    public enum Verdict: String, Sendable {
        case investigate
        case hold
        case scale
        case netCredit = "net credit"
    }

    /// What the verdict column shows for a group without cost.
    public static let noSpend = "no spend"

    public static let noChannel = RowGrouping.noChannel
    public static let unallocatedShared = "(shared, unallocated)"
    /// A spend's category as `cost_scope` names it.
    public static let noCategory = "(none)"

    public var grouping: RowGrouping
    /// Every row: the leaves and, nested, a subtotal row per parent path, a parent before its
    /// children, in the grouping's order.
    public var rows: [ROIRow]
    /// The sum of the leaves.
    public var total: ROIRow
    public var grossMargin: Fraction
    public var thresholds: Thresholds
    /// Shared spend in the window before allocation, and the rule that split it.
    public var sharedSpend: Money
    public var allocation: CostAllocation
    /// How cost reached segments; nil when the grouping has no segment level.
    public var segmentAllocation: SegmentCostAllocation?
    /// The categories the rule set counts as cost (nil: all), and the spend in the window it
    /// left out, by category (`(none)` for spend without one), sorted by category.
    public var costScope: [String]?
    public var spendLeftOut: [(category: String, amount: Money)] = []

    /// Grouped by campaign alone: each campaign's channels (from its spend, its credited touches
    /// and its leads' sources), sorted; a campaign run in several channels lists them all.
    public var channelsOfGroup: [String: [String]] = [:]

    /// `pipeline` and `revenue` are one model's runs over the same ledger and window.
    public init(facts: LedgerFacts, ledger: ResolvedLedger, rules: RuleSet, window: ReportWindow, grouping: RowGrouping,
                pipeline: AttributionResult, revenue: AttributionResult, funnel: FunnelView) {
        precondition(pipeline.view == .pipeline && revenue.view == .revenue, "ROI needs one pipeline and one revenue run")
        self.grouping = grouping
        grossMargin = rules.grossMargin
        thresholds = rules.thresholds
        allocation = rules.costAllocation
        costScope = rules.costScope
        segmentAllocation = grouping.hasSegment ? rules.segmentCostAllocation : nil
        // Segments without a channel level are costed per channel first, then summed: a channel's
        // spend goes to the segments that channel reached.
        let hidden = grouping.hasSegment && grouping.channelLevel == nil
        let keys = hidden ? RowGrouping([.channel] + grouping.levels) : grouping
        var leaves = ROILeaves(keys: keys)
        var deals: [String: Deal] = [:]
        for deal in ledger.deals where window.contains(deal.created.at) || deal.isWon { deals[deal.id] = deal }

        // Spend in scope by what spend can say of its row; the rest set aside by category.
        var direct: [[String?]: Int64] = [:]
        var leftOut: [String: Int64] = [:]
        var channels: [String: Set<String>] = [:]
        var pool: Int64 = 0
        for record in facts.spends where facts.isVisible(record.eventID) {
            let spend = record.value
            let part = SpendProration.prorate(spend.amount, periodStart: spend.periodStart, periodEnd: spend.periodEnd, to: window)
            guard part.units != 0 else { continue }
            if let scope = rules.costScope {
                let category = spend.category ?? Self.noCategory
                if !scope.contains(category) {
                    leftOut[category, default: 0] += part.units
                    continue
                }
            }
            if spend.isShared {
                pool += part.units
                continue
            }
            direct[keys.key(of: spend), default: 0] += part.units
            let campaign = spend.campaign.flatMap { $0.isEmpty ? nil : $0 } ?? RowGrouping.noCampaign
            channels[campaign, default: []].insert(spend.channel.flatMap { $0.isEmpty ? nil : $0 } ?? Self.noChannel)
        }
        spendLeftOut = leftOut.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, Money(units: leftOut[$0]!)) }

        leaves.addCredits(pipeline: pipeline, revenue: revenue, deals: deals, channels: &channels)
        for (key, amount) in Self.expectedRevenue(pipeline, deals: deals, rules: rules, window: window, keys: keys) {
            leaves.update(key) { $0.expectedRevenue.units += amount }
        }
        for path in funnel.paths {
            leaves.update(keys.key(of: path)) { row in
                for step in FunnelView.Step.allCases { row.funnel[step.rawValue] += path.count(step) }
            }
            channels[path.campaignGroup, default: []].insert(path.channel)
        }
        leaves.addSourcedDeals(ledger: ledger, window: window)
        if grouping.levels.count == 1, case .campaign = grouping.levels[0] {
            channelsOfGroup = channels.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        }

        sharedSpend = Money(units: pool)
        leaves.addCost(direct: direct, sharedPool: pool, rules: rules)

        var rows = leaves.rows
        if hidden { rows = ROILeaves.merged(rows) { Array($0.dropFirst()) } }
        var total = ROIRow(path: ["total"])
        for row in rows.values { total.add(row) }
        self.total = total
        if grouping.levels.count > 1 {
            for (path, row) in rows where path.count == grouping.levels.count {
                for depth in 1..<path.count {
                    let parent = Array(path.prefix(depth))
                    var subtotal = rows[parent] ?? ROIRow(path: parent)
                    subtotal.add(row)
                    rows[parent] = subtotal
                }
            }
        }
        self.rows = rows.values.sorted { grouping.precedes($0.path, $1.path) }
    }

    /// Each pipeline deal's expected revenue, split over its rows like its pipeline credit:
    /// won, its revenue up to the window's end; lost, zero; open, its amount times the rule
    /// set's probability of its current stage (zero for a stage the rule set does not list).
    static func expectedRevenue(_ pipeline: AttributionResult, deals: [String: Deal], rules: RuleSet, window: ReportWindow,
                                keys: RowGrouping) -> [([String], Int64)] {
        var result: [([String], Int64)] = []
        for dealCredits in ROILeaves.byDeal(pipeline.credits) {
            guard let deal = deals[dealCredits.first!.dealID], window.contains(deal.created.at) else { continue }
            let expected = expectedValue(of: deal, rules: rules, window: window)
            guard expected.units != 0 else { continue }
            for (credit, part) in zip(dealCredits, ROILeaves.splitLike(expected, dealCredits)) {
                result.append((keys.key(of: credit), part.units))
            }
        }
        return result
    }

    /// What a deal is expected to bring.
    public static func expectedValue(of deal: Deal, rules: RuleSet, window: ReportWindow) -> Money {
        if deal.isWon { return deal.revenue(through: window.end) ?? .zero }
        if deal.close != nil { return .zero }
        guard let probability = rules.stageProbabilities[deal.stage] else { return .zero }
        return deal.amount.scaled(by: probability)
    }
}
