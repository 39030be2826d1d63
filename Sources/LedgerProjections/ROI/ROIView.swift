public import LedgerCore

/// Spend against what it produced, per channel or campaign, under one attribution model.
///
/// Cost is direct spend prorated by day to the window (`SpendProration`) plus the shared spend
/// allocated to the group (`SharedSpendAllocation`). Pipeline, expected revenue and revenue are
/// the model's credits (deals created in the window; deals won in it, net of adjustments up to
/// its end). Counts per funnel step are those of the leads the group sourced, so changing the
/// qualification rules changes the cost per MQL and SQL and nothing else. Spend with no channel
/// (or campaign) keeps its own row; nothing is dropped, and the rows add up to the total.
public struct ROIView: Sendable {
    public enum Grouping: String, Sendable {
        case channel
        case campaign
    }

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

    public static let noChannel = "(no channel)"
    public static let unallocatedShared = "(shared, unallocated)"

    public struct Row: Sendable, Equatable {
        public var group: String
        public var directSpend = Money.zero
        public var sharedSpend = Money.zero
        public var pipeline = Money.zero
        public var expectedRevenue = Money.zero
        public var revenue = Money.zero
        /// Leads sourced, and how many of them reached MQL, SQL, opportunity and won.
        public var funnel: [Int] = Array(repeating: 0, count: FunnelView.Step.allCases.count)

        public init(group: String) {
            self.group = group
        }

        public var cost: Money { Money(units: directSpend.units + sharedSpend.units) }

        /// (revenue − cost) / cost; nil without cost, and when the cost is a net credit (negative).
        public var roi: Ratio? { Ratio(revenue.units - cost.units, cost.units) }

        /// (revenue × gross margin − cost) / cost, exact (revenue × margin is not rounded to a
        /// unit first); nil without cost.
        public func marginROI(grossMargin: Fraction) -> Ratio? {
            let denominator = Int128(grossMargin.denominator)
            return Ratio(wide: Int128(revenue.units) * Int128(grossMargin.numerator) - Int128(cost.units) * denominator,
                         Int128(cost.units) * denominator)
        }

        /// Pipeline / cost; nil without cost.
        public var pipelinePerCost: Ratio? { Ratio(pipeline.units, cost.units) }

        /// Investigate below the low threshold, scale above the high one, hold in between;
        /// `net credit` when the cost is negative; nil without cost.
        public func verdict(_ thresholds: Thresholds) -> Verdict? {
            if cost.units < 0 { return .netCredit }
            guard let ratio = pipelinePerCost else { return nil }
            if ratio.isBelow(thresholds.investigate) { return .investigate }
            if ratio.isAbove(thresholds.scale) { return .scale }
            return .hold
        }

        /// Cost / the number of leads that reached the step, rounded half-even to the unit; nil
        /// when none did.
        public func costPer(_ step: FunnelView.Step) -> Money? {
            let count = funnel[step.rawValue]
            guard count > 0 else { return nil }
            return Money(units: Money.divideRoundingHalfEven(cost.units, times: 1, by: Int64(count)))
        }

        mutating func add(_ other: Row) {
            directSpend.units += other.directSpend.units
            sharedSpend.units += other.sharedSpend.units
            pipeline.units += other.pipeline.units
            expectedRevenue.units += other.expectedRevenue.units
            revenue.units += other.revenue.units
            for index in funnel.indices { funnel[index] += other.funnel[index] }
        }
    }

    public var grouping: Grouping
    /// Sorted by group (UTF-8).
    public var rows: [Row]
    public var total: Row
    public var grossMargin: Fraction
    public var thresholds: Thresholds
    /// Shared spend in the window before allocation, and the rule that split it.
    public var sharedSpend: Money
    public var allocation: CostAllocation
    /// The categories the rule set counts as cost (nil: all), and the spend in the window it
    /// left out, by category (`(none)` for spend without one), sorted by category.
    public var costScope: [String]?
    public var spendLeftOut: [(category: String, amount: Money)] = []

    /// Grouped by campaign: each campaign's channels (from its spend, its credited touches and
    /// its leads' sources), sorted; a campaign run in several channels lists them all.
    public var channelsOfGroup: [String: [String]] = [:]

    /// A spend's category as `cost_scope` names it.
    public static let noCategory = "(none)"

