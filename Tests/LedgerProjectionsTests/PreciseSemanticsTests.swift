import LedgerCore
@testable import LedgerProjections
import Testing
import TestSupport

/// product.md's "Precise semantics" where an independent implementation found roiledger
/// deviating: the lookback's ends, the floor of negative amounts, who is on a deal at level
/// `account`, and how floating shares become money. Every figure is computed by hand (or, for
/// the floating split, with 60-digit decimals outside the program) and written down here.
@Suite("Precise semantics, hand-computed")
struct PreciseSemanticsTests {
    static let window = ReportWindow(from: ReplayFixture.date("2026-01-01"), to: ReplayFixture.date("2026-12-31"))

    static func engine(_ lines: [String], rules: RuleSet) throws -> AttributionEngine {
        let ledger = ResolvedLedger(facts: try ReplayFixture.facts(lines), rules: rules)
        return AttributionEngine(ledger: ledger, rules: rules, window: window)
    }

    static func credits(_ lines: [String], model: AttributionModelName = .linear, view: AttributionView = .pipeline,
                        rules: RuleSet = RuleSet()) throws -> [String: Int64] {
        let result = try engine(lines, rules: rules).run(model, view: view)
        return Dictionary(result.credits.map { ($0.touch?.id ?? $0.channel, $0.amount.units) }, uniquingKeysWith: +)
    }

    // MARK: 1. The lookback's ends compare `at` alone

    /// The issue's reproduction: t2 is at the very instant of the creation but written after it
    /// (a higher seq). It is kept: 100 splits 50 / 50 under `linear`.
    @Test func aTouchAtTheInstantOfCreationIsKeptWhateverItsSeq() throws {
        let lines = [
            #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"attribution":{"model":"linear"}}}"#,
            #"{"id":"t1","type":"touch","at":"2026-02-01T00:00:00Z","contact":"c1","channel":"email"}"#,
            #"{"id":"o1","type":"opportunity","at":"2026-02-10T00:00:00Z","opportunity":"o1","account":"a1","stage":"created","amount":"100","currency":"USD","contacts":["c1"]}"#,
            #"{"id":"t2","type":"touch","at":"2026-02-10T00:00:00Z","contact":"c1","channel":"webinar"}"#,
        ]
        #expect(try Self.credits(lines) == ["t1": 500_000, "t2": 500_000])
        // (`at`, `seq`) still picks the roles: the opportunity-creation touch is t1 (t2 comes
        // after the `created` event), the last touch is t2.
        let touches = try Self.engine(lines, rules: RuleSet()).selections["o1"]!
        #expect(touches.touches.map(\.id.description) == ["t1", "t2"])
        #expect(touches.roles.opportunityCreation == 0 && touches.roles.last == 1)
        // w_shaped: roles first (t1, 30) and opportunity creation (t1, 30) present, lead creation
        // missing (its 30 split 15 / 15 over the two present roles); the 10 % rest goes to t2,
        // the one touch without a role: t1 90, t2 10.
        #expect(try Self.credits(lines, model: .wShaped) == ["t1": 900_000, "t2": 100_000])
    }

