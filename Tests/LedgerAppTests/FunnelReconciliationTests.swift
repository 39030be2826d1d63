import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// The funnel's opportunities tied to attribution's deals, line by line, and the counts of
/// leads that reached a step by any path.
///
/// January. c-1 (lead, MQL, SQL) opens o-1 with c-5 (lead a day later, MQL, SQL) and later
/// o-5; c-2 (lead only) opens o-2; c-3 (no lead stage) o-3; c-4 (lead in December) o-4; c-6
/// (lead, MQL, SQL) opens o-6 in February.
@Suite("funnel reconciliation")
struct FunnelReconciliationTests {
    static func report() throws -> Report {
        var lines = [#"{"id":"r1","type":"rules","at":"2025-12-01T00:00:00Z","name":"default","effective_from":"2025-12-01","body":{"attribution":{"model":"linear"}}}"#]
        func stage(_ contact: String, _ stage: String, _ at: String) {
            lines.append(#"{"id":"s-\#(contact)-\#(stage)","type":"stage","at":"\#(at)T12:00:00Z","contact":"\#(contact)","stage":"\#(stage)"}"#)
        }
        func deal(_ id: String, _ at: String, _ contacts: [String]) {
            let list = contacts.map { "\"\($0)\"" }.joined(separator: ",")
            lines.append(#"{"id":"\#(id)","type":"opportunity","at":"\#(at)T00:00:00Z","opportunity":"\#(id)","account":"a-\#(id)","stage":"created","amount":"100","currency":"USD","contacts":[\#(list)]}"#)
        }
        stage("c-4", "lead", "2025-12-20")
        for (contact, day) in [("c-1", "05"), ("c-5", "06"), ("c-6", "08")] {
            stage(contact, "lead", "2026-01-\(day)")
            stage(contact, "mql", "2026-01-\(day)")
            stage(contact, "sql", "2026-01-\(day)")
        }
        stage("c-2", "lead", "2026-01-05")
        deal("o-1", "2026-01-10", ["c-1", "c-5"])
        deal("o-2", "2026-01-12", ["c-2"])
        deal("o-3", "2026-01-14", ["c-3"])
        deal("o-4", "2026-01-15", ["c-4"])
        deal("o-5", "2026-01-20", ["c-1"])
        deal("o-6", "2026-02-10", ["c-6"])
        let ledger = try TestLedger()
        try ledger.ingest(lines)
        let session = LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
        return try withExtendedLifetime(ledger) {
            try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-01-31"), views: [.attribution, .funnel]))
        }
    }

    @Test func everyLineOfTheReconciliationIsOneKindOfDeal() throws {
        let report = try Self.report()
        let table = try #require(report.tables.first { $0.key == "funnel.reconciliation" })
        #expect(table.rows.map(\.values) == [[.count(3)], [.count(-1)], [.count(-1)], [.count(1)], [.count(1)], [.count(1)], [.count(1)]])
        #expect(table.total?.values == [.count(5)])
        // The lines add up to the deals attribution counts.
        let sum = table.rows.reduce(0) { sum, row in if case .count(let count) = row.values[0] { sum + count } else { sum } }
        #expect(.count(sum) == table.total?.values[0])
        #expect(report.attribution?.totals[0].pipelineDeals == 5)
    }

    @Test func reachedCountsStepsByAnyPath() throws {
        let report = try Self.report()
        let strict = try #require(report.tables.first { $0.key == "funnel.by_group" }?.total)
        let reached = try #require(report.tables.first { $0.key == "funnel.reached" }?.total)
        // Leads c-1, c-2, c-5, c-6: c-2's deal counts at opportunity only by any path.
        #expect(reached.values == [.count(4), .count(3), .count(3), .count(4), .count(0)])
        #expect(strict.values[0] == .count(4) && strict.values[5] == .count(3))
    }
}
