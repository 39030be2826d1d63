import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// Nested grouping with subtotals, ROI by segment through `segment_cost_allocation`, and the
/// per-group deal metrics (sourced and influenced pipeline, win rate, sales cycle, booked and net
/// revenue), pinned by hand on one small January.
///
/// Spend (all in January): paid_search/brand 1,000, paid_search/generic 600, email/news 400,
/// shared 200 (by spend: 100, 60, 40). Touches: c-1 paid_search/brand (Jan 3), email/news (Jan 4),
/// paid_search/generic (Jan 8); c-2 paid_search/generic (Jan 5); c-3 email/news (Jan 6). Leads:
/// c-1 (Jan 3, after its first touch), c-2 (Jan 5); c-3 has none. Deals, linear: o-1 (c-1,
/// 3,000, won Jan 20 after 10 days, refund −300 on Jan 28) 1,000 to each of its three touches;
/// o-2 (c-2, 1,000, lost) all to paid_search/generic; o-3 (c-3, 500, open) all to email/news.
/// Employees: c-1 10 (`1–50`), c-2 100 (`51+`), c-3 none (`(missing)`).
@Suite("nested grouping, segment ROI and deal metrics")
struct GroupingTests {
    static func session(split: String = "by_pipeline") throws -> (TestLedger, LedgerSession) {
        let body = #"{"attribution":{"model":"linear"},"cost_allocation":"by_spend","segments":{"employees":[1,51]},"segment_cost_allocation":"\#(split)"}"#
        let lines = [
            #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":\#(body)}"#,
            #"{"id":"sp1","type":"spend","at":"2026-01-01T00:00:00Z","channel":"paid_search","campaign":"brand","amount":"1000","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31"}"#,
            #"{"id":"sp2","type":"spend","at":"2026-01-01T00:00:00Z","channel":"paid_search","campaign":"generic","amount":"600","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31"}"#,
            #"{"id":"sp3","type":"spend","at":"2026-01-01T00:00:00Z","channel":"email","campaign":"news","amount":"400","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31"}"#,
            #"{"id":"sp4","type":"spend","at":"2026-01-01T00:00:00Z","amount":"200","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31","shared":true}"#,
            #"{"id":"c1","type":"contact","at":"2026-01-01T00:00:00Z","contact":"c-1","attributes":{"employees":10}}"#,
            #"{"id":"c2","type":"contact","at":"2026-01-01T00:00:00Z","contact":"c-2","attributes":{"employees":100}}"#,
            #"{"id":"c3","type":"contact","at":"2026-01-01T00:00:00Z","contact":"c-3"}"#,
            #"{"id":"t1","type":"touch","at":"2026-01-03T10:00:00Z","contact":"c-1","channel":"paid_search","campaign":"brand"}"#,
            #"{"id":"t2","type":"touch","at":"2026-01-04T10:00:00Z","contact":"c-1","channel":"email","campaign":"news"}"#,
            #"{"id":"t3","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-2","channel":"paid_search","campaign":"generic"}"#,
            #"{"id":"t4","type":"touch","at":"2026-01-06T10:00:00Z","contact":"c-3","channel":"email","campaign":"news"}"#,
            #"{"id":"t5","type":"touch","at":"2026-01-08T10:00:00Z","contact":"c-1","channel":"paid_search","campaign":"generic"}"#,
            #"{"id":"s1","type":"stage","at":"2026-01-03T12:00:00Z","contact":"c-1","stage":"lead"}"#,
            #"{"id":"s2","type":"stage","at":"2026-01-05T12:00:00Z","contact":"c-2","stage":"lead"}"#,
            #"{"id":"o1","type":"opportunity","at":"2026-01-10T00:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"3000","currency":"USD","contacts":["c-1"]}"#,
            #"{"id":"o1w","type":"opportunity","at":"2026-01-20T00:00:00Z","opportunity":"o-1","account":"a-1","stage":"won"}"#,
            #"{"id":"adj1","type":"adjustment","at":"2026-01-28T00:00:00Z","opportunity":"o-1","amount":"-300","currency":"USD","reason":"refund"}"#,
            #"{"id":"o2","type":"opportunity","at":"2026-01-12T00:00:00Z","opportunity":"o-2","account":"a-2","stage":"created","amount":"1000","currency":"USD","contacts":["c-2"]}"#,
            #"{"id":"o2l","type":"opportunity","at":"2026-01-25T00:00:00Z","opportunity":"o-2","account":"a-2","stage":"lost"}"#,
            #"{"id":"o3","type":"opportunity","at":"2026-01-15T00:00:00Z","opportunity":"o-3","account":"a-3","stage":"created","amount":"500","currency":"USD","contacts":["c-3"]}"#,
        ]
        let ledger = try TestLedger()
        try ledger.ingest(lines)
        return (ledger, LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off)))
    }

    static func report(_ session: LedgerSession, by: String, views: [ReportView] = [.attribution, .roi]) throws -> Report {
        try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-01-31"), views: views, groupBy: try #require(GroupBy(by))))
    }

    /// Row path → the value of one column, as exact text.
    static func column(_ table: ReportTable?, _ key: String) throws -> [String: String] {
        let table = try #require(table)
        let index = try #require(table.columns.firstIndex { $0.key == key })
        var values: [String: String] = [:]
        for row in table.rows + [table.total!] { values[row.pathText] = ReportTable.exact(row.values[index]) }
        return values
    }

    @Test func nestedRowsCarrySubtotalsThatAreTheirOwnFigures() throws {
        let (ledger, session) = try Self.session()
        defer { withExtendedLifetime(ledger) {} }
        let report = try Self.report(session, by: "channel,campaign")
        let attribution = report.attribution!.table
        #expect(attribution.rows.map(\.pathText) == ["email", "email / news", "paid_search", "paid_search / brand", "paid_search / generic"])
        #expect(attribution.levels == ["channel", "campaign"])
        let pipeline = try Self.column(attribution, "pipeline")
        #expect(pipeline == ["email": "1500", "email / news": "1500", "paid_search": "3000", "paid_search / brand": "1000",
                             "paid_search / generic": "2000", "total": "4500"])
        // o-1 is in both paid_search campaigns: the channel's subtotal counts it once.
        let deals = try Self.column(attribution, "pipeline_deals")
        #expect(deals["paid_search / brand"] == "1" && deals["paid_search / generic"] == "2" && deals["paid_search"] == "2")

        let roi = report.tables.first { $0.key == "roi" }
        let cost = try Self.column(roi, "cost")
        #expect(cost["paid_search / brand"] == "1100" && cost["paid_search / generic"] == "660" && cost["paid_search"] == "1760")
        #expect(cost["email"] == "440" && cost["email / news"] == "440" && cost["total"] == "2200")
        let perDollar = try Self.column(roi, "cost_per_pipeline_dollar")
        #expect(perDollar["paid_search"] == "0.5867" && perDollar["email"] == "0.2933" && perDollar["paid_search / brand"] == "1.1000")

        let dealTable = report.tables.first { $0.key == "roi.deals" }
        let influenced = try Self.column(dealTable, "influenced_pipeline")
        #expect(influenced["paid_search / brand"] == "3000" && influenced["paid_search / generic"] == "4000")
        #expect(influenced["paid_search"] == "4000", "o-1 once, not once per campaign")
        #expect(influenced["email / news"] == "3500")
        let table = report.tables.first { $0.key == "roi" }!.renderText()
        #expect(table.contains("\n  brand ") && table.contains("\npaid_search "))
        let csv = report.tables.first { $0.key == "roi" }!.renderCSV()
        #expect(csv.hasPrefix("channel,campaign,cost_per_pipeline_dollar,"))
        #expect(csv.contains("\npaid_search,,") && csv.contains("\npaid_search,brand,"))
    }

    @Test func dealMetricsBySourceAndInfluence() throws {
        let (ledger, session) = try Self.session()
        defer { withExtendedLifetime(ledger) {} }
        let report = try Self.report(session, by: "channel")
        let deals = report.tables.first { $0.key == "roi.deals" }
        // o-1 sourced by paid_search (c-1's lead touch t1), won in 10 days; o-2 by paid_search,
        // lost; o-3's contact has no lead stage.
        #expect(try Self.column(deals, "sourced_pipeline") == ["(no lead)": "500", "email": "0", "paid_search": "4000", "total": "4500"])
        #expect(try Self.column(deals, "average_deal")["paid_search"] == "2000")
        #expect(try Self.column(deals, "win_rate")["paid_search"] == "0.5000")
        #expect(try Self.column(deals, "sales_cycle_days")["paid_search"] == "10.0")
        #expect(try Self.column(deals, "win_rate")["email"] == "")
        // Booked 3,000 and net 2,700 (after the refund), a third to each of o-1's touches.
        #expect(try Self.column(deals, "booked_revenue") == ["(no lead)": "0", "email": "1000", "paid_search": "2000", "total": "3000"])
        #expect(try Self.column(deals, "revenue") == ["(no lead)": "0", "email": "900", "paid_search": "1800", "total": "2700"])
        // Cost per deal, beside the strict funnel's cost per opportunity: paid_search's 1,760
        // over its 2 sourced deals created and its 1 won.
        let perStep = report.tables.first { $0.key == "roi.cost_per_step" }
        #expect(try Self.column(perStep, "cost_per_deal_created")["paid_search"] == "880")
        #expect(try Self.column(perStep, "cost_per_deal_won")["paid_search"] == "1760")
        // The ROI table leads with the CFO's figures.
        let roi = try #require(report.tables.first { $0.key == "roi" })
        #expect(roi.columns.prefix(4).map(\.key) == ["cost_per_pipeline_dollar", "pipeline_per_cost", "verdict", "cost_per_sql"])
    }

    /// By pipeline: paid_search's 1,760 goes 2,000 : 1,000 to `1–50` and `51+`; email's 440
    /// 1,000 : 500 to `1–50` and `(missing)`; each of direct and shared spend split by largest
    /// remainder, so the segments add up to the cost exactly.
    @Test func segmentCostFollowsEachChannelsPipelineAndSumsToTheCost() throws {
        let (ledger, session) = try Self.session()
        defer { withExtendedLifetime(ledger) {} }
        let report = try Self.report(session, by: "attr:employees", views: [.roi])
        let roi = report.tables.first { $0.key == "roi" }
        let cost = try Self.column(roi, "cost")
        #expect(cost == ["1–50": "1466.6668", "51+": "586.6666", "(missing)": "146.6666", "(no lead)": "0", "total": "2200"])
        #expect(try #require(roi).rows.map(\.group) == ["1–50", "51+", "(missing)", "(no lead)"])
        #expect(try #require(roi).title.contains("cost to segments by_pipeline, channel by channel"))
        #expect(try Self.column(roi, "pipeline") == ["1–50": "3000", "51+": "1000", "(missing)": "500", "(no lead)": "0", "total": "4500"])

        let nested = try Self.report(session, by: "channel,attr:employees", views: [.roi])
        let nestedCost = try Self.column(nested.tables.first { $0.key == "roi" }, "cost")
        #expect(nestedCost["paid_search / 1–50"] == "1173.3334" && nestedCost["paid_search / 51+"] == "586.6666" && nestedCost["paid_search"] == "1760")
        #expect(nestedCost["email / 1–50"] == "293.3334" && nestedCost["email / (missing)"] == "146.6666" && nestedCost["email"] == "440")
    }

    /// By leads: paid_search's two leads are one in each segment (880 each); email sourced no
    /// lead, so its 440 has nothing to follow and is shown unallocated, not dropped.
    @Test func aChannelWithNothingToWeighKeepsItsCostUnallocated() throws {
        let (ledger, session) = try Self.session(split: "by_leads")
        defer { withExtendedLifetime(ledger) {} }
        let report = try Self.report(session, by: "attr:employees", views: [.roi])
        let cost = try Self.column(report.tables.first { $0.key == "roi" }, "cost")
        #expect(cost["1–50"] == "880" && cost["51+"] == "880" && cost["(unallocated)"] == "440" && cost["total"] == "2200")
        #expect(throws: RuleSetError.self) { try RuleSet(json: #"{"segment_cost_allocation":"by_magic"}"#) }
    }
}