    /// With credit to close, the upper end is the close's instant: a touch at it is kept even
    /// when recorded after the `won` event; one a microsecond later is not.
    @Test func aTouchAtTheInstantOfTheCloseIsKeptWithCreditToClose() throws {
        let lines = LedgerFixture()
            .touch("t1", contact: "c1", at: "2026-02-01T00:00:00Z", channel: "email")
            .opportunity("o1", account: "a1", at: "2026-02-10T00:00:00Z", amount: "90", contacts: ["c1"])
            .opportunity("o1w", opportunity: "o1", account: "a1", stage: "won", at: "2026-02-20T00:00:00Z", amount: nil)
            .touch("t2", contact: "c1", at: "2026-02-20T00:00:00Z", channel: "webinar")
            .touch("t3", contact: "c1", at: "2026-02-20T00:00:00.000001Z", channel: "events")
            .lines
        let rules = try RuleSet(json: #"{"attribution":{"credit_until":"close"}}"#)
        #expect(try Self.credits(lines, rules: rules) == ["t1": 450_000, "t2": 450_000])
        #expect(try Self.credits(lines, view: .revenue, rules: rules) == ["t1": 450_000, "t2": 450_000])
    }

    // MARK: 2. Largest remainder floors mathematically, negative amounts too

    /// The issue's reproduction: won at 1, refunded 2, so revenue is −1 over three equal
    /// touches: each −0.3333… floors to −0.3334 (remainder 2/3 of a unit each), the two leftover
    /// units go to the earliest two: −0.3333, −0.3333, −0.3334.
    @Test func aNegativeRevenueFloorsEveryShareDownward() throws {
        let lines = [
            #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"attribution":{"model":"linear"}}}"#,
            #"{"id":"t1","type":"touch","at":"2026-02-01T00:00:00Z","contact":"c1","channel":"email"}"#,
            #"{"id":"t2","type":"touch","at":"2026-02-02T00:00:00Z","contact":"c1","channel":"webinar"}"#,
            #"{"id":"t3","type":"touch","at":"2026-02-03T00:00:00Z","contact":"c1","channel":"events"}"#,
            #"{"id":"o1","type":"opportunity","at":"2026-02-10T00:00:00Z","opportunity":"o1","account":"a1","stage":"created","amount":"1","currency":"USD","contacts":["c1"]}"#,
            #"{"id":"o1w","type":"opportunity","at":"2026-02-11T00:00:00Z","opportunity":"o1","account":"a1","stage":"won"}"#,
            #"{"id":"x1","type":"adjustment","at":"2026-02-12T00:00:00Z","opportunity":"o1","amount":"-2","currency":"USD","reason":"refund"}"#,
        ]
        #expect(try Self.credits(lines, view: .revenue) == ["t1": -3_333, "t2": -3_333, "t3": -3_334])
        #expect(try Self.credits(lines, view: .pipeline) == ["t1": 3_334, "t2": 3_333, "t3": 3_333])
    }

    @Test func exactSplitsFloorBelowZero() {
        // −10 over 1:1:1: floors −4, −4, −4 (remainders 2/3 each), two units back to the first two.
        #expect(Apportionment.split(Money(units: -10), weights: [1, 1, 1]).map(\.units) == [-3, -3, -4])
        // −100 over 1:2:4 (−14 2/7, −28 4/7, −57 1/7): floors −15, −29, −58 (−102), remainders
        // 5/7, 3/7, 6/7; the two leftover units go to 6/7 and 5/7.
        #expect(Apportionment.split(Money(units: -100), weights: [1, 2, 4]).map(\.units) == [-14, -29, -57])
        // Positive amounts as before: 100 over 1:2:4 floors 14, 28, 57, one unit to 4/7 (t2).
        #expect(Apportionment.split(Money(units: 100), weights: [1, 2, 4]).map(\.units) == [14, 29, 57])
    }

    // MARK: 3. Level account: who is on a deal for Markov and Shapley

    /// c1 is listed on a1's deal; c2 is of account a1 but not listed; c3 is of a2. At level
    /// `account` the deal's journey holds c1's and c2's touches and c2 has no non-converting
    /// journey of its own; at level `contact` c2 is off the deal.
    static let accountLedger = LedgerFixture()
        .contactFacts("f1", contact: "c1", account: "a1")
        .contactFacts("f2", contact: "c2", account: "a1")
        .contactFacts("f3", contact: "c3", account: "a2")
        .touch("t1", contact: "c1", at: "2026-02-01T00:00:00Z", channel: "email")
        .touch("t2", contact: "c2", at: "2026-02-02T00:00:00Z", channel: "webinar")
        .touch("t3", contact: "c3", at: "2026-02-03T00:00:00Z", channel: "events")
        .opportunity("o1", account: "a1", at: "2026-02-10T00:00:00Z", amount: "100", contacts: ["c1"])
        .lines

    static func journeys(level: String) throws -> [Journey] {
        let rules = try RuleSet(json: #"{"attribution":{"level":"\#(level)"}}"#)
        let engine = try engine(accountLedger, rules: rules)
        let journeys = engine.journeys(.pipeline, selector: TouchSelector(ledger: engine.ledger, rules: rules.attribution))
        return journeys.journeys.sorted { $0.channels.joined(separator: ">") < $1.channels.joined(separator: ">") }
    }

    @Test func atLevelAccountAnUnlistedContactOfTheDealsAccountIsOnTheDeal() throws {
        #expect(try Self.journeys(level: "account") == [
            Journey(channels: ["email", "webinar"], converts: true),
            Journey(channels: ["events"], converts: false),
        ])
        #expect(try Self.journeys(level: "contact") == [
            Journey(channels: ["email"], converts: true),
            Journey(channels: ["events"], converts: false),
            Journey(channels: ["webinar"], converts: false),
        ])
        // Markov at level account: removing email or webinar breaks the one converting path
        // (removal effect 1 each), events converts nothing (0): the deal splits 50 / 50.
        let rules = try RuleSet(json: #"{"attribution":{"level":"account"}}"#)
        #expect(try Self.credits(Self.accountLedger, model: .markov, rules: rules) == ["t1": 500_000, "t2": 500_000])
    }

    // MARK: 4. Floating shares are apportioned from their binary64 products

    /// time_decay with the default half-life of 7 days, touches 10, 5 and 1 days before the
    /// creation, 2,075,509.86 (20,755,098,600 units). With 60-digit decimals the exact credits are
    /// 4,086,696,731.4324…, 6,704,923,636.1497…, 9,963,478,232.4178… units: floors leave one
    /// unit, which goes to the largest remainder, the first touch's .4324. Squeezing the shares
    /// into integer weights of 2^40 first (the former code) gave it to the last touch instead.
    @Test func timeDecaySplitsFromBinary64Products() throws {
        let lines = LedgerFixture()
            .touch("t1", contact: "c1", at: "2026-03-10T00:00:00Z", channel: "email")
            .touch("t2", contact: "c1", at: "2026-03-15T00:00:00Z", channel: "webinar")
            .touch("t3", contact: "c1", at: "2026-03-19T00:00:00Z", channel: "events")
            .opportunity("o1", account: "a1", at: "2026-03-20T00:00:00Z", amount: "2075509.86", contacts: ["c1"])
            .lines
        #expect(try Self.credits(lines, model: .timeDecay) == ["t1": 4_086_696_732, "t2": 6_704_923_636, "t3": 9_963_478_232])
    }

    @Test func realSharesSplitByLargestRemainderAndFloorNegativeAmounts() {
        #expect(Apportionment.split(Money(units: 10), shares: [1, 1, 1])?.map(\.units) == [4, 3, 3])
        #expect(Apportionment.split(Money(units: -10), shares: [1, 1, 1])?.map(\.units) == [-3, -3, -4])
        #expect(Apportionment.split(Money(units: 100), shares: [0.25, 0.5, 0.25])?.map(\.units) == [25, 50, 25])
        #expect(Apportionment.split(Money(units: 7), shares: [0, 0]) == nil)
        #expect(Apportionment.split(Money(units: 7), shares: [1, .infinity]) == nil)
        // All zero falls back to linear through the enum.
        #expect(Apportionment.split(Money(units: 7), .real([0, 0])).map(\.units) == [4, 3])
    }

    /// Over many seeded shares and amounts, binary64 products conserve the amount to the unit
    /// and each part is within one unit of the exact real share.
    @Test func realSharesConserveTheAmountAndStayWithinAUnit() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var checked = 0
        for _ in 0..<2_000 {
            let count = Int(next() % 6) + 1
            let shares = (0..<count).map { _ in Double(next() % 1_000_000) / 7.0 + 1e-9 }
            let units = Int64(next() % 100_000_000_000) - 20_000_000_000
            guard let parts = Apportionment.split(Money(units: units), shares: shares) else { continue }
            #expect(parts.reduce(0) { $0 + $1.units } == units)
            let total = shares.reduce(0, +)
            for (part, share) in zip(parts, shares) {
                #expect(abs(Double(part.units) - Double(units) * share / total) < 1.000_001)
            }
            checked += 1
        }
        #expect(checked == 2_000)
    }
}
