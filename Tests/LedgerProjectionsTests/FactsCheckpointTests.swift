import LedgerCore
import LedgerIngest
@testable import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// The raw fold saved to a checkpoint and read back, then folded on, is the fold from seq 1:
/// field by field, and in every view of the report it feeds.
@Suite("Facts checkpoints")
struct FactsCheckpointTests {
    static func roundTrip(_ facts: LedgerFacts) throws -> LedgerFacts {
        var encoder = CheckpointEncoder()
        facts.encodeCheckpoint(into: &encoder)
        return try CheckpointDecoder.decode(encoder.bytes[...]) { decoder throws(CheckpointError) in try LedgerFacts(checkpoint: &decoder) }
    }

    /// The fields that differ (empty when the two folds agree), so a failure names them.
    static func differences(_ a: LedgerFacts, _ b: LedgerFacts) -> [String] {
        let ids = a.touches.map(\.id) + a.merges.map(\.id) + a.unmerges.map(\.id) + a.retractions.map(\.id)
        let checks: [(String, Bool)] = [
            ("headSeq", a.headSeq == b.headSeq), ("eventCount", a.eventCount == b.eventCount), ("touches", a.touches == b.touches),
            ("touch shapes", a.touchShapes.all == b.touchShapes.all && a.touchShapes.limit == b.touchShapes.limit
                && a.touches.map(\.shape.index) == b.touches.map(\.shape.index)),
            ("opportunities", a.opportunities == b.opportunities), ("adjustments", a.adjustments == b.adjustments),
            ("contactAccounts", a.contactAccounts == b.contactAccounts), ("contactAttributes", a.contactAttributes == b.contactAttributes),
            ("stages", a.stages == b.stages), ("mergeTimes", a.mergeTimes == b.mergeTimes), ("rulePublications", a.rulePublications == b.rulePublications),
            ("spends", a.spends == b.spends), ("selfReports", a.selfReports == b.selfReports), ("merges", a.merges == b.merges),
            ("unmerges", a.unmerges == b.unmerges), ("retractions", a.retractions == b.retractions),
            ("corrections in force", ids.allSatisfy { a.isVisible($0) == b.isVisible($0) }),
        ]
        return checks.filter { !$0.1 }.map(\.0)
    }

    static func expectSame(_ a: LedgerFacts, _ b: LedgerFacts, _ note: Comment) {
        #expect(differences(a, b) == [], note)
    }

    @Test(arguments: [UInt64(4), 5, 6])
    func resumingFromACheckpointAnywhereEqualsFoldingFromTheStart(seed: UInt64) throws {
        let lines = AttributionPropertyTests.sampleLines(seed: seed, count: 3_000)
        let records = try ReplayFixture.records(lines)
        var whole = LedgerFacts()
        for record in records { whole.apply(record) }
        // Split points: the start, the end, and places in between (some just after corrections).
        var splits = [0, 1, records.count / 3, records.count / 2, records.count - 1, records.count]
        if let merge = records.firstIndex(where: { if case .merge = $0.event.payload { true } else { false } }) { splits.append(merge + 1) }
        if let retract = records.lastIndex(where: { if case .retract = $0.event.payload { true } else { false } }) { splits.append(retract) }
        for split in splits {
            var prefix = LedgerFacts()
            for record in records[..<split] { prefix.apply(record) }
            var resumed = try Self.roundTrip(prefix)
            Self.expectSame(resumed, prefix, "decoded at \(split)")
            for record in records[split...] { resumed.apply(record) }
            Self.expectSame(resumed, whole, "resumed at \(split)")
        }
        let resumed = try Self.roundTrip(whole)
        #expect(AttributionPropertyTests.content(facts: resumed) == AttributionPropertyTests.content(facts: whole))
    }

