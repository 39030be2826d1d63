import LedgerCore
import LedgerIngest
@testable import LedgerProjections
import Testing
import TestSupport

/// Builders shared by the ROI suites: spend and self-report lines, and a view under `linear`.
enum ROIFixture {
    static let q1 = ReportWindow(from: ReplayFixture.date("2026-01-01"), to: ReplayFixture.date("2026-03-31"))

    static func spend(_ id: String, amount: String, channel: String? = nil, campaign: String? = nil, shared: Bool = false,
                      from: String = "2026-01-01", to: String = "2026-01-31") -> String {
        var fields = [#""id":"\#(id)""#, #""type":"spend""#, #""at":"2026-02-01T00:00:00Z""#]
        if let channel { fields.append(#""channel":"\#(channel)""#) }
        if let campaign { fields.append(#""campaign":"\#(campaign)""#) }
        fields.append(#""amount":"\#(amount)","currency":"USD","period_start":"\#(from)","period_end":"\#(to)""#)
        if shared { fields.append(#""shared":true"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func selfReport(_ id: String, contact: String, source: String, at: String) -> String {
        #"{"id":"\#(id)","type":"self_report","at":"\#(at)","contact":"\#(contact)","source":"\#(source)"}"#
    }

    struct Replay {
        var facts: LedgerFacts
        var ledger: ResolvedLedger
        var pipeline: AttributionResult
        var revenue: AttributionResult
        var funnel: FunnelView
    }

    static func replay(_ fixture: LedgerFixture, rules: RuleSet, window: ReportWindow = q1) throws -> Replay {
        let facts = try ReplayFixture.facts(fixture.lines)
        let ledger = ResolvedLedger(facts: facts, rules: rules)
        let run = AttributionEngine(ledger: ledger, rules: rules, window: window).runs([.linear])[0]
        let funnel = FunnelView(ledger: ledger, facts: facts, rules: rules, window: window)
        return Replay(facts: facts, ledger: ledger, pipeline: run.pipeline, revenue: run.revenue, funnel: funnel)
    }

    static func view(_ fixture: LedgerFixture, rules: RuleSet = RuleSet(), window: ReportWindow = q1,
                     grouping: RowGrouping = .channel) throws -> ROIView {
        let replay = try replay(fixture, rules: rules, window: window)
        return ROIView(facts: replay.facts, ledger: replay.ledger, rules: rules, window: window, grouping: grouping,
                       pipeline: replay.pipeline, revenue: replay.revenue, funnel: replay.funnel)
    }

    static func rules(allocation: CostAllocation, _ more: String = "") throws -> RuleSet {
        try RuleSet(json: #"{"cost_allocation":"\#(allocation.rawValue)"\#(more)}"#)
    }
}

extension ROIView {
    func row(_ group: String) -> ROIRow? { rows.first { $0.group == group } }

    /// Every money column and funnel step of the rows, summed, against the total row.
    func rowsAddUpToTotal() -> Bool {
        var sum = ROIRow(path: ["total"])
        for row in rows { sum.add(row) }
        return sum == total
    }
}

// MARK: - Spend per row and shared-spend allocation

/// Leads: c-1 and c-2 from paid_search, c-3 from email. Direct spend in January:
/// paid_search 3,000.00 (30,000,000 units), email 1,000.00 (10,000,000). Shared: 100.0001
/// (1,000,001 units, odd on purpose).
@Suite("ROI view: spend and shared-spend allocation")
struct ROIViewSpendTests {
    static let ledger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "paid_search", campaign: "brand")
        .stage("l1", contact: "c-1", stage: "lead", at: "2026-01-05T11:00:00Z")
        .touch("t2", contact: "c-2", at: "2026-01-06T10:00:00Z", channel: "paid_search", campaign: "brand")
        .stage("l2", contact: "c-2", stage: "lead", at: "2026-01-06T11:00:00Z")
        .touch("t3", contact: "c-3", at: "2026-01-07T10:00:00Z", channel: "email", campaign: "news")
        .stage("l3", contact: "c-3", stage: "lead", at: "2026-01-07T11:00:00Z")
        .raw(ROIFixture.spend("sp-1", amount: "3000.00", channel: "paid_search", campaign: "brand"))
        .raw(ROIFixture.spend("sp-2", amount: "1000.00", channel: "email", campaign: "news"))
        .raw(ROIFixture.spend("sp-3", amount: "100.0001", shared: true))

    @Test(arguments: [
        // even: 1,000,001 / 2 = 500,000 each, 1 unit left, tied → email (first in UTF-8).
        (CostAllocation.even, Int64(500_001), Int64(500_000)),
        // by_spend 10M : 30M → 250,000.25 and 750,000.75; the unit goes to the larger remainder.
        (.bySpend, 250_000, 750_001),
        // by_leads 1 : 2 → 333,333.67 and 666,667.33; the unit goes to email's remainder 2/3.
        (.byLeads, 333_334, 666_667),
    ])
    func sharedSpendIsSplitExactlyByTheRule(allocation: CostAllocation, email: Int64, paidSearch: Int64) throws {
        let view = try ROIFixture.view(Self.ledger, rules: ROIFixture.rules(allocation: allocation))
        #expect(view.allocation == allocation)
        #expect(view.sharedSpend.units == 1_000_001)
        #expect(view.rows.map(\.group) == ["email", "paid_search"])
        #expect(view.row("email")?.directSpend.units == 10_000_000)
        #expect(view.row("paid_search")?.directSpend.units == 30_000_000)
        #expect(view.row("email")?.sharedSpend.units == email)
        #expect(view.row("paid_search")?.sharedSpend.units == paidSearch)
        #expect(view.row("email")?.funnel[FunnelView.Step.lead.rawValue] == 1)
        #expect(view.row("paid_search")?.funnel[FunnelView.Step.lead.rawValue] == 2)
        #expect(view.total.sharedSpend.units == 1_000_001)
        #expect(view.total.directSpend.units == 40_000_000)
        #expect(view.total.cost.units == 41_000_001)
        #expect(view.rowsAddUpToTotal())
    }

    @Test(arguments: CostAllocation.allCases)
    func equalWeightsTieToTheGroupFirstInUTF8Order(allocation: CostAllocation) throws {
        // "Zeta" (0x5A) sorts before "alpha" (0x61) in UTF-8; one unit of shared spend, equal weights.
        let ledger = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "alpha")
            .stage("l1", contact: "c-1", stage: "lead", at: "2026-01-05T11:00:00Z")
            .touch("t2", contact: "c-2", at: "2026-01-05T10:00:00Z", channel: "Zeta")
            .stage("l2", contact: "c-2", stage: "lead", at: "2026-01-05T11:00:00Z")
            .raw(ROIFixture.spend("sp-1", amount: "10.00", channel: "alpha"))
            .raw(ROIFixture.spend("sp-2", amount: "10.00", channel: "Zeta"))
            .raw(ROIFixture.spend("sp-3", amount: "0.0001", shared: true))
        let view = try ROIFixture.view(ledger, rules: ROIFixture.rules(allocation: allocation))
        #expect(view.rows.map(\.group) == ["Zeta", "alpha"])
        #expect(view.row("Zeta")?.sharedSpend.units == 1)
        #expect(view.row("alpha")?.sharedSpend.units == 0)
        #expect(view.rowsAddUpToTotal())
    }

    @Test func spendWithNoChannelKeepsItsOwnRow() throws {
        // 50.00 in January with neither channel nor campaign: 500,000 units.
        let ledger = Self.ledger.raw(ROIFixture.spend("sp-4", amount: "50.00"))
        let view = try ROIFixture.view(ledger)
        #expect(view.rows.map(\.group) == ["(no channel)", "email", "paid_search"])
        #expect(view.row(ROIView.noChannel)?.directSpend.units == 500_000)
        #expect(view.total.directSpend.units == 40_500_000)
        #expect(view.rowsAddUpToTotal())
        // By campaign it lands on `(none)`, beside brand and news.
        let byCampaign = try ROIFixture.view(ledger, grouping: .campaign)
        #expect(byCampaign.row(FunnelView.noCampaign)?.directSpend.units == 500_000)
        #expect(byCampaign.row("brand")?.directSpend.units == 30_000_000)
        #expect(byCampaign.row("news")?.directSpend.units == 10_000_000)
        #expect(byCampaign.total.directSpend.units == 40_500_000)
        #expect(byCampaign.rowsAddUpToTotal())
    }

    @Test func retractedAndOutOfWindowSpendCountsNothing() throws {
        let ledger = Self.ledger
            .raw(ROIFixture.spend("sp-5", amount: "700.00", channel: "email", from: "2026-04-01", to: "2026-04-30"))
            .raw(ROIFixture.spend("sp-6", amount: "900.00", channel: "email"))
            .retract("r-1", event: "sp-6")
        let view = try ROIFixture.view(ledger)
        #expect(view.row("email")?.directSpend.units == 10_000_000)
    }

    @Test(arguments: [
        // Nothing has direct spend: even and by_spend have nothing to weigh by.
        (CostAllocation.even, false),
        (.bySpend, false),
        // Direct spend but no lead: by_leads has nothing to weigh by.
        (.byLeads, true),
    ])
    func sharedSpendWithNothingToWeighByIsUnallocated(allocation: CostAllocation, withDirectSpend: Bool) throws {
        var ledger = LedgerFixture().raw(ROIFixture.spend("sp-1", amount: "40.00", shared: true))
        if withDirectSpend {
            ledger = ledger.raw(ROIFixture.spend("sp-2", amount: "300.00", channel: "paid_search"))
        } else {
            ledger = ledger
                .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "paid_search")
                .stage("l1", contact: "c-1", stage: "lead", at: "2026-01-05T11:00:00Z")
        }
        let view = try ROIFixture.view(ledger, rules: ROIFixture.rules(allocation: allocation))
        #expect(view.row(ROIView.unallocatedShared)?.sharedSpend.units == 400_000)
        #expect(view.row("paid_search")?.sharedSpend.units == 0)
        #expect(view.rows.map(\.group) == ["(shared, unallocated)", "paid_search"])
        #expect(view.total.sharedSpend.units == 400_000)
        #expect(view.total.directSpend.units == (withDirectSpend ? 3_000_000 : 0))
        #expect(view.rowsAddUpToTotal())
    }

    @Test(arguments: CostAllocation.allCases)
    func rowsAddUpToTheTotalInEveryColumn(allocation: CostAllocation) throws {
        // Adds deals (one with no touch), spend without a channel, and a proposal-stage deal.
        let ledger = Self.ledger
            .raw(ROIFixture.spend("sp-4", amount: "50.00"))
            .opportunity("o-1", at: "2026-02-01T00:00:00Z", amount: "1000.0001", contacts: ["c-1", "c-3"])
            .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-03-01T00:00:00Z", amount: nil)
            .opportunity("o-2", at: "2026-02-02T00:00:00Z", amount: "333.33", contacts: ["c-9"])
            .opportunity("o-2-p", opportunity: "o-2", stage: "proposal", at: "2026-02-03T00:00:00Z", amount: nil)
        let view = try ROIFixture.view(ledger, rules: ROIFixture.rules(allocation: allocation, #","stage_probabilities":{"proposal":"0.5"}"#))
        // `(no lead)`: the deals none of whose contacts has a lead stage, in the sourcing columns only.
        #expect(view.rows.map(\.group) == ["(no channel)", "(no lead)", "(no touch)", "email", "paid_search"])
        #expect(view.row("(no lead)")?.cost == .zero && view.row("(no lead)")?.pipeline == .zero)
        #expect(view.rowsAddUpToTotal())
        // o-1: 10,000,001 over t1 (paid_search) and t3 (email): 5,000,001 to the earlier t1, 5,000,000 to t3.
        #expect(view.row("paid_search")?.pipeline.units == 5_000_001)
        #expect(view.row("email")?.pipeline.units == 5_000_000)
        // o-2 (no touch): 3,333,300; its expected revenue 3,333,300 × 0.5 = 1,666,650.
        #expect(view.row("(no touch)")?.pipeline.units == 3_333_300)
        #expect(view.row("(no touch)")?.expectedRevenue.units == 1_666_650)
        #expect(view.total.pipeline.units == 13_333_301)
        #expect(view.total.revenue.units == 10_000_001)
        #expect(view.total.expectedRevenue.units == 11_666_651)
        #expect(view.total.directSpend.units == 40_500_000)
        #expect(view.total.sharedSpend.units == 1_000_001)
        #expect(view.total.funnel == [3, 0, 0, 0, 0])
    }
}

// MARK: - ROI, margin ROI, pipeline/cost, verdict, cost per step

@Suite("ROI view: metrics")
struct ROIMetricsTests {
    /// Cost 100.00 (1,000,000 units): 80.00 direct plus 20.00 shared.
    static func row(pipeline: Int64 = 0, revenue: Int64 = 0, cost: Int64 = 1_000_000, funnel: [Int] = [0, 0, 0, 0, 0]) -> ROIRow {
        var row = ROIRow(path: ["paid_search"])
        row.directSpend = Money(units: cost * 4 / 5)
        row.sharedSpend = Money(units: cost - cost * 4 / 5)
        row.pipeline = Money(units: pipeline)
        row.revenue = Money(units: revenue)
        row.funnel = funnel
        return row
    }

    @Test func roiIsRevenueLessCostOverCost() {
        // (150.00 − 100.00) / 100.00 = 0.5.
        let roi = Self.row(revenue: 1_500_000).roi
        #expect(roi == Ratio(500_000, 1_000_000))
        #expect(roi?.decimal(places: 4) == "0.5000")
        // No revenue: (0 − 100.00) / 100.00 = −1.
        #expect(Self.row().roi?.decimal(places: 4) == "-1.0000")
        // 250.00 back on 100.00: 1.5.
        #expect(Self.row(revenue: 2_500_000).roi?.decimal(places: 2) == "1.50")
    }

    @Test func marginROIAppliesTheGrossMarginToRevenue() throws {
        let margin = try RuleSet(json: #"{"gross_margin":"0.8"}"#).grossMargin
        #expect(margin == Fraction(4, 5))
        // 150.00 × 0.8 = 120.00; (120.00 − 100.00) / 100.00 = 0.2.
        #expect(Self.row(revenue: 1_500_000).marginROI(grossMargin: margin) == Ratio(200_000, 1_000_000))
        // 150.0003 × 0.8 = 1,200,002.4 units → 1,200,002; (1,200,002 − 1,000,000) / 1,000,000 = 0.200002.
        #expect(Self.row(revenue: 1_500_003).marginROI(grossMargin: margin)?.decimal(places: 6) == "0.200002")
        // Margin 1 (the default) equals plain ROI.
        #expect(Self.row(revenue: 1_500_003).marginROI(grossMargin: .one) == Self.row(revenue: 1_500_003).roi)
    }

    @Test func noCostMeansNoRatiosAndNoVerdict() {
        let row = Self.row(pipeline: 5_000_000, revenue: 5_000_000, cost: 0)
        #expect(row.cost.units == 0)
        #expect(row.roi == nil)
        #expect(row.marginROI(grossMargin: Fraction(4, 5)) == nil)
        #expect(row.pipelinePerCost == nil)
        #expect(row.verdict(Thresholds()) == nil)
    }

    @Test(arguments: [
        (Int64(0), ROIView.Verdict.investigate),     // no pipeline at all
        (2_999_999, .investigate),                  // a unit under 3×
        (3_000_000, .hold),                         // exactly 3× is hold, not investigate
        (3_000_001, .hold),
        (9_999_999, .hold),
        (10_000_000, .hold),                        // exactly 10× is hold, not scale
        (10_000_001, .scale),                       // a unit over 10×
    ])
    func verdictAtAndAroundTheDefaultThresholds(pipeline: Int64, verdict: ROIView.Verdict) {
        let row = Self.row(pipeline: pipeline)
        #expect(row.pipelinePerCost == Ratio(pipeline, 1_000_000))
        #expect(row.verdict(Thresholds()) == verdict)
    }

    @Test func verdictFollowsTheRuleSetThresholds() throws {
        let thresholds = try RuleSet(json: #"{"thresholds":{"investigate":"2.5","scale":12}}"#).thresholds
        #expect(Self.row(pipeline: 2_499_999).verdict(thresholds) == .investigate)
        #expect(Self.row(pipeline: 2_500_000).verdict(thresholds) == .hold)
        #expect(Self.row(pipeline: 12_000_000).verdict(thresholds) == .hold)
        #expect(Self.row(pipeline: 12_000_001).verdict(thresholds) == .scale)
        // 2.5× of cost 0.0003 (3 units): 7 units is below (7/3 < 2.5), 8 is not.
        #expect(Self.row(pipeline: 7, cost: 3).verdict(thresholds) == .investigate)
        #expect(Self.row(pipeline: 8, cost: 3).verdict(thresholds) == .hold)
    }

    @Test func costPerStepRoundsHalfEvenAndIsNilWithoutAny() {
        let row = Self.row(funnel: [3, 2, 0, 0, 0])
        // 1,000,000 / 3 = 333,333.3 → 333,333; / 2 = 500,000; none reached SQL: nil.
        #expect(row.costPer(.lead)?.units == 333_333)
        #expect(row.costPer(.mql)?.units == 500_000)
        #expect(row.costPer(.sql) == nil)
        #expect(row.costPer(.opportunity) == nil)
        // Half-even at the unit: 5 / 2 = 2.5 → 2; 7 / 2 = 3.5 → 4; 1,000,001 / 2 = 500,000.5 → 500,000.
        #expect(Self.row(cost: 5, funnel: [2, 0, 0, 0, 0]).costPer(.lead)?.units == 2)
        #expect(Self.row(cost: 7, funnel: [2, 0, 0, 0, 0]).costPer(.lead)?.units == 4)
        #expect(Self.row(cost: 1_000_001, funnel: [2, 0, 0, 0, 0]).costPer(.lead)?.units == 500_000)
        // 2,000,000 / 3 = 666,666.7 → 666,667.
        #expect(Self.row(cost: 2_000_000, funnel: [3, 0, 0, 0, 0]).costPer(.lead)?.units == 666_667)
    }

    /// paid_search sources c-1 (MQL, SQL recorded, deal won), c-2 (MQL recorded), c-4; email
    /// sources c-5; events has spend and no lead. Spend in January: paid_search 100.00, email
    /// 50.00, events 10.00; shared 40.00 by leads 3 : 1 → 300,000 and 100,000 units.
    static let funnelLedger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "paid_search")
        .stage("l1", contact: "c-1", stage: "lead", at: "2026-01-05T11:00:00Z")
        .contactFacts("f1", contact: "c-1", account: "a-1", at: "2026-01-05T12:00:00Z", attributes: #"{"score":70}"#)
        .stage("m1", contact: "c-1", stage: "mql", at: "2026-01-10T00:00:00Z")
        .stage("s1", contact: "c-1", stage: "sql", at: "2026-01-15T00:00:00Z")
        .touch("t2", contact: "c-2", at: "2026-01-06T10:00:00Z", channel: "paid_search")
        .stage("l2", contact: "c-2", stage: "lead", at: "2026-01-06T11:00:00Z")
        .contactFacts("f2", contact: "c-2", account: "a-2", at: "2026-01-06T12:00:00Z", attributes: #"{"score":40}"#)
        .stage("m2", contact: "c-2", stage: "mql", at: "2026-01-12T00:00:00Z")
        .touch("t4", contact: "c-4", at: "2026-01-08T10:00:00Z", channel: "paid_search")
        .stage("l4", contact: "c-4", stage: "lead", at: "2026-01-08T11:00:00Z")
        .contactFacts("f4", contact: "c-4", account: "a-4", at: "2026-01-08T12:00:00Z", attributes: #"{"score":90}"#)
        .touch("t5", contact: "c-5", at: "2026-01-09T10:00:00Z", channel: "email")
        .stage("l5", contact: "c-5", stage: "lead", at: "2026-01-09T11:00:00Z")
        .opportunity("o-1", at: "2026-02-01T00:00:00Z", amount: "1000.00", contacts: ["c-1"])
        .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-03-01T00:00:00Z", amount: nil)
        .raw(ROIFixture.spend("sp-1", amount: "100.00", channel: "paid_search"))
        .raw(ROIFixture.spend("sp-2", amount: "50.00", channel: "email"))
        .raw(ROIFixture.spend("sp-3", amount: "10.00", channel: "events"))
        .raw(ROIFixture.spend("sp-4", amount: "40.00", shared: true))

    @Test func costPerStepUsesTheLeadsTheChannelSourced() throws {
        let view = try ROIFixture.view(Self.funnelLedger, rules: ROIFixture.rules(allocation: .byLeads))
        let paid = try #require(view.row("paid_search"))
        // Cost 1,000,000 + 300,000 = 1,300,000; funnel 3 leads, 2 MQL, 1 SQL, 1 opportunity, 1 won.
        #expect(paid.funnel == [3, 2, 1, 1, 1])
        #expect(paid.cost.units == 1_300_000)
        #expect(paid.costPer(.lead)?.units == 433_333)      // 433,333.3
        #expect(paid.costPer(.mql)?.units == 650_000)
        #expect(paid.costPer(.sql)?.units == 1_300_000)
        #expect(paid.costPer(.opportunity)?.units == 1_300_000)
        #expect(paid.costPer(.won)?.units == 1_300_000)
        // Pipeline 10,000,000 / 1,300,000 = 7.69…: hold; ROI (10,000,000 − 1,300,000) / 1,300,000 = 6.6923.
        #expect(paid.verdict(view.thresholds) == .hold)
        #expect(paid.roi?.decimal(places: 4) == "6.6923")
        let email = try #require(view.row("email"))
        // 500,000 + 100,000; one lead, no MQL.
        #expect(email.funnel == [1, 0, 0, 0, 0])
        #expect(email.costPer(.lead)?.units == 600_000)
        #expect(email.costPer(.mql) == nil)
        // No pipeline on 100,000 of cost: investigate.
        #expect(email.verdict(view.thresholds) == .investigate)
        let events = try #require(view.row("events"))
        #expect(events.cost.units == 100_000)
        #expect(events.funnel == [0, 0, 0, 0, 0])
        for step in FunnelView.Step.allCases { #expect(events.costPer(step) == nil) }
    }

    @Test func changingOnlyTheQualificationRulesChangesCostPerMQLAndNothingElse() throws {
        let recorded = try ROIFixture.view(Self.funnelLedger, rules: ROIFixture.rules(allocation: .byLeads))
        let byScore = try ROIFixture.view(Self.funnelLedger, rules: ROIFixture.rules(
            allocation: .byLeads, #","qualification":{"mql":"score >= 80","sql":"stage('sql')"}"#))
        let before = try #require(recorded.row("paid_search"))
        let after = try #require(byScore.row("paid_search"))
        // Only c-4 (score 90) is an MQL now, and it has no SQL: 3 leads, 1 MQL, nothing further.
        #expect(after.funnel == [3, 1, 0, 0, 0])
        #expect(before.costPer(.mql)?.units == 650_000)
        #expect(after.costPer(.mql)?.units == 1_300_000)
        #expect(after.costPer(.sql) == nil)
        #expect(after.costPer(.lead) == before.costPer(.lead))
        for (old, new) in zip(recorded.rows, byScore.rows) {
            #expect(old.group == new.group)
            #expect(old.directSpend == new.directSpend)
            #expect(old.sharedSpend == new.sharedSpend)
            #expect(old.pipeline == new.pipeline)
            #expect(old.expectedRevenue == new.expectedRevenue)
            #expect(old.revenue == new.revenue)
            #expect(old.funnel[FunnelView.Step.lead.rawValue] == new.funnel[FunnelView.Step.lead.rawValue])
        }
        #expect(recorded.rows.count == byScore.rows.count)
    }
}

// MARK: - Revenue net of adjustments, expected revenue

@Suite("ROI view: revenue and expected revenue")
struct ROIRevenueTests {
    /// o-1 (c-1, paid_search) created Jan 20 at 10,000.00, won Feb 15; adjustments −1,000.00 on
    /// Mar 10, +250.00 at the window's last second, −500.00 on Apr 1 (after `--to`).
    static let ledger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "paid_search")
        .opportunity("o-1", at: "2026-01-20T00:00:00Z", amount: "10000.00", contacts: ["c-1"])
        .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-02-15T00:00:00Z", amount: nil)
        .adjustment("a-1", opportunity: "o-1", amount: "-1000.00", at: "2026-03-10T00:00:00Z")
        .adjustment("a-2", opportunity: "o-1", amount: "250.00", at: "2026-03-31T23:59:59Z")
        .adjustment("a-3", opportunity: "o-1", amount: "-500.00", at: "2026-04-01T00:00:00Z")

    @Test func revenueIsNetOfAdjustmentsUpToTheWindowEnd() throws {
        let view = try ROIFixture.view(Self.ledger)
        let paid = try #require(view.row("paid_search"))
        // 100,000,000 − 10,000,000 + 2,500,000 = 92,500,000; the April churn is not counted.
        #expect(paid.revenue.units == 92_500_000)
        // Pipeline is the deal's amount, untouched by adjustments.
        #expect(paid.pipeline.units == 100_000_000)
        // A won deal's expected revenue is its revenue.
        #expect(paid.expectedRevenue.units == 92_500_000)
        #expect(view.total.revenue.units == 92_500_000)
    }

    @Test func laterWindowEndCountsTheLaterAdjustment() throws {
        let throughApril = ReportWindow(from: ReplayFixture.date("2026-01-01"), to: ReplayFixture.date("2026-04-30"))
        // 92,500,000 − 5,000,000.
        #expect(try ROIFixture.view(Self.ledger, window: throughApril).row("paid_search")?.revenue.units == 87_500_000)
        // Won in February: a second-quarter window has no revenue for it.
        let q2 = ReportWindow(from: ReplayFixture.date("2026-04-01"), to: ReplayFixture.date("2026-06-30"))
        #expect(try ROIFixture.view(Self.ledger, window: q2).total.revenue.units == 0)
    }

    /// Deals created in Q1, one touch each on its own channel; `proposal` has probability 0.5.
    static let pipelineLedger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "paid_search")
        .opportunity("o-open", at: "2026-02-01T00:00:00Z", amount: "10000.00", contacts: ["c-1"])
        .opportunity("o-open-p", opportunity: "o-open", stage: "proposal", at: "2026-02-10T00:00:00Z", amount: nil)
        .touch("t2", contact: "c-2", at: "2026-01-05T10:00:00Z", channel: "email")
        .opportunity("o-lost", at: "2026-02-02T00:00:00Z", amount: "8000.00", contacts: ["c-2"])
        .opportunity("o-lost-l", opportunity: "o-lost", stage: "lost", at: "2026-02-20T00:00:00Z", amount: nil)
        .touch("t3", contact: "c-3", at: "2026-01-05T10:00:00Z", channel: "events")
        .opportunity("o-won", at: "2026-02-03T00:00:00Z", amount: "6000.00", contacts: ["c-3"])
        .opportunity("o-won-w", opportunity: "o-won", stage: "won", at: "2026-03-01T00:00:00Z", amount: nil)
        .adjustment("a-1", opportunity: "o-won", amount: "-1000.00", at: "2026-03-15T00:00:00Z")
        .touch("t4", contact: "c-4", at: "2026-01-05T10:00:00Z", channel: "webinar")
        .opportunity("o-unlisted", at: "2026-02-04T00:00:00Z", amount: "4000.00", contacts: ["c-4"])
        .opportunity("o-unlisted-d", opportunity: "o-unlisted", stage: "discovery", at: "2026-02-10T00:00:00Z", amount: nil)
        .touch("t5", contact: "c-5", at: "2026-01-05T10:00:00Z", channel: "social")
        .opportunity("o-created", at: "2026-02-05T00:00:00Z", amount: "2000.00", contacts: ["c-5"])
        // Two touches (email, then paid_search) on a 1,000.0002 proposal.
        .touch("t6a", contact: "c-6", at: "2026-01-10T10:00:00Z", channel: "email")
        .touch("t6b", contact: "c-6", at: "2026-01-11T10:00:00Z", channel: "paid_search")
        .opportunity("o-split", at: "2026-02-06T00:00:00Z", amount: "1000.0002", contacts: ["c-6"])
        .opportunity("o-split-p", opportunity: "o-split", stage: "proposal", at: "2026-02-07T00:00:00Z", amount: nil)

    static let probabilities = #","stage_probabilities":{"proposal":"0.5"}"#

    @Test func expectedValueOfEachKindOfDeal() throws {
        let rules = try ROIFixture.rules(allocation: .bySpend, Self.probabilities)
        let replay = try ROIFixture.replay(Self.pipelineLedger, rules: rules)
        let expected = Dictionary(uniqueKeysWithValues: replay.ledger.deals.map {
            ($0.id, ROIView.expectedValue(of: $0, rules: rules, window: ROIFixture.q1).units)
        })
        #expect(expected == [
            "o-open": 50_000_000,       // 10,000.00 × 0.5
            "o-lost": 0,                // lost
            "o-won": 50_000_000,        // won: 6,000.00 − 1,000.00
            "o-unlisted": 0,            // `discovery` is not listed
            "o-created": 0,             // `created` is not listed either
            "o-split": 5_000_001,       // 10,000,002 × 0.5
        ])
    }

    @Test func expectedRevenueIsSplitLikeThePipelineCredit() throws {
        let view = try ROIFixture.view(Self.pipelineLedger, rules: ROIFixture.rules(allocation: .bySpend, Self.probabilities))
        // o-split's 5,000,001 over its equal pipeline credits (5,000,001 each): 2,500,000 each and
        // the odd unit to the earlier touch (t6a, email). paid_search: 50,000,000 (o-open) + 2,500,000.
        #expect(view.row("paid_search")?.expectedRevenue.units == 52_500_000)
        #expect(view.row("email")?.expectedRevenue.units == 2_500_001)
        #expect(view.row("events")?.expectedRevenue.units == 50_000_000)
        #expect(view.row("webinar")?.expectedRevenue.units == 0)
        #expect(view.row("social")?.expectedRevenue.units == 0)
        #expect(view.total.expectedRevenue.units == 105_000_001)
        // Pipeline: every deal created in Q1 at its amount, 10,000 + 8,000 + 6,000 + 4,000 + 2,000 + 1,000.0002.
        #expect(view.total.pipeline.units == 310_000_002)
        // Revenue: only o-won, net of its adjustment.
        #expect(view.total.revenue.units == 50_000_000)
        #expect(view.row("events")?.revenue.units == 50_000_000)
        #expect(view.rowsAddUpToTotal())
    }
}

// MARK: - Ratio and Money scaling

@Suite("ROI arithmetic: Ratio and Money.scaled(by:)")
struct ROIArithmeticTests {
    @Test func scaledRoundsHalfToEvenUnit() {
        let half = Fraction(1, 2)
        // 5 units × 1/2 = 2.5 → 2 (even); 7 × 1/2 = 3.5 → 4; 3 × 1/2 = 1.5 → 2; 1 × 1/2 = 0.5 → 0.
        #expect(Money("0.0005")!.scaled(by: half).units == 2)
        #expect(Money("0.0007")!.scaled(by: half).units == 4)
        #expect(Money("0.0003")!.scaled(by: half).units == 2)
        #expect(Money("0.0001")!.scaled(by: half).units == 0)
        // Symmetric for negatives: −2.5 → −2, −3.5 → −4.
        #expect(Money("-0.0005")!.scaled(by: half).units == -2)
        #expect(Money("-0.0007")!.scaled(by: half).units == -4)
        // Not half: 10 × 1/3 = 3.33 → 3; 20 × 1/3 = 6.67 → 7; 5 × 7/10 = 3.5 → 4; 25 × 1/10 = 2.5 → 2.
        #expect(Money(units: 10).scaled(by: Fraction(1, 3)).units == 3)
        #expect(Money(units: 20).scaled(by: Fraction(1, 3)).units == 7)
        #expect(Money(units: 5).scaled(by: Fraction(decimal: "0.7")!).units == 4)
        #expect(Money(units: 25).scaled(by: Fraction(decimal: "0.1")!).units == 2)
        #expect(Money(units: 35).scaled(by: Fraction(decimal: "0.1")!).units == 4)
        // Exact by 0 and 1.
        #expect(Money("12.3456")!.scaled(by: .one) == Money("12.3456")!)
        #expect(Money("12.3456")!.scaled(by: .zero) == .zero)
    }

    @Test func scaledIsExactBeyondSixtyFourBits() {
        // 999,999,999,999,999,999 × 0.999999999 = 999,999,998,999,999,999.000000001 → …999.
        let largest = Money("99999999999999.9999")!
        #expect(largest.units == 999_999_999_999_999_999)
        #expect(largest.scaled(by: Fraction(decimal: "0.999999999")!).units == 999_999_998_999_999_999)
        // × 0.8 = 799,999,999,999,999,999.2 → …999.
        #expect(largest.scaled(by: Fraction(4, 5)).units == 799_999_999_999_999_999)
    }

    @Test func ratioIsUndefinedWithoutAPositiveDenominator() {
        #expect(Ratio(5, 0) == nil)
        #expect(Ratio(5, -1) == nil)
        #expect(Ratio(0, 1) != nil)
    }

    @Test func decimalRoundsHalfEvenWithFixedPlaces() {
        #expect(Ratio(1, 3)!.decimal(places: 4) == "0.3333")
        #expect(Ratio(2, 3)!.decimal(places: 4) == "0.6667")
        #expect(Ratio(-1, 2)!.decimal(places: 4) == "-0.5000")
        #expect(Ratio(7, 1)!.decimal(places: 2) == "7.00")
        // Halves go to the even digit: 2.5 → 2, 3.5 → 4, −0.125 → −0.12, 0.00005 → 0.0000, 0.00015 → 0.0002.
        #expect(Ratio(5, 2)!.decimal(places: 0) == "2")
        #expect(Ratio(7, 2)!.decimal(places: 0) == "4")
        #expect(Ratio(-1, 8)!.decimal(places: 2) == "-0.12")
        #expect(Ratio(1, 20_000)!.decimal(places: 4) == "0.0000")
        #expect(Ratio(3, 20_000)!.decimal(places: 4) == "0.0002")
        // −0.5 at 0 places rounds to 0, printed without a sign.
        #expect(Ratio(-1, 2)!.decimal(places: 0) == "0")
        #expect(Ratio(-3, 2)!.decimal(places: 0) == "-2")
        #expect(Ratio(123_456_789, 10_000)!.decimal(places: 4) == "12345.6789")
    }

    @Test func thresholdComparisonsAreExact() {
        let three = Fraction(3)
        #expect(!Ratio(3_000_000, 1_000_000)!.isBelow(three))
        #expect(!Ratio(3_000_000, 1_000_000)!.isAbove(three))
        #expect(Ratio(2_999_999, 1_000_000)!.isBelow(three))
        #expect(Ratio(3_000_001, 1_000_000)!.isAbove(three))
        // 1/3 against 0.333333333: above, by 1/3,000,000,000.
        let almostThird = Fraction(decimal: "0.333333333")!
        #expect(Ratio(1, 3)!.isAbove(almostThird))
        #expect(!Ratio(1, 3)!.isBelow(almostThird))
        // Int64.max / (Int64.max − 1) is above 1, though both are the same Double.
        #expect(Ratio(Int64.max, Int64.max - 1)!.isAbove(.one))
        #expect(Ratio(Int64.max - 1, Int64.max)!.isBelow(.one))
        // Cross products beyond 64 bits: Int64.max × 2 against 1 × 1, Int64.max × 10^9 against 999,999,999 × 1.
        #expect(Ratio(Int64.max, 1)!.isAbove(Fraction(decimal: "0.5")!))
        #expect(Ratio(Int64.max, 1)!.isAbove(Fraction(decimal: "0.999999999")!))
        #expect(!Ratio(Int64.max, 1)!.isBelow(Fraction(decimal: "0.999999999")!))
        // 2^62 / 3 against 1,537,228,672,809,129,301 (⌊2^62 / 3⌋): above by 1/3.
        #expect(Ratio(4_611_686_018_427_387_904, 3)!.isAbove(Fraction(1_537_228_672_809_129_301)))
        #expect(!Ratio(4_611_686_018_427_387_904, 3)!.isAbove(Fraction(1_537_228_672_809_129_302)))
        // Negative ratios (a loss) are below any non-negative threshold.
        #expect(Ratio(-1, 1)!.isBelow(.zero))
        #expect(!Ratio(0, 1)!.isBelow(.zero) && !Ratio(0, 1)!.isAbove(.zero))
        #expect(Ratio(Int64.min + 1, 1)!.isBelow(Fraction(3)))
    }
}

// MARK: - Self-reported vs tracked

/// c-1 said "Paid Search", first touch paid_search, model paid_search: agrees twice.
/// c-2 said "  LinkedIn - Ads ", first touch linkedin_ads, linear gives email 600 of 900: first only.
/// c-3 said "Events" then "Webinar" at the same instant (the later line wins), no touch, no deal.
/// c-4 said "Email", then "Podcast", then "Email" after the window: podcast; touch email, no deal.
/// c-5 said "B Chan"; first touch b_chan, then a_chan; linear 50/50 tie → a_chan (UTF-8 first).
@Suite("ROI: self-reported vs tracked")
struct ROISelfReportTests {
    static let ledger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "paid_search")
        .raw(ROIFixture.selfReport("sr-1", contact: "c-1", source: "Paid Search", at: "2026-02-01T00:00:00Z"))
        .opportunity("o-1", at: "2026-02-10T00:00:00Z", amount: "500.00", contacts: ["c-1"])
        .touch("t2a", contact: "c-2", at: "2026-01-05T10:00:00Z", channel: "linkedin_ads")
        .touch("t2b", contact: "c-2", at: "2026-01-20T10:00:00Z", channel: "email")
        .touch("t2c", contact: "c-2", at: "2026-01-25T10:00:00Z", channel: "email")
        .raw(ROIFixture.selfReport("sr-2", contact: "c-2", source: "  LinkedIn - Ads ", at: "2026-02-01T00:00:00Z"))
        .opportunity("o-2", at: "2026-02-10T00:00:00Z", amount: "900.00", contacts: ["c-2"])
        .raw(ROIFixture.selfReport("sr-3a", contact: "c-3", source: "Events", at: "2026-02-01T00:00:00Z"))
        .raw(ROIFixture.selfReport("sr-3b", contact: "c-3", source: "Webinar", at: "2026-02-01T00:00:00Z"))
        .touch("t4", contact: "c-4", at: "2026-01-05T10:00:00Z", channel: "email")
        .raw(ROIFixture.selfReport("sr-4a", contact: "c-4", source: "Email", at: "2026-01-10T00:00:00Z"))
        .raw(ROIFixture.selfReport("sr-4b", contact: "c-4", source: "Podcast", at: "2026-03-01T00:00:00Z"))
        .raw(ROIFixture.selfReport("sr-4c", contact: "c-4", source: "Email", at: "2026-04-10T00:00:00Z"))
        .touch("t5a", contact: "c-5", at: "2026-01-05T10:00:00Z", channel: "b_chan")
        .touch("t5b", contact: "c-5", at: "2026-01-06T10:00:00Z", channel: "a_chan")
        .raw(ROIFixture.selfReport("sr-5", contact: "c-5", source: "B Chan", at: "2026-02-01T00:00:00Z"))
        .opportunity("o-5", at: "2026-02-10T00:00:00Z", amount: "100.00", contacts: ["c-5"])
        // A contact with a touch and no self-report is not in the population.
        .touch("t6", contact: "c-6", at: "2026-01-05T10:00:00Z", channel: "email")

    static func matrix() throws -> SelfReportMatrix {
        let replay = try ROIFixture.replay(Self.ledger, rules: RuleSet())
        return SelfReportMatrix(facts: replay.facts, ledger: replay.ledger, window: ROIFixture.q1, pipeline: replay.pipeline)
    }

    @Test func sourcesAreNormalisedToChannelNames() {
        #expect(SelfReportMatrix.normalised("Paid Search") == "paid_search")
        #expect(SelfReportMatrix.normalised("  LinkedIn - Ads ") == "linkedin_ads")
        #expect(SelfReportMatrix.normalised("paid_search") == "paid_search")
        #expect(SelfReportMatrix.normalised("Word-of-Mouth") == "word_of_mouth")
        #expect(SelfReportMatrix.normalised("EMAIL") == "email")
    }

    @Test func agreementAgainstFirstTouch() throws {
        let matrix = try Self.matrix()
        #expect(matrix.contacts == 5)
        #expect(matrix.firstTouch == [
            .init(reported: "b_chan", tracked: "b_chan", contacts: 1),
            .init(reported: "linkedin_ads", tracked: "linkedin_ads", contacts: 1),
            .init(reported: "paid_search", tracked: "paid_search", contacts: 1),
            .init(reported: "podcast", tracked: "email", contacts: 1),
            .init(reported: "webinar", tracked: "(no touch)", contacts: 1),
        ])
        #expect(matrix.firstTouchAgreements == 3)
    }

    @Test func agreementAgainstTheModelsTopChannel() throws {
        let matrix = try Self.matrix()
        #expect(matrix.model == [
            .init(reported: "b_chan", tracked: "a_chan", contacts: 1),
            .init(reported: "linkedin_ads", tracked: "email", contacts: 1),
            .init(reported: "paid_search", tracked: "paid_search", contacts: 1),
            .init(reported: "podcast", tracked: "(no deal)", contacts: 1),
            .init(reported: "webinar", tracked: "(no deal)", contacts: 1),
        ])
        #expect(matrix.modelAgreements == 1)
    }

    @Test func contactsSayingTheSameThingShareACell() throws {
        // c-7 also says "paid search" and was first touched by paid_search; no deal.
        let ledger = Self.ledger
            .touch("t7", contact: "c-7", at: "2026-01-05T10:00:00Z", channel: "paid_search")
            .raw(ROIFixture.selfReport("sr-7", contact: "c-7", source: "paid search", at: "2026-02-02T00:00:00Z"))
        let replay = try ROIFixture.replay(ledger, rules: RuleSet())
        let matrix = SelfReportMatrix(facts: replay.facts, ledger: replay.ledger, window: ROIFixture.q1, pipeline: replay.pipeline)
        #expect(matrix.contacts == 6)
        #expect(matrix.firstTouch.first { $0.reported == "paid_search" } == .init(reported: "paid_search", tracked: "paid_search", contacts: 2))
        #expect(matrix.firstTouchAgreements == 4)
        #expect(matrix.model.filter { $0.reported == "paid_search" } == [
            .init(reported: "paid_search", tracked: "(no deal)", contacts: 1),
            .init(reported: "paid_search", tracked: "paid_search", contacts: 1),
        ])
        #expect(matrix.modelAgreements == 1)
    }
}

// MARK: - Data completeness

/// Rules: dedupe 30 minutes; `medium: cpc` maps to paid_search.
/// Touches in Q1: t1 (cpc → paid_search), t2 (+20 min, dropped), t3 (+30 min, dropped: inclusive),
/// t4 (+31 min, kept), t5 (unmapped UTM), t6 (no channel, no UTM: unmapped), t8 (explicit events) = 7;
/// outside: t7 and the duplicate pair t9/t10 in December; t11 retracted.
@Suite("ROI: data completeness")
struct ROICompletenessTests {
    static let rules = try! RuleSet(json: #"{"dedupe":{"window_minutes":30},"channel_mapping":[{"when":{"medium":"cpc"},"channel":"paid_search"}]}"#)

    static let ledger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-01-05T10:00:00Z", utmSource: "google", utmMedium: "cpc")
        .touch("t2", contact: "c-1", at: "2026-01-05T10:20:00Z", utmSource: "google", utmMedium: "cpc")
        .touch("t3", contact: "c-1", at: "2026-01-05T10:30:00Z", utmSource: "google", utmMedium: "cpc")
        .touch("t4", contact: "c-1", at: "2026-01-05T10:31:00Z", utmSource: "google", utmMedium: "cpc")
        .stage("l1", contact: "c-1", stage: "lead", at: "2026-01-05T11:00:00Z")
        .touch("t5", contact: "c-2", at: "2026-01-06T10:00:00Z", utmSource: "newsletter", utmMedium: "email")
        .stage("l2", contact: "c-2", stage: "lead", at: "2025-12-15T00:00:00Z")
        .touch("t6", contact: "c-3", at: "2026-01-07T10:00:00Z")
        .stage("l3", contact: "c-3", stage: "lead", at: "2026-01-07T12:00:00Z")
        .touch("t7", contact: "c-2", at: "2025-12-01T10:00:00Z", channel: "email")
        .touch("t8", contact: "c-4", at: "2026-02-01T10:00:00Z", channel: "events")
        .stage("l4", contact: "c-4", stage: "lead", at: "2026-02-01T12:00:00Z")
        .stage("l6", contact: "c-6", stage: "lead", at: "2026-01-08T00:00:00Z")
        .touch("t9", contact: "c-5", at: "2025-12-10T10:00:00Z", channel: "email")
        .touch("t10", contact: "c-5", at: "2025-12-10T10:05:00Z", channel: "email")
        .touch("t11", contact: "c-1", at: "2026-01-20T10:00:00Z", channel: "email")
        .retract("r-1", event: "t11")
        .opportunity("o-1", at: "2026-02-10T00:00:00Z", amount: "100.00", contacts: ["c-1"])
        .opportunity("o-2", at: "2026-02-11T00:00:00Z", amount: "100.00", contacts: ["c-9"])
        .opportunity("o-3", at: "2026-02-12T00:00:00Z", amount: "100.00")
        .opportunity("o-4", at: "2025-11-01T00:00:00Z", amount: "100.00", contacts: ["c-8"])
        .raw(ROIFixture.spend("sp-1", amount: "310.00", channel: "paid_search", campaign: "brand"))
        .raw(ROIFixture.spend("sp-2", amount: "280.00", channel: "paid_search", from: "2026-02-01", to: "2026-02-28"))
        .raw(ROIFixture.spend("sp-4", amount: "500.00", shared: true))
        .raw(ROIFixture.spend("sp-5", amount: "90.00", channel: "email", from: "2025-12-01", to: "2025-12-31"))
        .raw(ROIFixture.spend("sp-6", amount: "300.00", channel: "email", from: "2026-03-17", to: "2026-04-15"))
        .raw(ROIFixture.spend("sp-7", amount: "99.00", channel: "email"))
        .retract("r-2", event: "sp-7")

    static func completeness() throws -> CompletenessView {
        let replay = try ROIFixture.replay(Self.ledger, rules: Self.rules)
        return CompletenessView(facts: replay.facts, ledger: replay.ledger, window: ROIFixture.q1, pipeline: replay.pipeline,
                                leads: FunnelView.Base(ledger: replay.ledger, facts: replay.facts, window: ROIFixture.q1))
    }

    @Test func touchesUnmappedAndDuplicatesInTheWindow() throws {
        let view = try Self.completeness()
        #expect(view.touches == 7)
        #expect(view.unmappedTouches == 2)           // t5, t6
        #expect(view.duplicateTouchesDropped == 2)   // t2, t3 (t10 is outside the window)
    }

    @Test func opportunitiesWithNoTouch() throws {
        let view = try Self.completeness()
        #expect(view.opportunities == 3)             // o-1, o-2, o-3 (o-4 is before the window)
        #expect(view.opportunitiesWithNoTouch == 2)  // o-2 (c-9 has no touch), o-3 (no contacts)
    }

    @Test func leadsWithoutUTM() throws {
        let view = try Self.completeness()
        // c-1 (source t4, UTM), c-3 (source t6, bare), c-4 (source t8, explicit channel), c-6 (no touch);
        // c-2's lead is in December.
        #expect(view.leads == 4)
        #expect(view.leadsWithoutUTM == 2)
    }

    @Test func directSpendWithoutCampaign() throws {
        let view = try Self.completeness()
        // sp-1, sp-2, sp-6 overlap Q1 (sp-4 is shared, sp-5 is December, sp-7 retracted).
        #expect(view.spendRecords == 3)
        // sp-2 (2,800,000 in February) and sp-6 (Mar 17..31: ⌊3,000,000 × 15 / 30⌋ = 1,500,000).
        #expect(view.spendWithoutCampaign == 2)
        #expect(view.spendWithoutCampaignAmount.units == 4_300_000)
    }
}
