import LedgerCore
@testable import LedgerProjections
@testable import LedgerReports
import Testing
import TestSupport

/// The README's "Funnel, ROI and data completeness" and "Compare" sections where an independent
/// implementation found roiledger deviating, each computed by hand.
@Suite("ROI and compare readings, hand-computed")
struct ROIReadingsTests {
    static let february = ReportWindow(from: ReplayFixture.date("2026-02-01"), to: ReplayFixture.date("2026-02-28"))

    // MARK: 1. Velocity medians are exact and round half-even

    static func velocity(mqlAt times: [String]) throws -> (median: Ratio?, printed: ReportTable.Value) {
        var fixture = LedgerFixture()
        for (index, time) in times.enumerated() {
            fixture = fixture
                .stage("l\(index)", contact: "c\(index)", stage: "lead", at: "2026-02-01T00:00:00Z")
                .stage("m\(index)", contact: "c\(index)", stage: "mql", at: "2026-02-01T\(time)Z")
        }
        let facts = try ReplayFixture.facts(fixture.lines)
        let funnel = FunnelView(ledger: ResolvedLedger(facts: facts, rules: RuleSet()), facts: facts, rules: RuleSet(),
                                window: Self.february)
        return (funnel.medianDaysBetweenSteps[0], FunnelReport.velocity(funnel).rows[0].values[1])
    }

    /// Two leads at 2026-02-01T00:00Z reach MQL at 04:48 (0.2 days) and 07:12 (0.3 days): the
    /// median is exactly 0.25 days, printed 0.2 (half-even to the tenth), not 0.3. At 07:12 and
    /// 09:36 (0.3 and 0.4) it is 0.35, printed 0.4; with an odd count it is the middle one.
    @Test func aMedianOnATieRoundsHalfEven() throws {
        let low = try Self.velocity(mqlAt: ["04:48:00", "07:12:00"])
        #expect(low.median == Ratio(1, 4) && low.printed == .days(2))
        let high = try Self.velocity(mqlAt: ["07:12:00", "09:36:00"])
        #expect(high.median == Ratio(7, 20) && high.printed == .days(4))
        let odd = try Self.velocity(mqlAt: ["12:00:00", "04:48:00", "07:12:00"])
        #expect(odd.median == Ratio(3, 10) && odd.printed == .days(3))
    }

    // MARK: 2. A net credit has undefined ratios and its own verdict

    /// Spend 1,000 on channel a and −200 on channel b, both over February: b's cost is −200, its
    /// ROI, margin ROI and pipeline/cost stay undefined (a negative cost's ratios mislead) and its
    /// verdict is `net credit`, never `no spend`.
    @Test func aNegativeCostIsANetCreditNotNoSpend() throws {
        let fixture = LedgerFixture()
            .raw(ROIFixture.spend("s1", amount: "1000", channel: "a", from: "2026-02-01", to: "2026-02-28"))
            .raw(ROIFixture.spend("s2", amount: "-200", channel: "b", from: "2026-02-01", to: "2026-02-28"))
        let view = try ROIFixture.view(fixture, window: Self.february)
        let b = try #require(view.row("b"))
        #expect(b.cost == Money(units: -2_000_000))
        #expect(b.roi == nil && b.marginROI(grossMargin: Fraction(4, 5)) == nil && b.pipelinePerCost == nil)
        #expect(b.verdict(view.thresholds) == .netCredit)
        #expect(view.row("a")?.verdict(view.thresholds) == .investigate)
        let table = try #require(try Self.roiTable(fixture, window: Self.february))
        let verdictColumn = try #require(table.columns.firstIndex { $0.key == "verdict" })
        let verdicts = Dictionary(uniqueKeysWithValues: table.rows.map { ($0.group, $0.values[verdictColumn]) })
        #expect(verdicts["b"] == .text("net credit"))
        #expect(verdicts["a"] == .text("investigate"))
        // A group with no cost at all still says `no spend`.
        #expect(ROIRow(path: ["x"]).verdict(Thresholds()) == nil)
    }

