import LedgerCore
@testable import LedgerProjections
import Testing
import TestSupport

/// One deal of 1,000.00 (10,000,000 units) with four touches of contact c-1, hand-computed:
/// t1 day 1 paid_search, t2 day 5 email (then the `lead` stage), t3 day 8 webinar,
/// t4 day 10 events; the opportunity is created on day 12.
@Suite("Rule-based models, hand-computed")
struct RuleBasedModelTests {
    static let journey = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "paid_search", campaign: "brand")
        .touch("t2", contact: "c-1", at: "2026-03-05T09:00:00Z", channel: "email")
        .stage("s1", contact: "c-1", stage: "lead", at: "2026-03-05T09:30:00Z")
        .touch("t3", contact: "c-1", at: "2026-03-08T09:00:00Z", channel: "webinar")
        .touch("t4", contact: "c-1", at: "2026-03-10T09:00:00Z", channel: "events")
        .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])

    static let window = ReportWindow(from: ReplayFixture.date("2026-01-01"), to: ReplayFixture.date("2026-03-31"))

    static func credits(_ model: AttributionModelName, _ fixture: LedgerFixture = journey, rules: RuleSet = RuleSet()) throws -> [String: Int64] {
        let ledger = ResolvedLedger(facts: try ReplayFixture.facts(fixture.lines), rules: rules)
        let result = AttributionEngine(ledger: ledger, rules: rules, window: window).run(model, view: .pipeline)
        return Dictionary(result.credits.map { ($0.touch?.id ?? $0.channel, $0.amount.units) }, uniquingKeysWith: +)
    }

    @Test(arguments: [
        (AttributionModelName.firstTouch, [10_000_000, 0, 0, 0]),
        (.lastTouch, [0, 0, 0, 10_000_000]),
        (.linear, [2_500_000, 2_500_000, 2_500_000, 2_500_000]),
        (.positionBased, [4_000_000, 1_000_000, 1_000_000, 4_000_000]),
        (.uShaped, [4_000_000, 4_000_000, 1_000_000, 1_000_000]),
        (.wShaped, [3_000_000, 3_000_000, 1_000_000, 3_000_000]),
        // Open deal: the closing role is missing and its 22.5 % splits over the three present roles.
        (.fullPath, [3_000_000, 3_000_000, 1_000_000, 3_000_000]),
        (.jShaped, [2_000_000, 1_000_000, 1_000_000, 6_000_000]),
        (.inverseJ, [6_000_000, 1_000_000, 1_000_000, 2_000_000]),
        (.custom, [4_000_000, 1_000_000, 1_000_000, 4_000_000]),
    ] as [(AttributionModelName, [Int64])])
    func fourTouches(model: AttributionModelName, expected: [Int64]) throws {
        let credits = try Self.credits(model)
        #expect(["t1", "t2", "t3", "t4"].map { credits[$0] ?? 0 } == expected)
    }

    @Test func timeDecayHalvesEveryHalfLife() throws {
        let credits = try Self.credits(.timeDecay)
        // 2^(-days/7) for 11, 7, 4 and 2 days before the deal, computed outside the program
        // (30-digit decimals, rounded to binary64), not with the code's own pow2.
        let weights = [0.33647504815808904, 0.5, 0.6729500963161781, 0.820335356007638]
        let total = weights.reduce(0, +)
        for (id, weight) in zip(["t1", "t2", "t3", "t4"], weights) {
            let expected = 10_000_000 * weight / total
            #expect(abs(Double(credits[id]!) - expected) <= 1, "\(id)")
        }
        #expect(credits.values.reduce(0, +) == 10_000_000)
        #expect(abs(pow2(-1) - 0.5) < 1e-15 && abs(pow2(3.5) - 11.313708498984761) < 1e-12)
    }

    @Test(arguments: AttributionModelName.allCases.filter { !$0.isDataDriven })
    func oneTouchTakesEverything(model: AttributionModelName) throws {
        let fixture = LedgerFixture().touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
        #expect(try Self.credits(model, fixture) == ["t1": 10_000_000])
    }

    @Test(arguments: [
        (AttributionModelName.positionBased, [5_000_000, 5_000_000]),
        (.jShaped, [2_500_000, 7_500_000]),
        (.inverseJ, [7_500_000, 2_500_000]),
        (.linear, [5_000_000, 5_000_000]),
        // w_shaped without a lead: first 30 + 15, opportunity creation 30 + 15, rest 10 split per role.
        (.wShaped, [5_000_000, 5_000_000]),
        (.custom, [5_000_000, 5_000_000]),
    ] as [(AttributionModelName, [Int64])])
    func twoTouches(model: AttributionModelName, expected: [Int64]) throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email")
            .touch("t2", contact: "c-1", at: "2026-03-02T09:00:00Z", channel: "events")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
        let credits = try Self.credits(model, fixture)
        #expect([credits["t1"] ?? 0, credits["t2"] ?? 0] == expected)
    }

    @Test func aMissingLeadRoleSplitsOverThePresentRoles() throws {
        // No lead stage: w_shaped's lead 30 % goes 15/15 to first and opportunity creation.
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "paid_search")
            .touch("t2", contact: "c-1", at: "2026-03-05T09:00:00Z", channel: "email")
            .touch("t3", contact: "c-1", at: "2026-03-08T09:00:00Z", channel: "webinar")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
        let credits = try Self.credits(.wShaped, fixture)
        #expect([credits["t1"], credits["t2"], credits["t3"]] == [4_500_000, 1_000_000, 4_500_000])
    }

    @Test func aTouchHoldingSeveralRolesGetsTheirSum() throws {
        // The lead stage follows t3, the last touch: t3 is lead creation and opportunity creation.
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "paid_search")
            .touch("t2", contact: "c-1", at: "2026-03-05T09:00:00Z", channel: "email")
            .touch("t3", contact: "c-1", at: "2026-03-08T09:00:00Z", channel: "webinar")
            .stage("s1", contact: "c-1", stage: "lead", at: "2026-03-09T00:00:00Z")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
        let credits = try Self.credits(.wShaped, fixture)
        #expect([credits["t1"], credits["t2"], credits["t3"]] == [3_000_000, 1_000_000, 6_000_000])
    }

    @Test func aDealWithNoTouchGoesToNoTouch() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2025-10-01T09:00:00Z", channel: "email") // outside the 90-day lookback
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
            .opportunity("o-2", at: "2026-03-12T09:00:00Z", amount: "250.00")
        #expect(try Self.credits(.wShaped, fixture) == [AttributionEngine.noTouch: 12_500_000])
    }

    @Test func remaindersGoToTheLargestThenTheEarlierTouch() {
        #expect(Apportionment.split(Money(units: 10), weights: [1, 1, 1]).map(\.units) == [4, 3, 3])
        #expect(Apportionment.split(Money(units: 100), weights: [1, 2, 4]).map(\.units) == [14, 29, 57])
        // Negative amounts floor downward (product.md): −4, −4, −4, two units back to the first two.
        #expect(Apportionment.split(Money(units: -10), weights: [1, 1, 1]).map(\.units) == [-3, -3, -4])
        #expect(Apportionment.split(Money(units: 0), weights: [3, 1]).map(\.units) == [0, 0])
    }
}

