import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// The sales handoff, hand-computed on one January.
///
/// c-1 (paid_search): MQL 3 Jan 10:00, a sales email 36 minutes later, a call on the 4th, SQL
/// on the 5th at 10:00, a call 10 hours later, a meeting on the 6th, o-1 on the 8th: contacted in
/// 0.6 h, three attempts before the meeting. c-2 (email): MQL 3 Jan 10:00, a sales email 48 hours
/// later, SQL on the 6th with no sales touch after it, no deal. c-4 (email): MQL, never reached.
/// c-3 never qualified.
@Suite("sales handoff")
struct HandoffTests {
    static func report() throws -> Report {
        let lines = [
            #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"attribution":{"model":"linear"}}}"#,
            #"{"id":"t1","type":"touch","at":"2026-01-02T10:00:00Z","contact":"c-1","channel":"paid_search"}"#,
            #"{"id":"t2","type":"touch","at":"2026-01-02T10:00:00Z","contact":"c-2","channel":"email"}"#,
            #"{"id":"t4","type":"touch","at":"2026-01-02T10:00:00Z","contact":"c-4","channel":"email"}"#,
            #"{"id":"l1","type":"stage","at":"2026-01-02T12:00:00Z","contact":"c-1","stage":"lead"}"#,
            #"{"id":"l2","type":"stage","at":"2026-01-02T12:00:00Z","contact":"c-2","stage":"lead"}"#,
            #"{"id":"l3","type":"stage","at":"2026-01-02T12:00:00Z","contact":"c-3","stage":"lead"}"#,
            #"{"id":"l4","type":"stage","at":"2026-01-02T12:00:00Z","contact":"c-4","stage":"lead"}"#,
            #"{"id":"m1","type":"stage","at":"2026-01-03T10:00:00Z","contact":"c-1","stage":"mql"}"#,
            #"{"id":"m2","type":"stage","at":"2026-01-03T10:00:00Z","contact":"c-2","stage":"mql"}"#,
            #"{"id":"m4","type":"stage","at":"2026-01-03T10:00:00Z","contact":"c-4","stage":"mql"}"#,
            #"{"id":"e1","type":"touch","at":"2026-01-03T10:36:00Z","contact":"c-1","channel":"sales","touch_type":"sales_email"}"#,
            #"{"id":"k1","type":"touch","at":"2026-01-04T10:00:00Z","contact":"c-1","channel":"sales","touch_type":"sales_call"}"#,
            #"{"id":"q1","type":"stage","at":"2026-01-05T10:00:00Z","contact":"c-1","stage":"sql"}"#,
            #"{"id":"k2","type":"touch","at":"2026-01-05T20:00:00Z","contact":"c-1","channel":"sales","touch_type":"sales_call"}"#,
            #"{"id":"g1","type":"touch","at":"2026-01-06T10:00:00Z","contact":"c-1","channel":"sales","touch_type":"sales_meeting"}"#,
            #"{"id":"o1","type":"opportunity","at":"2026-01-08T00:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"1000","currency":"USD","contacts":["c-1"]}"#,
            #"{"id":"e2","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-2","channel":"sales","touch_type":"sales_email"}"#,
            #"{"id":"q2","type":"stage","at":"2026-01-06T10:00:00Z","contact":"c-2","stage":"sql"}"#,
        ]
        let ledger = try TestLedger()
        try ledger.ingest(lines)
        let session = LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
        return try withExtendedLifetime(ledger) {
            try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-01-31"), views: [.handoff]))
        }
    }

    static func values(_ table: ReportTable?, _ group: String) throws -> [String: String] {
        let table = try #require(table)
        let row = try #require(group == "total" ? table.total : table.rows.first { $0.pathText == group })
        return Dictionary(uniqueKeysWithValues: zip(table.columns.map(\.key), row.values.map(ReportTable.exact)))
    }

    @Test func responseTimesRatesAndAttempts() throws {
        let report = try Self.report()
        let byGroup = report.tables.first { $0.key == "handoff.by_group" }
        let total = try Self.values(byGroup, "total")
        #expect(total["mqls"] == "3" && total["contacted"] == "2" && total["contact_rate"] == "0.6667")
        #expect(total["meetings"] == "1" && total["meeting_rate"] == "0.3333")
        // Median of 0.6 h and 48 h; from SQL only c-1's 10 h; three attempts before c-1's meeting.
        #expect(total["median_hours_from_mql"] == "24.3" && total["median_hours_from_sql"] == "10.0" && total["median_attempts"] == "3.0")
        #expect(total["sqls"] == "2")
        let email = try Self.values(byGroup, "email")
        #expect(email["mqls"] == "2" && email["contacted"] == "1" && email["meetings"] == "0" && email["median_attempts"] == "")
        let paid = try Self.values(byGroup, "paid_search")
        #expect(paid["median_hours_from_mql"] == "0.6")
    }

    @Test func sqlToOpportunityByResponseBucket() throws {
        let report = try Self.report()
        let response = report.tables.first { $0.key == "handoff.response" }
        #expect(try Self.values(response, "under 1 hour") == ["mqls": "1", "mql_share": "0.3333", "sqls": "0", "opportunities": "0", "sql_to_opportunity": ""])
        #expect(try Self.values(response, "under 1 day")["sqls"] == "1" && Self.values(response, "under 1 day")["sql_to_opportunity"] == "1.0000")
        #expect(try Self.values(response, "under 1 week")["mqls"] == "1")
        #expect(try Self.values(response, "never") == ["mqls": "1", "mql_share": "0.3333", "sqls": "1", "opportunities": "0", "sql_to_opportunity": "0.0000"])
        #expect(try Self.values(response, "total")["sqls"] == "2")
    }
}