    // MARK: 3. Margin ROI stays exact until printed

    /// Revenue 0.0001 (1 unit), gross margin 0.78, cost 0.0003 (3 units): (0.78 − 3) / 3 = −0.74
    /// exactly; rounding revenue × margin to a unit first gave (1 − 3) / 3 = −0.6667.
    @Test func marginROIDoesNotRoundRevenueTimesMargin() throws {
        var row = ROIRow(path: ["a"])
        row.revenue = Money(units: 1)
        row.directSpend = Money(units: 3)
        let margin = try RuleSet(json: #"{"gross_margin":"0.78"}"#).grossMargin
        #expect(row.marginROI(grossMargin: margin)?.decimal(places: 4) == "-0.7400")
        #expect(row.marginROI(grossMargin: margin) == Ratio(-74, 100))
        // A margin with a large denominator and a large revenue stay exact in 128 bits:
        // 10^14 units × 0.123456789 − 10^13 over 10^13 = 1.23456789 − 1 = 0.23456789.
        row.revenue = Money(units: 100_000_000_000_000)
        row.directSpend = Money(units: 10_000_000_000_000)
        let fine = try #require(Fraction(decimal: "0.123456789"))
        #expect(row.marginROI(grossMargin: fine) == Ratio(23_456_789, 100_000_000))
    }

    // MARK: 4. compare: a group on one side only compares as a zero row

    /// Touch on a at 02-01; deal created 02-03 (100, contact c1); touch on x at 02-05; won 02-10.
    /// With credit to creation x gets nothing and has no row; with credit to close it gets half.
    /// Neither side has cost for x, so both verdicts are `no spend` and the figure has not changed.
    @Test func aGroupOnOneSideOnlyKeepsTheZeroRowsVerdict() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c1", at: "2026-02-01T00:00:00Z", channel: "a")
            .opportunity("o1", account: "a1", at: "2026-02-03T00:00:00Z", amount: "100", contacts: ["c1"])
            .touch("t2", contact: "c1", at: "2026-02-05T00:00:00Z", channel: "x")
            .opportunity("o1w", opportunity: "o1", account: "a1", stage: "won", at: "2026-02-10T00:00:00Z", amount: nil)
        let toCreation = try #require(try Self.roiTable(fixture, window: Self.february))
        let toClose = try #require(try Self.roiTable(fixture, rules: RuleSet(json: #"{"attribution":{"credit_until":"close"}}"#),
                                                    window: Self.february))
        #expect(!toCreation.rows.contains { $0.group == "x" } && toClose.rows.contains { $0.group == "x" })
        let lines = Comparison.compare(toCreation, toClose).lines.filter { $0.group == "x" }
        let verdict = try #require(lines.first { $0.metric == "verdict" })
        #expect(verdict.a == .text("no spend") && verdict.b == .text("no spend"))
        #expect(!verdict.differs && verdict.delta == .text(""))
        let pipeline = try #require(lines.first { $0.metric == "pipeline" })
        #expect(pipeline.a == .money(.zero) && pipeline.b == .money(Money(units: 500_000)) && pipeline.differs)
        #expect(lines.filter(\.differs).map(\.metric).sorted() == ["booked_revenue", "expected_revenue", "pipeline", "revenue"])
    }

    static func roiTable(_ fixture: LedgerFixture, rules: RuleSet = RuleSet(), window: ReportWindow) throws -> ReportTable? {
        let replay = try ROIFixture.replay(fixture, rules: rules, window: window)
        let view = ROIView(facts: replay.facts, ledger: replay.ledger, rules: rules, window: window, grouping: .channel,
                           pipeline: replay.pipeline, revenue: replay.revenue, funnel: replay.funnel)
        let matrix = SelfReportMatrix(facts: replay.facts, ledger: replay.ledger, window: window, pipeline: replay.pipeline)
        return ROIReport(model: .linear, view: view, selfReported: matrix, groupBy: .channel).tables.first { $0.key == "roi" }
    }
}
