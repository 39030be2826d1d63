import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore
import Testing
import TestSupport

/// `account` events: company facts that reports group by (`--by account:FIELD`), carried across
/// account merges and through checkpoints.
@Suite("account facts")
struct AccountFactsTests {
    /// Two accounts; a-3 is merged into a-2, so its contact's deal counts under a-2's industry.
    static let lines = [
        #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"attribution":{"model":"linear","lookback_days":90,"level":"contact"}}}"#,
        #"{"id":"acc-1","type":"account","at":"2026-01-01T00:00:00Z","account":"a-1","attributes":{"industry":"fintech","employees":800}}"#,
        #"{"id":"acc-2","type":"account","at":"2026-01-01T00:00:00Z","account":"a-2","attributes":{"industry":"retail"}}"#,
        #"{"id":"acc-2b","type":"account","at":"2026-01-20T00:00:00Z","account":"a-2","attributes":{"industry":"logistics","employees":120}}"#,
        #"{"id":"acc-3","type":"account","at":"2026-01-01T00:00:00Z","account":"a-3","attributes":{"industry":"media"}}"#,
        #"{"id":"c1","type":"contact","at":"2026-01-02T00:00:00Z","contact":"c-1","account":"a-1"}"#,
        #"{"id":"c2","type":"contact","at":"2026-01-02T00:00:00Z","contact":"c-2","account":"a-2"}"#,
        #"{"id":"c3","type":"contact","at":"2026-01-02T00:00:00Z","contact":"c-3","account":"a-3"}"#,
        #"{"id":"t1","type":"touch","at":"2026-01-05T00:00:00Z","contact":"c-1","channel":"email"}"#,
        #"{"id":"t2","type":"touch","at":"2026-01-05T00:00:00Z","contact":"c-2","channel":"email"}"#,
        #"{"id":"t3","type":"touch","at":"2026-01-05T00:00:00Z","contact":"c-3","channel":"paid_search"}"#,
        #"{"id":"o1","type":"opportunity","at":"2026-02-01T00:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"1000","currency":"USD","contacts":["c-1"]}"#,
        #"{"id":"o2","type":"opportunity","at":"2026-02-01T00:00:00Z","opportunity":"o-2","account":"a-2","stage":"created","amount":"300","currency":"USD","contacts":["c-2"]}"#,
        #"{"id":"o3","type":"opportunity","at":"2026-02-01T00:00:00Z","opportunity":"o-3","account":"a-3","stage":"created","amount":"50","currency":"USD","contacts":["c-3"]}"#,
        #"{"id":"m1","type":"merge","at":"2026-02-10T00:00:00Z","kind":"account","from":"a-3","into":"a-2"}"#,
    ]

    @Test func reportsGroupByTheContactsAccountsAttributesLatestValueWinningAndMergesCarried() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.lines)
        let session = LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
        let report = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-03-31"),
                                                       views: [.attribution], groupBy: .accountAttribute("industry")))
        let rows = try #require(report.attribution?.rows)
        // a-2's later statement (logistics) overwrites retail; a-3 is merged into a-2, so o-3's
        // credit counts under logistics too; fintech is a-1's.
        #expect(rows.map(\.group) == ["fintech", "logistics"])
        #expect(rows.map { $0.cells[0].pipeline.description } == ["1000", "350"])
        #expect(rows.map { $0.cells[0].pipelineDeals } == [1, 2])
        let employees = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-03-31"),
                                                          views: [.attribution], groupBy: .accountAttribute("employees")))
        #expect(employees.attribution?.rows.map(\.group) == ["120", "800"])
        #expect(GroupBy("account:industry") == .accountAttribute("industry"))
        #expect(GroupBy("account:") == nil)
    }

    @Test func accountFactsSurviveACheckpoint() throws {
        let facts = try ReplayFixture.facts(Self.lines)
        #expect(facts.accountAttributes["a-2"]?.count == 2)
        var encoder = CheckpointEncoder()
        facts.encodeCheckpoint(into: &encoder)
        let decoded = try CheckpointDecoder.decode(encoder.bytes[...]) { decoder throws(CheckpointError) in try LedgerFacts(checkpoint: &decoder) }
        #expect(decoded.accountAttributes == facts.accountAttributes)
        #expect(decoded.accountAttributes["a-1"]?.first?.value.attributes.map(\.name) == ["employees", "industry"])
    }
}
