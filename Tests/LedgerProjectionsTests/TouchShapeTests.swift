import LedgerCore
@testable import LedgerProjections
import Testing
import TestSupport

/// Touches share one shape per combination of what they say apart from who; past the table's
/// limit a touch keeps a shape of its own, and nothing a report says changes either way.
@Suite("Touch shapes")
struct TouchShapeTests {
    @Test func touchesThatSayTheSameShareOneShape() throws {
        let facts = try ReplayFixture.facts(LedgerFixture()
            .touch("t-1", contact: "c-1", at: "2026-01-05T10:00:00Z", utmSource: "google", utmMedium: "cpc")
            .touch("t-2", contact: "c-2", at: "2026-01-06T10:00:00Z", utmSource: "google", utmMedium: "cpc")
            .touch("t-3", contact: "c-1", at: "2026-01-07T10:00:00Z", utmSource: "google", utmMedium: "email")
            .touch("t-4", contact: "c-3", at: "2026-01-08T10:00:00Z", channel: "events")
            .lines)
        #expect(facts.touchShapes.all.count == 3)
        #expect(facts.touches.map(\.shape.index) == [0, 0, 1, 2])
        #expect(facts.touches[0].shape === facts.touches[1].shape)
        // The touch as stated is whole again: contact and account from the fact, the rest from the shape.
        #expect(facts.touches[1].touch == Touch(contact: "c-2", utm: UTM(source: "google", medium: "cpc")))
        #expect(facts.touches[3].touch.channel == "events")
    }

    @Test(arguments: [UInt64(8), 9])
    func pastTheLimitTouchesKeepShapesOfTheirOwnAndReportsAreUnchanged(seed: UInt64) throws {
        let records = try ReplayFixture.records(AttributionPropertyTests.sampleLines(seed: seed, count: 3_000))
        var remembered = LedgerFacts()
        var limited = LedgerFacts(touchShapeLimit: 5)
        for record in records {
            remembered.apply(record)
            limited.apply(record)
        }
        #expect(remembered.touchShapes.all.count > 5)
        #expect(limited.touchShapes.all.count == 5)
        let apart = limited.touches.filter { $0.shape.index < 0 }
        #expect(apart.count > 100)
        #expect(limited.touches == remembered.touches, "the same touches, shapes compared by what they say")
        #expect(AttributionPropertyTests.content(facts: limited) == AttributionPropertyTests.content(facts: remembered))
        // A checkpoint keeps the limit and the shapes kept apart; folding on from it matches.
        let split = records.count / 2
        var prefix = LedgerFacts(touchShapeLimit: 5)
        for record in records[..<split] { prefix.apply(record) }
        var resumed = try FactsCheckpointTests.roundTrip(prefix)
        for record in records[split...] { resumed.apply(record) }
        FactsCheckpointTests.expectSame(resumed, limited, "resumed under the limit")
    }

    @Test func aResolvedTouchNamesTheContactAndAccountAsStated() throws {
        let facts = try ReplayFixture.facts(LedgerFixture()
            .contactFacts("cf-1", contact: "c-1", account: "a-1", attributes: #"{"score":10}"#)
            .touch("t-1", contact: "c-2", at: "2026-01-05T10:00:00Z", utmSource: "google", utmMedium: "cpc")
            .merge("m-1", from: "c-2", into: "c-1")
            .lines)
        let ledger = ResolvedLedger(facts: facts, rules: .shippedDefault)
        let touch = try #require(ledger.touchesByContact["c-1"]?.first)
        #expect(touch.contact == "c-1" && touch.statedContact == "c-2" && touch.raw.contact == "c-2")
        #expect(touch.channel == "paid_search" && touch.shape === facts.touches[0].shape)
    }
}