    /// Producers' random ids are written as their bits: the facts come back the same, ids
    /// print as they came, and retractions still find their targets.
    @Test func uuidIdsSurviveTheRoundTripAsBits() throws {
        var bytes: [UInt8] = []
        SampleGenerator(options: SampleOptions(eventCount: 2_000, seed: 11, idStyle: .uuid)).generate { bytes.append(contentsOf: $0) }
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        let facts = try ReplayFixture.facts(lines)
        #expect(facts.touches.allSatisfy { if case .uuid = $0.eventID { true } else { false } })
        let decoded = try Self.roundTrip(facts)
        Self.expectSame(decoded, facts, "uuid ids")
        #expect(decoded.touches.map(\.id) == facts.touches.map(\.id))
        #expect(AttributionPropertyTests.content(facts: decoded) == AttributionPropertyTests.content(facts: facts))
        #expect(!facts.retractions.isEmpty && facts.retractions.allSatisfy { !decoded.isVisible($0.value) })
    }

    @Test func everyKindOfFactSurvivesTheRoundTrip() throws {
        let lines = LedgerFixture()
            .rules("r-1")
            .contactFacts("cf-1", contact: "c-1", account: "a-1", attributes: #"{"score":72.50,"plan":"pro","trial":true,"churned":false}"#)
            .touch("t-1", contact: "c-1", at: "2026-01-05T10:00:00Z", campaign: "spring", utmSource: "google", utmMedium: "cpc")
            .touch("t-2", contact: "c-2", at: "2026-01-06T10:00:00Z", channel: "events")
            .stage("st-1", contact: "c-1", stage: "lead", at: "2026-01-07T00:00:00Z")
            .opportunity("o-1", account: "a-1", amount: "48000.00")
            .adjustment("ad-1", opportunity: "o-1", amount: "-1200.50", at: "2026-05-01T00:00:00Z")
            .spend("sp-1")
            .merge("m-1", from: "c-2", into: "c-1")
            .unmerge("um-1", merge: "m-1")
            .retract("rt-1", event: "t-2")
            .raw(#"{"id":"sr-1","type":"self_report","at":"2026-01-09T00:00:00Z","contact":"c-1","source":"A podcast"}"#)
            .lines
        let facts = try ReplayFixture.facts(lines)
        let decoded = try Self.roundTrip(facts)
        Self.expectSame(decoded, facts, "all kinds")
        #expect(!decoded.isVisible("t-2"))
        #expect(decoded.rulePublications.count == 1 && decoded.selfReports["c-1"]?.first?.value == "A podcast")
        #expect(decoded.contactAttributes["c-1"]?.first?.value.attributes.count == 4)
    }

    @Test func damagedStateIsRefusedNotHalfRead() throws {
        let facts = try ReplayFixture.facts(AttributionPropertyTests.sampleLines(seed: 9, count: 400))
        var encoder = CheckpointEncoder()
        facts.encodeCheckpoint(into: &encoder)
        let bytes = encoder.bytes
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CheckpointError.self) {
                try CheckpointDecoder.decode(bytes[..<cut]) { decoder throws(CheckpointError) in try LedgerFacts(checkpoint: &decoder) }
            }
        }
        #expect(throws: CheckpointError.self) {
            try CheckpointDecoder.decode((bytes + [0])[...]) { decoder throws(CheckpointError) in try LedgerFacts(checkpoint: &decoder) }
        }
    }

    /// The fold's checkpoint of the shipped sample, pinned by its hash: a change to what the fold
    /// keeps or how it encodes it must bump `LedgerFacts.checkpointCodeVersion` (old checkpoints
    /// would otherwise be read as the new state), and then this golden pair is re-recorded.
    @Test func theSampleCheckpointIsPinnedToTheCodeVersion() throws {
        let sample = SchemaExamples.schemasFolder.deletingLastPathComponent().appendingPathComponent("snapshots/sample-ledger.jsonl")
        let lines = try String(contentsOf: sample, encoding: .utf8).split(separator: "\n").map(String.init)
        let facts = try ReplayFixture.facts(lines)
        var encoder = CheckpointEncoder()
        facts.encodeCheckpoint(into: &encoder)
        #expect("\(LedgerFacts.checkpointCodeVersion) \(ContentDigest.sha256(encoder.bytes))" == Self.golden)
    }

    static let golden = "6 340c34c910bb08179f0c8e455b19d7016b648a111ab5deab299e8e2498bab8af"
}
