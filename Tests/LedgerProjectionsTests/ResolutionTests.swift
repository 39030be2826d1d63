import LedgerCore
@testable import LedgerProjections
import Testing
import TestSupport

/// Retractions, identity, channel mapping, dedupe and deal assembly, hand-computed.
@Suite("Resolution")
struct ResolutionTests {
    static let window = ReportWindow(from: ReplayFixture.date("2026-01-01"), to: ReplayFixture.date("2026-12-31"))

    static func rules(_ json: String) throws -> RuleSet { try RuleSet(json: json) }

    static func ledger(_ fixture: LedgerFixture, rules: RuleSet = RuleSet()) throws -> ResolvedLedger {
        ResolvedLedger(facts: try ReplayFixture.facts(fixture.lines), rules: rules)
    }

    static func credits(_ fixture: LedgerFixture, model: AttributionModelName = .linear, view: AttributionView = .pipeline,
                        rules: RuleSet = RuleSet(), window: ReportWindow = window) throws -> [String: Int64] {
        let engine = AttributionEngine(ledger: try ledger(fixture, rules: rules), rules: rules, window: window)
        return Dictionary(engine.run(model, view: view).credits.map { ($0.channel, $0.amount.units) }, uniquingKeysWith: +)
    }

    @Test func mappingRulesApplyInOrderCaseInsensitivelyWithPrefixAndContains() throws {
        let rules = try Self.rules(#"{"channel_mapping":[{"when":{"source":{"prefix":"linked"},"medium":"Paid"},"channel":"paid_social"},{"when":{"campaign":{"contains":"webinar"}},"channel":"webinar"},{"when":{"medium":["cpc","ppc"]},"channel":"paid_search"},{"when":{"touch_type":"sales_meeting"},"channel":"sales"}]}"#)
        let mapper = ChannelMapper(rules: rules.channelMapping)
        #expect(mapper.channel(for: Touch(contact: "c", utm: UTM(source: "LinkedIn.com", medium: "PAID"))).channel == "paid_social")
        #expect(mapper.channel(for: Touch(contact: "c", utm: UTM(source: "google", medium: "cpc", campaign: "Q1-Webinar-series"))).source == .rule(index: 1))
        #expect(mapper.channel(for: Touch(contact: "c", utm: UTM(medium: "PPC"))).channel == "paid_search")
        #expect(mapper.channel(for: Touch(contact: "c", touchType: "sales_meeting")).channel == "sales")
        #expect(mapper.channel(for: Touch(contact: "c", channel: "events", utm: UTM(medium: "cpc"))).source == .explicit)
        #expect(mapper.channel(for: Touch(contact: "c", channel: "", utm: UTM(medium: "cpc"))).channel == "paid_search")
        #expect(mapper.channel(for: Touch(contact: "c", utm: UTM(source: "tiktok"))).channel == ChannelMapper.unmapped)
    }

    @Test func theCampaignIsTheTouchsElseItsUTMCampaign() {
        #expect(Touch(contact: "c", campaign: "a", utm: UTM(campaign: "b")).effectiveCampaign == "a")
        #expect(Touch(contact: "c", campaign: "", utm: UTM(campaign: "b")).effectiveCampaign == "b")
        #expect(Touch(contact: "c", utm: UTM(campaign: "")).effectiveCampaign == nil)
    }

    @Test func dedupeDropsTouchesWithinTheWindowInclusive() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email", campaign: "x")
            .touch("t2", contact: "c-1", at: "2026-03-01T09:30:00Z", channel: "email", campaign: "x") // 30 min: dropped
            .touch("t3", contact: "c-1", at: "2026-03-01T10:00:01Z", channel: "email", campaign: "x") // 30 min 1 s after t1: kept
            .touch("t4", contact: "c-1", at: "2026-03-01T10:05:00Z", channel: "email", campaign: "y") // other campaign: kept
            .touch("t5", contact: "c-1", at: "2026-03-01T10:10:00Z", channel: "email")               // no campaign: kept
            .touch("t6", contact: "c-1", at: "2026-03-01T10:20:00Z", channel: "email")               // no campaign again: dropped
        let ledger = try Self.ledger(fixture, rules: Self.rules(#"{"dedupe":{"window_minutes":30}}"#))
        #expect(ledger.touchesByContact["c-1"]?.map(\.id) == ["t1", "t3", "t4", "t5"])
        #expect(ledger.duplicateTouchesDropped == 2)
        #expect(try Self.ledger(fixture).touchesByContact["c-1"]?.count == 6)
    }

    @Test func retroactiveMergesMoveTheWholeHistoryProspectiveOnlyWhatFollows() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "dup", at: "2026-03-01T09:00:00Z", channel: "email")
            .merge("m1", from: "dup", into: "c-1", at: "2026-03-05T00:00:00Z")
            .touch("t2", contact: "dup", at: "2026-03-06T09:00:00Z", channel: "events")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "100.00", contacts: ["c-1"])
        #expect(try Self.credits(fixture) == ["email": 500_000, "events": 500_000])
        #expect(try Self.credits(fixture, rules: Self.rules(#"{"merges":"prospective"}"#)) == ["events": 1_000_000])
    }

    @Test func mergeChainsResolveToTheLastSurvivorAndUnmergesSplitThemBack() throws {
        let base = LedgerFixture()
            .touch("t1", contact: "a", at: "2026-03-01T09:00:00Z", channel: "email")
            .touch("t2", contact: "b", at: "2026-03-02T09:00:00Z", channel: "events")
            .merge("m1", from: "a", into: "b")
            .merge("m2", from: "b", into: "c")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "100.00", contacts: ["c"])
        #expect(try Self.credits(base) == ["email": 500_000, "events": 500_000])
        // Undoing b → c takes a (merged into b) with it.
        #expect(try Self.credits(base.unmerge("u2", merge: "m2")) == [AttributionEngine.noTouch: 1_000_000])
        // Retracting the merge a → b leaves b's touch only.
        #expect(try Self.credits(base.retract("x1", event: "m1")) == ["events": 1_000_000])
    }

    @Test func accountLevelSeesEveryContactOfTheAccount() throws {
        let fixture = LedgerFixture()
            .contactFacts("f1", contact: "c-1", account: "a-1")
            .contactFacts("f2", contact: "c-2", account: "a-1")
            .contactFacts("f3", contact: "c-3", account: "a-2")
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email")
            .touch("t2", contact: "c-2", at: "2026-03-02T09:00:00Z", channel: "events")
            .touch("t3", contact: "c-3", at: "2026-03-03T09:00:00Z", channel: "webinar")
            .opportunity("o-1", account: "a-1", at: "2026-03-12T09:00:00Z", amount: "100.00", contacts: ["c-1"])
        #expect(try Self.credits(fixture) == ["email": 1_000_000])
        #expect(try Self.credits(fixture, rules: Self.rules(#"{"attribution":{"level":"account"}}"#)) == ["email": 500_000, "events": 500_000])
    }

    /// A contact's account is named by `contact` events and by touches alike; the latest
    /// visible statement (by `at`, then `seq`) wins, then account merges are followed.
    @Test func aContactsAccountIsItsLatestVisibleStatementOnAContactEventOrATouch() throws {
        let fixture = LedgerFixture()
            // A touch after the contact event; a later-written touch dated earlier does not count.
            .contactFacts("f1", contact: "c-1", account: "a-1", at: "2026-02-01T00:00:00Z")
            .touch("t1", contact: "c-1", at: "2026-02-05T00:00:00Z", channel: "email", account: "a-2")
            .touch("t2", contact: "c-1", at: "2026-01-10T00:00:00Z", channel: "email", account: "a-3")
            // A contact event after the touch.
            .touch("t3", contact: "c-2", at: "2026-02-01T00:00:00Z", channel: "email", account: "a-1")
            .contactFacts("f2", contact: "c-2", account: "a-2", at: "2026-02-03T00:00:00Z")
            // The latest statement is a retracted touch: the contact event stands.
            .contactFacts("f3", contact: "c-3", account: "a-1", at: "2026-02-01T00:00:00Z")
            .touch("t4", contact: "c-3", at: "2026-03-01T00:00:00Z", channel: "email", account: "a-3")
            .retract("x1", event: "t4")
            // A merged record's touch names the survivor's account (retroactive) or its own (prospective).
            .contactFacts("f4", contact: "c-4", account: "a-1", at: "2026-03-01T00:00:00Z")
            .touch("t5", contact: "dup", at: "2026-03-10T00:00:00Z", channel: "email", account: "a-4")
            .merge("m1", from: "dup", into: "c-4", at: "2026-03-15T00:00:00Z")
            // Two touches at the same instant: the later in the log wins.
            .touch("t6", contact: "c-5", at: "2026-04-01T00:00:00Z", channel: "email", account: "a-1")
            .touch("t7", contact: "c-5", at: "2026-04-01T00:00:00Z", channel: "events", account: "a-2")
            // A touch's account merged into another.
            .touch("t8", contact: "c-6", at: "2026-04-01T00:00:00Z", channel: "email", account: "a-9")
            .merge("m2", kind: "account", from: "a-9", into: "a-1", at: "2026-04-02T00:00:00Z")
        let retroactive = try Self.ledger(fixture)
        #expect(retroactive.accountOfContact == ["c-1": "a-2", "c-2": "a-2", "c-3": "a-1", "c-4": "a-4", "c-5": "a-2", "c-6": "a-1"])
        #expect(retroactive.contactsOfAccount == ["a-1": ["c-3", "c-6"], "a-2": ["c-1", "c-2", "c-5"], "a-4": ["c-4"]])
        let prospective = try Self.ledger(fixture, rules: Self.rules(#"{"merges":"prospective"}"#))
        #expect(prospective.accountOfContact == ["c-1": "a-2", "c-2": "a-2", "c-3": "a-1", "c-4": "a-1", "dup": "a-4", "c-5": "a-2", "c-6": "a-1"])
    }

    /// Producers' random ids are kept compact (`EventID`); retractions still find what they
    /// name, a retracted retraction reinstates its target, and every id reads back as sent.
    @Test func retractionsFindEventsByUUIDIds() throws {
        let touches = ["3f2504e0-4f89-41d3-9a0c-0305e82c3301", "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "6ba7b811-9dad-41d1-80b4-00c04fd430c8"]
        let fixture = LedgerFixture()
            .contactFacts("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", contact: "c-1", account: "a-1", at: "2026-02-01T00:00:00Z")
            .contactFacts("1d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", contact: "c-1", account: "a-2", at: "2026-02-02T00:00:00Z")
            .touch(touches[0], contact: "c-1", at: "2026-02-05T00:00:00Z", channel: "email")
            .touch(touches[1], contact: "c-1", at: "2026-02-06T00:00:00Z", channel: "events")
            .touch(touches[2], contact: "c-1", at: "2026-02-07T00:00:00Z", channel: "webinar")
            .retract("aaaaaaaa-0000-4000-8000-000000000001", event: touches[1])
            .retract("aaaaaaaa-0000-4000-8000-000000000002", event: touches[2])
            .retract("aaaaaaaa-0000-4000-8000-000000000003", event: "aaaaaaaa-0000-4000-8000-000000000002")
            .retract("aaaaaaaa-0000-4000-8000-000000000004", event: "1d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")
        let ledger = try Self.ledger(fixture)
        let kept = try #require(ledger.touchesByContact["c-1"])
        #expect(kept.map(\.id) == [touches[0], touches[2]])
        #expect(kept.map(\.channel) == ["email", "webinar"])
        #expect(ledger.accountOfContact == ["c-1": "a-1"])
    }

    @Test func lookbackIsInclusiveAtBothEnds() throws {
        let fixture = LedgerFixture()
            .touch("t0", contact: "c-1", at: "2026-03-01T08:59:59.999999Z", channel: "early")
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "edge")
            .touch("t2", contact: "c-1", at: "2026-03-11T09:00:00Z", channel: "at_creation")
            .touch("t3", contact: "c-1", at: "2026-03-11T09:00:00.000001Z", channel: "after")
            .opportunity("o-1", at: "2026-03-11T09:00:00Z", amount: "100.00", contacts: ["c-1"])
        let rules = try Self.rules(#"{"attribution":{"lookback_days":10}}"#)
        #expect(try Self.credits(fixture, rules: rules) == ["edge": 500_000, "at_creation": 500_000])
    }

    @Test func creditToCloseKeepsTouchesUntilTheWin() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "100.00", contacts: ["c-1"])
            .touch("t2", contact: "c-1", at: "2026-03-20T09:00:00Z", channel: "events")
            .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-04-01T09:00:00Z", amount: nil)
        #expect(try Self.credits(fixture) == ["email": 1_000_000])
        #expect(try Self.credits(fixture, rules: Self.rules(#"{"attribution":{"credit_until":"close"}}"#)) == ["email": 500_000, "events": 500_000])
        // full_path runs to close whatever the rule set says: 22.5 % first (t1) + lead (missing) share…
        let fullPath = try Self.credits(fixture, model: .fullPath)
        #expect(fullPath.values.reduce(0, +) == 1_000_000)
        #expect(fullPath["events"] ?? 0 > 0)
    }

    @Test func revenueIsTheWonAmountPlusAdjustmentsUpToTheWindowEnd() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "100.00", contacts: ["c-1"])
            .opportunity("o-1-p", opportunity: "o-1", stage: "proposal", at: "2026-03-20T09:00:00Z", amount: "120.00")
            .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-04-01T09:00:00Z", amount: nil)
            .adjustment("adj-1", opportunity: "o-1", amount: "-20.00", at: "2026-04-15T00:00:00Z")
            .adjustment("adj-2", opportunity: "o-1", amount: "5.00", at: "2026-07-01T00:00:00Z")
        let q2 = ReportWindow(from: ReplayFixture.date("2026-04-01"), to: ReplayFixture.date("2026-06-30"))
        #expect(try Self.credits(fixture, view: .revenue, window: q2) == ["email": 1_000_000]) // 120 − 20
        #expect(try Self.credits(fixture, view: .revenue) == ["email": 1_050_000])            // 120 − 20 + 5
        #expect(try Self.credits(fixture, view: .pipeline, window: q2).isEmpty)                // created in Q1
        #expect(try Self.credits(fixture, view: .pipeline) == ["email": 1_200_000])           // the latest amount
    }

    @Test func retractedEventsAreInvisibleAndRetractingTheRetractionReinstates() throws {
        let base = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email")
            .touch("t2", contact: "c-1", at: "2026-03-02T09:00:00Z", channel: "events")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "100.00", contacts: ["c-1"])
        #expect(try Self.credits(base.retract("x1", event: "t2")) == ["email": 1_000_000])
        #expect(try Self.credits(base.retract("x1", event: "t2").retract("x2", event: "x1")) == ["email": 500_000, "events": 500_000])
        #expect(try Self.credits(base.retract("x1", event: "o-1")).isEmpty)
    }

    @Test func dealContactsAreTheUnionOverItsEvents() throws {
        let fixture = LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", channel: "email")
            .touch("t2", contact: "c-2", at: "2026-03-02T09:00:00Z", channel: "events")
            .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "100.00", contacts: ["c-1"])
            .opportunity("o-1-d", opportunity: "o-1", stage: "discovery", at: "2026-03-13T09:00:00Z", amount: nil, contacts: ["c-2", "c-1"])
        let ledger = try Self.ledger(fixture)
        #expect(ledger.deals.first?.contacts == ["c-1", "c-2"])
        #expect(try Self.credits(fixture) == ["email": 500_000, "events": 500_000])
    }
}
