import LedgerCore
import LedgerIngest
@testable import LedgerProjections
import Testing
import TestSupport

@Suite("Funnel")
struct FunnelTests {
    static let window = ReportWindow(from: ReplayFixture.date("2026-01-01"), to: ReplayFixture.date("2026-12-31"))

    static func funnel(_ fixture: LedgerFixture, rules: RuleSet = RuleSet()) throws -> FunnelView {
        let facts = try ReplayFixture.facts(fixture.lines)
        return FunnelView(ledger: ResolvedLedger(facts: facts, rules: rules), facts: facts, rules: rules, window: window)
    }

    /// c-1: lead, scores 70, SQL recorded, deal won. c-2: lead, scores 40. c-3: lead, scores 90, no SQL.
    static let ledger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-02-01T09:00:00Z", channel: "paid_search", campaign: "brand")
        .stage("l1", contact: "c-1", stage: "lead", at: "2026-02-01T10:00:00Z")
        .contactFacts("f1", contact: "c-1", account: "a-1", at: "2026-02-03T00:00:00Z", attributes: #"{"score":70}"#)
        .stage("q1", contact: "c-1", stage: "sql", at: "2026-02-08T00:00:00Z")
        .opportunity("o-1", at: "2026-02-10T00:00:00Z", amount: "100.00", contacts: ["c-1"])
        .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-03-10T00:00:00Z", amount: nil)
        .touch("t2", contact: "c-2", at: "2026-02-02T09:00:00Z", channel: "email")
        .stage("l2", contact: "c-2", stage: "lead", at: "2026-02-02T10:00:00Z")
        .contactFacts("f2", contact: "c-2", account: "a-2", at: "2026-02-03T00:00:00Z", attributes: #"{"score":40}"#)
        .stage("l3", contact: "c-3", stage: "lead", at: "2026-04-02T10:00:00Z")
        .contactFacts("f3", contact: "c-3", account: "a-3", at: "2026-04-03T00:00:00Z", attributes: #"{"score":90}"#)

    static let scoreRules = try! RuleSet(json: #"{"qualification":{"mql":"score >= 50","sql":"stage('sql')"}}"#)

    @Test func countsEachStepStrictly() throws {
        let funnel = try Self.funnel(Self.ledger, rules: Self.scoreRules)
        #expect(funnel.totals == [3, 2, 1, 1, 1])
        #expect(funnel.rows { $0.channel } == [
            FunnelView.Row(group: "(no touch)", counts: [1, 1, 0, 0, 0]),
            FunnelView.Row(group: "email", counts: [1, 0, 0, 0, 0]),
            FunnelView.Row(group: "paid_search", counts: [1, 1, 1, 1, 1]),
        ])
        #expect(funnel.rows { $0.reached[0]!.month }.map(\.group) == ["2026-02", "2026-04"])
        // c-1: lead 02-01 10:00 → MQL 02-03 (score) → SQL 02-08 → deal 02-10 → won 03-10.
        let medians = funnel.medianDaysBetweenSteps
        #expect(medians[1] == Ratio(5, 1) && medians[2] == Ratio(2, 1) && medians[3] == Ratio(28, 1))
    }

    @Test func changingTheQualificationRulesChangesTheFunnelOnly() throws {
        let strict = try RuleSet(json: #"{"qualification":{"mql":"score >= 80","sql":"stage('sql')"}}"#)
        #expect(try Self.funnel(Self.ledger, rules: strict).totals == [3, 1, 0, 0, 0])
        // Without predicates the recorded stages decide: no contact has `mql` recorded.
        #expect(try Self.funnel(Self.ledger).totals == [3, 0, 0, 0, 0])
    }

    /// A duplicate record's attributes and stages are the survivor's once merged (retroactive: its
    /// whole history; prospective: only what is dated at or after the merge).
    @Test func aMergedRecordsHistoryQualifiesItsSurvivor() throws {
        let merged = LedgerFixture()
            .stage("l1", contact: "c-1", stage: "lead", at: "2026-02-01T10:00:00Z")
            .contactFacts("f1", contact: "c-1", account: "a-1", at: "2026-02-02T00:00:00Z", attributes: #"{"score":10}"#)
            .contactFacts("f2", contact: "c-dup", account: "a-1", at: "2026-02-05T00:00:00Z", attributes: #"{"score":70}"#)
            .stage("q2", contact: "c-dup", stage: "sql", at: "2026-02-06T00:00:00Z")
            .contactFacts("f3", contact: "c-dup", account: "a-1", at: "2026-03-05T00:00:00Z", attributes: #"{"score":75}"#)
            .stage("q3", contact: "c-dup", stage: "sql", at: "2026-03-06T00:00:00Z")
            .merge("m-1", from: "c-dup", into: "c-1", at: "2026-03-01T00:00:00Z")
        let retroactive = try Self.funnel(merged, rules: Self.scoreRules)
        #expect(retroactive.totals == [1, 1, 1, 0, 0])
        #expect(retroactive.paths.first?.reached[1] == ReplayFixture.timestamp("2026-02-05T00:00:00Z"))
        var prospectiveRules = Self.scoreRules
        prospectiveRules.mergePolicy = .prospective
        let prospective = try Self.funnel(merged, rules: prospectiveRules)
        #expect(prospective.totals == [1, 1, 1, 0, 0])
        #expect(prospective.paths.first?.reached[1] == ReplayFixture.timestamp("2026-03-05T00:00:00Z"))
        #expect(prospective.paths.first?.reached[2] == ReplayFixture.timestamp("2026-03-06T00:00:00Z"))
        // Without the merge the duplicate is a record of its own and no lead.
        var unmerged = LedgerFixture()
        for line in merged.lines.dropLast() { unmerged = unmerged.raw(line) }
        #expect(try Self.funnel(unmerged, rules: Self.scoreRules).totals == [1, 0, 0, 0, 0])
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everyStepIsAtMostTheOneBeforeInEveryCohort(seed: UInt64) throws {
        var bytes: [UInt8] = []
        SampleGenerator(options: SampleOptions(eventCount: 5_000, seed: seed)).generate { bytes.append(contentsOf: $0) }
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        let rules = RuleSet.shippedDefault
        let facts = try ReplayFixture.facts(lines)
        var withQualification = rules
        withQualification.qualification = try QualificationRules(mql: "score >= 50", sql: "stage('sql') or stage('mql')")
        let funnel = FunnelView(ledger: ResolvedLedger(facts: facts, rules: withQualification), facts: facts, rules: withQualification, window: Self.window)
        #expect(funnel.totals[0] > 50)
        #expect(funnel.totals[3] > 0)
        let cohorts = [funnel.rows { $0.channel }, funnel.rows { $0.reached[0]!.month }, funnel.rows { $0.campaignGroup },
                       funnel.rows { $0.closed?.month ?? FunnelView.open }]
        #expect(cohorts[3].count > 1, "close-month cohorts exist")
        for rows in cohorts {
            #expect(rows.reduce(into: [0, 0, 0, 0, 0]) { sums, row in for step in sums.indices { sums[step] += row.counts[step] } } == funnel.totals)
            for row in rows {
                for step in 1..<row.counts.count { #expect(row.counts[step] <= row.counts[step - 1], "\(row)") }
            }
        }
    }
}
