public import LedgerCore

/// One row of the ROI view: what a group cost, what the model credited it, the leads it sourced,
/// and the deals it sourced and influenced. Additive figures sum over rows; the deal sets and
/// sales cycles merge, so a parent row's figures are its own, not sums of its children's ratios.
public struct ROIRow: Sendable, Equatable {
    /// One group per level of the grouping (a subtotal row: a prefix).
    public var path: [String]
    public var directSpend = Money.zero
    public var sharedSpend = Money.zero
    public var pipeline = Money.zero
    public var expectedRevenue = Money.zero
    /// Revenue net of churn, refunds and expansion up to the window's end (the model's credit).
    public var revenue = Money.zero
    /// The won amounts, split like the revenue credit: revenue before adjustments.
    public var bookedRevenue = Money.zero
    /// Leads sourced, and how many of them reached MQL, SQL, opportunity and won.
    public var funnel: [Int] = Array(repeating: 0, count: FunnelView.Step.allCases.count)
    /// Deals created in the window whose lead's source is this group, and their amounts.
    public var sourcedDeals = 0
    public var sourcedPipeline = Money.zero
    /// Sourced deals won and lost in the window.
    public var wonDeals = 0
    public var lostDeals = 0
    /// Creation to win, in microseconds, of each sourced deal won in the window.
    var cycles: [Int64] = []
    /// Deals created in the window with a kept touch in this group → their amounts.
    var influenced: [String: Int64] = [:]

    public init(path: [String]) {
        self.path = path
    }

    /// The row's own group (the last level's).
    public var group: String { path.last ?? "" }

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

    /// Cost / pipeline: what a dollar of pipeline cost; nil without pipeline, or without cost.
    public var costPerPipelineDollar: Ratio? { cost.units <= 0 ? nil : Ratio(cost.units, pipeline.units) }

    /// Investigate below the low threshold, scale above the high one, hold in between;
    /// `net credit` when the cost is negative; nil without cost.
    public func verdict(_ thresholds: Thresholds) -> ROIView.Verdict? {
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

    /// Cost / the deals the group sourced that were created in the window, half-even; nil without one.
    public var costPerSourcedDeal: Money? {
        sourcedDeals == 0 ? nil : Money(units: Money.divideRoundingHalfEven(cost.units, times: 1, by: Int64(sourcedDeals)))
    }

    /// Cost / the deals the group sourced that were won in the window, half-even; nil without one.
    public var costPerWonDeal: Money? {
        wonDeals == 0 ? nil : Money(units: Money.divideRoundingHalfEven(cost.units, times: 1, by: Int64(wonDeals)))
    }

    /// Sourced pipeline / sourced deals, half-even to the unit; nil without a sourced deal.
    public var averageDealValue: Money? {
        sourcedDeals == 0 ? nil : Money(units: Money.divideRoundingHalfEven(sourcedPipeline.units, times: 1, by: Int64(sourcedDeals)))
    }

    /// Won / (won + lost) of the sourced deals closed in the window; nil when none closed.
    public var winRate: Ratio? { Ratio(Int64(wonDeals), Int64(wonDeals + lostDeals)) }

    /// The median days from creation to won of the sourced deals won in the window (the mean of
    /// the two middle ones for an even count), exact; nil when none was won.
    public var salesCycleDays: Ratio? {
        guard !cycles.isEmpty else { return nil }
        let sorted = cycles.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Ratio(sorted[middle], Timestamp.microsecondsPerDay) }
        return Ratio(wide: Int128(sorted[middle - 1]) + Int128(sorted[middle]), 2 * Int128(Timestamp.microsecondsPerDay))
    }

    /// The amounts of the deals created in the window that a kept touch in this group
    /// influenced, each deal once, whatever the model gave it.
    public var influencedPipeline: Money { Money(units: influenced.values.reduce(0, +)) }
    public var influencedDeals: Int { influenced.count }

    /// Adds another row's figures: sums, with deal sets merged (a deal two children influenced
    /// counts once in their parent).
    public mutating func add(_ other: ROIRow) {
        directSpend.units += other.directSpend.units
        sharedSpend.units += other.sharedSpend.units
        pipeline.units += other.pipeline.units
        expectedRevenue.units += other.expectedRevenue.units
        revenue.units += other.revenue.units
        bookedRevenue.units += other.bookedRevenue.units
        for index in funnel.indices { funnel[index] += other.funnel[index] }
        sourcedDeals += other.sourcedDeals
        sourcedPipeline.units += other.sourcedPipeline.units
        wonDeals += other.wonDeals
        lostDeals += other.lostDeals
        cycles += other.cycles
        influenced.merge(other.influenced) { first, _ in first }
    }
}
