import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// Series: a report per period from one replay, each under the rule set in force in it, and the
/// labels when a rule set changes inside the window; the reporting time zone and named periods.
///
/// The ledger: default@1 (from 1 January; MQL when the CRM records it) and default@2 (from
/// 1 February; every lead is an MQL). Spend 590 on paid_search over 1 January–28 February
/// (59 days: 310 in January, 280 in February). c-1: paid_search touch, lead 5 Jan, MQL 6 Jan,
/// o-1 (1,000) 10 Jan. c-3: email, lead 20 Jan. c-2: email, lead 1 Feb, o-2 (500) 3 Feb.
@Suite("series and rule-set changes")
struct SeriesTests {
    static let lines = [
        #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"attribution":{"model":"linear"}}}"#,
        #"{"id":"r2","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-02-01","body":{"attribution":{"model":"linear"},"qualification":{"mql":"stage('lead')"}}}"#,
        #"{"id":"sp1","type":"spend","at":"2026-01-01T00:00:00Z","channel":"paid_search","amount":"590","currency":"USD","period_start":"2026-01-01","period_end":"2026-02-28"}"#,
        #"{"id":"t1","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1","channel":"paid_search"}"#,
        #"{"id":"s1","type":"stage","at":"2026-01-05T12:00:00Z","contact":"c-1","stage":"lead"}"#,
        #"{"id":"s1m","type":"stage","at":"2026-01-06T12:00:00Z","contact":"c-1","stage":"mql"}"#,
        #"{"id":"o1","type":"opportunity","at":"2026-01-10T00:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"1000","currency":"USD","contacts":["c-1"]}"#,
        #"{"id":"t3","type":"touch","at":"2026-01-20T10:00:00Z","contact":"c-3","channel":"email"}"#,
        #"{"id":"s3","type":"stage","at":"2026-01-20T12:00:00Z","contact":"c-3","stage":"lead"}"#,
        #"{"id":"t2","type":"touch","at":"2026-02-01T10:00:00Z","contact":"c-2","channel":"email"}"#,
        #"{"id":"s2","type":"stage","at":"2026-02-01T12:00:00Z","contact":"c-2","stage":"lead"}"#,
        #"{"id":"o2","type":"opportunity","at":"2026-02-03T00:00:00Z","opportunity":"o-2","account":"a-2","stage":"created","amount":"500","currency":"USD","contacts":["c-2"]}"#,
    ]

