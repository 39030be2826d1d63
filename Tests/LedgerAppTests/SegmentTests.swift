import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore
import Testing
import TestSupport

/// Segments: numeric attributes in declared bands, text attributes in named lists, rows in the
/// rule's order; and numbers sorted as numbers when there is no rule.
@Suite("segments")
struct SegmentTests {
    @Test func bandLabelsAndEdges() throws {
        let rules = try RuleSet(json: #"{"segments":{"employees":[1,51,201,1001,5001],"arr":["0.5","2.5"]}}"#)
        let employees = try #require(rules.segments["employees"])
        #expect(employees.labels == ["under 1", "1–50", "51–200", "201–1000", "1001–5000", "5001+", "(not a number)", "(missing)"])
        #expect(employees.label(of: .number("50")) == "1–50")
        #expect(employees.label(of: .number("51")) == "51–200", "an edge opens its band")
        #expect(employees.label(of: .number("200.5")) == "51–200")
        #expect(employees.label(of: .number("5001")) == "5001+")
        #expect(employees.label(of: .number("0")) == "under 1")
        #expect(employees.label(of: .string("many")) == "(not a number)")
        #expect(employees.label(of: nil) == "(missing)")
        let arr = try #require(rules.segments["arr"])
        #expect(arr.labels.prefix(3) == ["under 0.5", "0.5–<2.5", "2.5+"])
    }

    @Test func namedListsInLabelOrderWhateverTheDocumentsOrder() throws {
        let rules = try RuleSet(json: #"{"segments":{"industry":{"health":["healthcare"],"finance":["fintech","banking"]}}}"#)
        let industry = try #require(rules.segments["industry"])
        #expect(industry.labels == ["finance", "health", "(other)", "(missing)"])
        #expect(industry.label(of: .string("banking")) == "finance")
        #expect(industry.label(of: .string("retail")) == "(other)")
    }

    @Test(arguments: [
        (#"{"segments":{"employees":[]}}"#, "$.segments.employees"),
        (#"{"segments":{"employees":[51,1]}}"#, "$.segments.employees"),
        (#"{"segments":{"industry":{"a":["x"],"b":["x"]}}}"#, "$.segments.industry.b"),
        (#"{"segments":{"industry":{}}}"#, "$.segments.industry"),
    ])
    func badRulesAreRefusedAtTheirPath(json: String, path: String) {
        do {
            _ = try RuleSet(json: json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.path == path, "\(error)")
        }
    }

    static func ledger(segments: String?) throws -> (TestLedger, LedgerSession) {
        let body = segments.map { #"{"attribution":{"model":"linear"},"segments":\#($0)}"# } ?? #"{"attribution":{"model":"linear"}}"#
        var lines = [#"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":\#(body)}"#]
        // Employees 10, 100, 1000, 10423 and one contact without the attribute; a deal each (1000
        // is below the edge 1001, so in 201–1000).
        for (index, employees) in [("1", "10"), ("2", "100"), ("3", "1000"), ("4", "10423"), ("5", nil)] {
            let attributes = employees.map { #","attributes":{"employees":\#($0)}"# } ?? ""
            lines.append(#"{"id":"c\#(index)","type":"contact","at":"2026-01-02T00:00:00Z","contact":"c-\#(index)"\#(attributes)}"#)
            lines.append(#"{"id":"s\#(index)","type":"stage","at":"2026-01-03T00:00:00Z","contact":"c-\#(index)","stage":"lead"}"#)
            lines.append(#"{"id":"t\#(index)","type":"touch","at":"2026-01-05T00:00:00Z","contact":"c-\#(index)","channel":"email"}"#)
            lines.append(#"{"id":"o\#(index)","type":"opportunity","at":"2026-02-01T00:00:00Z","opportunity":"o-\#(index)","account":"a-\#(index)","stage":"created","amount":"\#(index)00","currency":"USD","contacts":["c-\#(index)"]}"#)
        }
        let ledger = try TestLedger()
        try ledger.ingest(lines)
        return (ledger, LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off)))
    }

    static func rows(_ session: LedgerSession, views: [ReportView] = [.attribution]) throws -> [(String, String)] {
        let report = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-03-31"), views: views,
                                                       groupBy: .attribute("employees")))
        return try #require(report.attribution).rows.map { ($0.group, $0.cells[0].pipeline.description) }
    }

    @Test func reportsGroupByBandsInTheirOrderWithMissingLast() throws {
        let (ledger, session) = try Self.ledger(segments: #"{"employees":[1,51,201,1001,5001]}"#)
        defer { withExtendedLifetime(ledger) {} }
        let rows = try Self.rows(session)
        #expect(rows.map(\.0) == ["1–50", "51–200", "201–1000", "5001+", "(missing)"])
        #expect(rows.map(\.1) == ["100", "200", "300", "400", "500"])
        let funnel = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-03-31"), views: [.funnel],
                                                       groupBy: .attribute("employees")))
        let groups = funnel.tables.first { $0.key == "funnel.by_group" }?.rows.map(\.group) ?? []
        #expect(groups == ["1–50", "51–200", "201–1000", "5001+", "(missing)"])
    }

    @Test func withoutARuleNumbersSortAsNumbers() throws {
        let (ledger, session) = try Self.ledger(segments: nil)
        defer { withExtendedLifetime(ledger) {} }
        #expect(try Self.rows(session).map(\.0) == ["(none)", "10", "100", "1000", "10423"])
    }
}

/// `cost_scope`: spend outside the declared categories is not cost, and the report says how much
/// was left out.
@Suite("cost scope")
struct CostScopeTests {
    static func roi(scope: String?) throws -> (ROIRow, String) {
        let body = scope.map { #"{"attribution":{"model":"linear"},"cost_scope":\#($0)}"# } ?? #"{"attribution":{"model":"linear"}}"#
        let lines = [
            #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":\#(body)}"#,
            #"{"id":"sp1","type":"spend","at":"2026-01-01T00:00:00Z","channel":"paid_search","amount":"1000","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31","category":"media"}"#,
            #"{"id":"sp2","type":"spend","at":"2026-01-01T00:00:00Z","channel":"paid_search","amount":"500","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31","category":"staff"}"#,
            #"{"id":"sp3","type":"spend","at":"2026-01-01T00:00:00Z","channel":"email","amount":"200","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31"}"#,
            #"{"id":"t1","type":"touch","at":"2026-01-05T00:00:00Z","contact":"c-1","channel":"paid_search"}"#,
            #"{"id":"o1","type":"opportunity","at":"2026-01-10T00:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"3000","currency":"USD","contacts":["c-1"]}"#,
        ]
        let ledger = try TestLedger()
        try ledger.ingest(lines)
        let session = LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
        let report = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-01-31"), views: [.roi]))
        let table = try #require(report.tables.first { $0.key == "roi" })
        return (try #require(report.roi?.view.total), table.title)
    }

    @Test func spendOutsideTheScopeIsNotCostAndTheTitleSaysHowMuch() throws {
        let (all, allTitle) = try Self.roi(scope: nil)
        #expect(all.cost.description == "1700")
        #expect(!allTitle.contains("cost scope"))
        let (media, title) = try Self.roi(scope: #"["media"]"#)
        #expect(media.cost.description == "1000")
        #expect(title.contains("cost scope media: 700.00 of spend left out ((none) 200.00, staff 500.00)"))
        let (withNone, _) = try Self.roi(scope: #"["media","(none)"]"#)
        #expect(withNone.cost.description == "1200")
        #expect(throws: RuleSetError.self) { try RuleSet(json: #"{"cost_scope":[]}"#) }
    }
}