@Suite("Rule-based models, more edge cases")
struct RuleBasedEdgeCaseTests {
    @Test func uShapedWithoutALeadGivesTheLeadShareToTheFirstTouch() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "paid_search")
            .touch("t2", contact: "c-1", at: "2026-03-05T09:00:00Z", channel: "email")
            .touch("t3", contact: "c-1", at: "2026-03-08T09:00:00Z", channel: "webinar")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
        let credits = try RuleBasedModelTests.credits(.uShaped, fixture)
        #expect([credits["t1"], credits["t2"], credits["t3"]] == [8_000_000, 1_000_000, 1_000_000])
    }

    @Test func fullPathOnAClosedDealRunsToTheWin() throws {
        // t1 first; t2 lead creation and opportunity creation; t3 (after creation) closing and last.
        // 22.5 % × 4 roles, and the 10 % rest (no role-less touch) as 2.5 % per role: 25 / 50 / 25.
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "paid_search")
            .touch("t2", contact: "c-1", at: "2026-03-05T09:00:00Z", channel: "email")
            .stage("s1", contact: "c-1", stage: "lead", at: "2026-03-05T10:00:00Z")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
            .touch("t3", contact: "c-1", at: "2026-03-20T09:00:00Z", channel: "events")
            .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-03-30T09:00:00Z", amount: nil)
        let credits = try RuleBasedModelTests.credits(.fullPath, fixture)
        #expect([credits["t1"], credits["t2"], credits["t3"]] == [2_500_000, 5_000_000, 2_500_000])
    }

    @Test func customWeightsAreNormalised() throws {
        let rules = try RuleSet(json: #"{"attribution":{"weights":{"first":2,"middle":1,"last":1}}}"#)
        let credits = try RuleBasedModelTests.credits(.custom, rules: rules)
        // 2 : 1 (over two middle touches) : 1 → 50 %, 12.5 %, 12.5 %, 25 %.
        #expect(["t1", "t2", "t3", "t4"].map { credits[$0] ?? 0 } == [5_000_000, 1_250_000, 1_250_000, 2_500_000])
    }
}