    static func session(_ lines: [String] = lines) throws -> (TestLedger, LedgerSession) {
        let ledger = try TestLedger()
        try ledger.ingest(lines)
        return (ledger, LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off)))
    }

    static func series(_ session: LedgerSession, rules: RuleChoice = .inForce) throws -> Series {
        try session.series(SeriesRequest(report: ReportRequest(replay: ReplayRequest(rules: rules, from: "2026-01-01", to: "2026-02-28"),
                                                               views: [.attribution, .funnel, .roi]), every: .month))
    }

    /// Period row (or `total`) → one column's exact value.
    static func column(_ table: ReportTable?, _ key: String) throws -> [String: String] {
        let table = try #require(table)
        let index = try #require(table.columns.firstIndex { $0.key == key })
        return Dictionary(uniqueKeysWithValues: (table.rows + [table.total!]).map { ($0.group, ReportTable.exact($0.values[index])) })
    }

    @Test func eachPeriodUnderItsRuleSetAndTheTrendTablesAddUp() throws {
        let (ledger, session) = try Self.session()
        defer { withExtendedLifetime(ledger) {} }
        let series = try Self.series(session)
        #expect(series.periods.map(\.name) == ["2026-01", "2026-02"])
        #expect(series.periods.map(\.applied) == ["default@1", "default@2"])
        let trends = Dictionary(uniqueKeysWithValues: series.byPeriod.map { ($0.key, $0) })
        #expect(try Self.column(trends["attribution.by_month"], "pipeline") == ["2026-01": "1000", "2026-02": "500", "total": "1500"])
        #expect(try Self.column(trends["roi.by_month"], "cost") == ["2026-01": "310", "2026-02": "280", "total": "590"])
        // January under default@1 counts c-1's recorded MQL; February under default@2 every lead;
        // the window's total applies default@2 to both months.
        #expect(try Self.column(trends["funnel.by_group.by_month"], "leads") == ["2026-01": "2", "2026-02": "1", "total": "3"])
        #expect(try Self.column(trends["funnel.by_group.by_month"], "mql") == ["2026-01": "1", "2026-02": "1", "total": "3"])
        #expect(try Self.column(trends["funnel.by_group.by_month"], "rule_set") == ["2026-01": "default@1", "2026-02": "default@2", "total": "default@2"])
    }

    /// One fold for the whole series gives each period the very report a run over that period
    /// alone gives (same digest), and each compared period the comparison of that period.
    @Test func eachPeriodIsTheReportOfThatPeriodAlone() throws {
        let (ledger, session) = try Self.session()
        defer { withExtendedLifetime(ledger) {} }
        let series = try Self.series(session)
        for period in series.periods {
            let alone = try session.report(ReportRequest(replay: ReplayRequest(from: period.from.description, to: period.to.description),
                                                         views: [.attribution, .funnel, .roi]))
            #expect(alone.digest == period.report.digest, "\(period.name)")
        }
        let request = CompareRequest(a: .init(model: .linear), b: .init(model: .firstTouch), from: "2026-01-01", to: "2026-02-28", views: [.roi])
        let compared = try session.compareSeries(request, every: .month)
        #expect(compared.periods.map(\.name) == ["2026-01", "2026-02"])
        for period in compared.periods {
            var alone = request
            (alone.from, alone.to) = (period.from.description, period.to.description)
            #expect(try session.compare(alone).digest == period.comparison.digest, "\(period.name)")
        }
        #expect(compared.total.digest == (try session.compare(request)).digest)
        #expect(compared.renderTable().contains("== 2026-02: 2026-02-01 to 2026-02-28; A default@2, B default@2;"))
    }

    /// A qualification change flags the funnel on both sides of it, not the attribution.
    @Test func aChangeOfRuleSetLabelsTheFiguresItCanMove() throws {
        let (ledger, session) = try Self.session()
        defer { withExtendedLifetime(ledger) {} }
        let series = try Self.series(session)
        let change = RuleChange(on: LedgerDate("2026-02-01")!, before: "default@1", after: "default@2", parts: [.qualification], applied: nil)
        #expect(series.ruleChanges == [change])
        let trends = Dictionary(uniqueKeysWithValues: series.byPeriod.map { ($0.key, $0) })
        #expect(trends["funnel.by_group.by_month"]?.notComparable == [change])
        #expect(trends["roi.cost_per_step.by_month"]?.notComparable == [change])
        #expect(trends["attribution.by_month"]?.notComparable == [])
        let text = series.renderTable()
        #expect(text.contains("† not comparable across 2026-02-01: the rule set in force changed from default@1 to default@2 (qualification); each period is under the rule set in force in it"))
        #expect(series.renderJSON().contains(#""not_comparable":[{"after":"default@2","applied":null,"before":"default@1","on":"2026-02-01","parts":["qualification"]}]"#))
        #expect(series.renderCSV().contains("funnel.by_group.by_month,,not_comparable,"))
        // The window's own report applies default@2 throughout and says January is restated.
        let report = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-02-28"), views: [.funnel]))
        #expect(report.ruleChanges.map(\.applied) == ["default@2"])
        #expect(report.renderTable().contains("the days before 2026-02-01 are restated under default@2"))
        #expect(report.renderJSON().contains(#""rule_changes":[{"after":"default@2","applied":"default@2""#))
        // A window on one side of the change has nothing to flag.
        let january = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-01-31"), views: [.funnel]))
        #expect(january.ruleChanges.isEmpty && !january.renderJSON().contains("not_comparable"))
    }

    /// A close of a period that spans a change (and a reporting zone) seals the flags with the
    /// report, and reading the closed period back reproduces the sealed digest.
    @Test func aClosedPeriodAcrossAChangeReproducesItsSeal() throws {
        var lines = Self.lines
        lines[1] = lines[1].replacingOccurrences(of: #""qualification""#, with: #""calendar":{"time_zone":"-05:00"},"qualification""#)
        let (ledger, session) = try Self.session(lines)
        defer { withExtendedLifetime(ledger) {} }
        let closed = try session.close(CloseRequest(period: "2026-Q1", context: ActionContext(at: "2026-04-01T00:00:00Z")))
        #expect(closed.report.ruleChanges.map(\.on) == [LedgerDate("2026-02-01")!])
        #expect(closed.report.provenance.timeZone == "-05:00")
        let back = try session.closedReport(ClosedPeriodRequest(period: "2026-Q1"))
        #expect(back.reproduces, "sealed \(back.sealedDigest), reproduced \(back.report.digest)")
        // And the auditor's replay of the saved report settles the same zone and flags.
        let audit = try session.audit(reportText: closed.report.renderJSON(), source: "q1.json")
        if case .reproduced = audit.verdict {} else { Issue.record("audit: \(audit.verdict)") }
    }

    /// One rule set named for all: every period under it, the ones that had another in force
    /// marked restated.
    @Test func aNamedRuleSetRestatesThePeriodsItWasNotInForceIn() throws {
        let (ledger, session) = try Self.session()
        defer { withExtendedLifetime(ledger) {} }
        let series = try Self.series(session, rules: .published("default@1"))
        #expect(series.periods.map(\.applied) == ["default@1", "default@1"])
        #expect(series.periods.map(\.inForce) == ["default@1", "default@2"])
        let funnel = series.byPeriod.first { $0.key == "funnel.by_group.by_month" }
        #expect(try Self.column(funnel, "mql") == ["2026-01": "1", "2026-02": "0", "total": "1"])
        #expect(try Self.column(funnel, "rule_set")["2026-02"] == "default@1 (restated; in force: default@2)")
        #expect(funnel?.notComparable.first?.restated == "the days from 2026-02-01 are restated under default@1")
        #expect(series.renderJSON().contains(#""restated":true,"rule_set":"default@1","to":"2026-02-28"}"#))
    }

    /// With the reporting zone at −05:00, a deal created at 03:00 UTC on 1 February was created
    /// on 31 January, and January's window ends at 05:00 UTC on 1 February.
    @Test func theReportingTimeZoneMovesTheWindowsEdges() throws {
        func pipeline(zone: String) throws -> [String] {
            let (ledger, session) = try Self.session([
                #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"calendar":{"time_zone":"\#(zone)"}}}"#,
                #"{"id":"t1","type":"touch","at":"2026-01-30T10:00:00Z","contact":"c-1","channel":"email"}"#,
                #"{"id":"o1","type":"opportunity","at":"2026-02-01T03:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"700","currency":"USD","contacts":["c-1"]}"#,
            ])
            defer { withExtendedLifetime(ledger) {} }
            let series = try session.series(SeriesRequest(report: ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-02-28")),
                                                          every: .month, detail: false))
            #expect(series.total.provenance.timeZone == (zone == "UTC" ? nil : zone))
            return series.periods.map { $0.report.attribution!.totals[0].pipeline.description }
        }
        #expect(try pipeline(zone: "UTC") == ["0", "700"])
        #expect(try pipeline(zone: "-05:00") == ["700", "0"])
    }

    @Test func aNamedPeriodIsReadWithTheRuleSetsCalendar() throws {
        let (ledger, session) = try Self.session([
            #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2025-01-01","body":{"calendar":{"fiscal_year_start_month":2}}}"#,
            #"{"id":"t1","type":"touch","at":"2026-03-01T10:00:00Z","contact":"c-1","channel":"email"}"#,
        ])
        defer { withExtendedLifetime(ledger) {} }
        let report = try session.report(ReportRequest(replay: ReplayRequest(period: "2027-Q1")))
        #expect(report.provenance.window.from == LedgerDate("2026-02-01") && report.provenance.window.to == LedgerDate("2026-04-30"))
        #expect(throws: AppError.self) { try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", period: "2026-Q1"))) }
        #expect(throws: AppError.self) { try session.report(ReportRequest(replay: ReplayRequest(period: "2026-Q5"))) }
        #expect(throws: AppError.self) { try session.report(ReportRequest(groupBy: GroupBy(period: .month))) }
    }
}