    /// `pipeline` and `revenue` are one model's runs over the same ledger and window.
    public init(facts: LedgerFacts, ledger: ResolvedLedger, rules: RuleSet, window: ReportWindow, grouping: Grouping,
                pipeline: AttributionResult, revenue: AttributionResult, funnel: FunnelView) {
        precondition(pipeline.view == .pipeline && revenue.view == .revenue, "ROI needs one pipeline and one revenue run")
        self.grouping = grouping
        grossMargin = rules.grossMargin
        thresholds = rules.thresholds
        allocation = rules.costAllocation
        var rows: [String: Row] = [:]
        func update(_ group: String, _ change: (inout Row) -> Void) {
            var row = rows[group] ?? Row(group: group)
            change(&row)
            rows[group] = row
        }
        // Direct spend, and the shared pool; spend outside the cost scope is set aside.
        costScope = rules.costScope
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
            update(Self.group(of: spend, grouping)) { $0.directSpend.units += part.units }
            channels[Self.group(of: spend, grouping), default: []].insert(spend.channel.flatMap { $0.isEmpty ? nil : $0 } ?? Self.noChannel)
        }
        // Credited amounts.
        for credit in pipeline.credits {
            update(Self.group(of: credit, grouping)) { $0.pipeline.units += credit.amount.units }
            channels[Self.group(of: credit, grouping), default: []].insert(credit.channel)
        }
        for credit in revenue.credits {
            update(Self.group(of: credit, grouping)) { $0.revenue.units += credit.amount.units }
            channels[Self.group(of: credit, grouping), default: []].insert(credit.channel)
        }
        for (group, amount) in Self.expectedRevenue(pipeline, ledger: ledger, rules: rules, window: window, grouping: grouping) {
            update(group) { $0.expectedRevenue.units += amount }
        }
        // Funnel counts by the lead's source.
        for path in funnel.paths {
            update(grouping == .channel ? path.channel : path.campaignGroup) { row in
                for step in FunnelView.Step.allCases { row.funnel[step.rawValue] += path.count(step) }
            }
            channels[path.campaignGroup, default: []].insert(path.channel)
        }
        if grouping == .campaign {
            channelsOfGroup = channels.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        }
        spendLeftOut = leftOut.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, Money(units: leftOut[$0]!)) }
        // Shared spend, split over the groups by the rule set's rule.
        sharedSpend = Money(units: pool)
        if pool != 0 {
            let ordered = rows.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let allocated = SharedSpendAllocation.allocate(Money(units: pool), rule: rules.costAllocation, over: ordered.map { group in
                (group: group, directSpend: rows[group]!.directSpend, leads: rows[group]!.funnel[FunnelView.Step.lead.rawValue])
            })
            if allocated.isEmpty {
                update(Self.unallocatedShared) { $0.sharedSpend.units += pool }
            }
            for (group, amount) in allocated { update(group) { $0.sharedSpend.units += amount.units } }
        }
        self.rows = rows.values.sorted { $0.group.utf8.lexicographicallyPrecedes($1.group.utf8) }
        var total = Row(group: "total")
        for row in self.rows { total.add(row) }
        self.total = total
    }

    static func group(of spend: Spend, _ grouping: Grouping) -> String {
        switch grouping {
        case .channel: spend.channel.flatMap { $0.isEmpty ? nil : $0 } ?? noChannel
        case .campaign: spend.campaign.flatMap { $0.isEmpty ? nil : $0 } ?? FunnelView.noCampaign
        }
    }

    static func group(of credit: Credit, _ grouping: Grouping) -> String {
        guard credit.touch != nil else { return AttributionEngine.noTouch }
        return grouping == .channel ? credit.channel : credit.campaign ?? FunnelView.noCampaign
    }

    /// Each pipeline deal's expected revenue, split over its groups like its pipeline credit:
    /// won, its revenue up to the window's end; lost, zero; open, its amount times the rule
    /// set's probability of its current stage (zero for a stage the rule set does not list).
    static func expectedRevenue(_ pipeline: AttributionResult, ledger: ResolvedLedger, rules: RuleSet, window: ReportWindow,
                                grouping: Grouping) -> [(String, Int64)] {
        var deals: [String: Deal] = [:]
        for deal in ledger.deals where window.contains(deal.created.at) { deals[deal.id] = deal }
        var result: [(String, Int64)] = []
        var start = 0
        let credits = pipeline.credits
        while start < credits.count {
            var end = start + 1
            while end < credits.count, credits[end].dealID == credits[start].dealID { end += 1 }
            let dealCredits = credits[start..<end]
            start = end
            guard let deal = deals[dealCredits.first!.dealID] else { continue }
            let expected = expectedValue(of: deal, rules: rules, window: window)
            guard expected.units != 0 else { continue }
            var weights = dealCredits.map { UInt64(max(0, $0.amount.units)) }
            if weights.allSatisfy({ $0 == 0 }) { weights = Array(repeating: 1, count: weights.count) }
            for (credit, part) in zip(dealCredits, Apportionment.split(expected, weights: weights)) {
                result.append((group(of: credit, grouping), part.units))
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
