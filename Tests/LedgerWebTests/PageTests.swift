import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerCore
import LedgerReports
import LedgerWeb
import Testing
import TestSupport

/// Every page renders from the sample ledger with the command line's figures, links down the
/// drill-down, and keeps its filters; a bad filter is a 400 page naming it.
@Suite("Dashboard pages", .serialized)
struct PageTests {
    @Test("every page answers 200 HTML with provenance and downloads")
    func everyPage() async throws {
        let web = try WebFixture(publicRead: true)
        _ = try web.session.close(CloseRequest(period: "2026-Q1", context: ActionContext(reason: "test")))
        try await web.test { client in
            for uri in ["/", "/?period=2026-Q1&model=linear", "/report?view=funnel", "/report?view=roi&by=channel,campaign", "/report?view=handoff",
                        "/report?view=attribution&model=linear,markov", "/channels/email?period=2026-Q1", "/deals?channel=email&period=2026-Q1",
                        "/deals/op-9", "/compare?model=linear&model=markov&period=2026-Q1&view=attribution", "/compare", "/completeness",
                        "/rules", "/rules/default@1", "/closes", "/closes/2026-Q1", "/log?type=spend&limit=5", "/log?contact=ct-1-1"] {
                let page = try await client.get(uri)
                #expect(page.status == .ok, "\(uri): \(page.text.prefix(300))")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(page.text.hasPrefix("<!DOCTYPE html>"), "\(uri)")
                #expect(page.text.contains("href=\"/static/roiledger.css\""), "\(uri)")
                #expect(!page.text.contains("http://") || page.text.contains("http://www.w3.org/2000/svg"), "\(uri): nothing from another host")
            }
            let css = try await client.get("/static/roiledger.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
        }
    }

    @Test("the summary's tiles and channel table show the command line's ROI figures, and link to the drill-down")
    func summaryFigures() async throws {
        let web = try WebFixture(publicRead: true)
        let report = try web.session.report(ReportRequest(replay: ReplayRequest(period: "2026-Q1"), views: [.attribution, .funnel, .roi, .completeness]))
        let roi = try #require(report.roi?.tables.first { $0.key == "roi" })
        let total = try #require(roi.total)
        func text(_ key: String) -> String { ReportTable.text(total.values[roi.columns.firstIndex { $0.key == key }!]) }
        let (cost, pipeline) = (text("cost"), text("pipeline"))
        try await web.test { client in
            let page = try await client.get("/?period=2026-Q1").text
            #expect(page.contains(#"data-figure="spend"><span class="label">Spend</span><span class="value">\#(cost)</span>"#))
            #expect(page.contains(#"<span class="value">\#(pipeline)</span>"#))
            #expect(page.contains(#"data-provenance="digest">\#(report.digest)</dd>"#))
            #expect(page.contains(#"<table data-table="roi">"#))
            #expect(page.contains(#"<a href="/channels/email?period=2026-Q1">email</a>"#))
            #expect(page.contains(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart""#))
            #expect(page.contains(#"data-format="json" href="/v1/report?period=2026-Q1&amp;view=attribution,funnel,roi""#))
            // The JSON the page offers is the report it shows.
            let json = try await client.get("/v1/report?period=2026-Q1&view=attribution,funnel,roi")
            #expect(json.text == report.renderJSON())
        }
    }

    @Test("the deals behind a campaign add up to its credit in the attribution table")
    func dealsAddUp() async throws {
        let web = try WebFixture(publicRead: true)
        let report = try web.session.report(ReportRequest(replay: ReplayRequest(period: "2026-Q1"), groupBy: GroupBy([.channel, .campaign])))
        let attribution = try #require(report.attribution)
        let table = attribution.table
        let row = try #require(table.rows.first { $0.path.count == 2 && $0.path[0] == "email" })
        guard case .money(let credited) = row.values[table.columns.firstIndex { $0.key.hasSuffix("pipeline") }!] else { Issue.record("no pipeline money"); return }
        let list = try web.session.deals(DealsRequest(replay: ReplayRequest(period: "2026-Q1"), channel: row.path[0], campaign: row.path[1]))
        #expect(list.lines.reduce(Int64(0)) { $0 + $1.credit.units } == credited.units)
        try await web.test { client in
            let page = try await client.get("/deals?period=2026-Q1&channel=email&campaign=\(QueryEncoding.encode(row.path[1]))").text
            #expect(page.contains(#"<table data-table="deals">"#))
            for line in list.lines { #expect(page.contains(#"href="/deals/\#(line.deal)?period=2026-Q1""#)) }
        }
    }

    @Test("a bad filter is a 400 page naming the parameter; an unknown deal 404; the SVG chart is deterministic")
    func refusalsAndChart() async throws {
        let web = try WebFixture(publicRead: true)
        try await web.test { client in
            let bad = try await client.get("/?from=2026-13-01")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("from 2026-13-01 has no month 13"))
            do {
                let answer = try await client.get("/deals/op-none")
                #expect(answer.status == .notFound)
            }
            do {
                let answer = try await client.get("/nowhere")
                #expect(answer.status == .notFound)
            }
            let first = try await client.get("/?period=2026").text
            let second = try await client.get("/?period=2026&model=").text
            func svg(_ page: String) -> Substring? {
                guard let start = page.range(of: "<svg"), let end = page.range(of: "</svg>") else { return nil }
                return page[start.lowerBound..<end.upperBound]
            }
            #expect(svg(first) != nil && svg(first) == svg(second))
            #expect(svg(first)?.contains("2026-01 spend: ") == true)
        }
    }
}

enum QueryEncoding {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
    }
}

/// The summary's chart is drawn on the server from exact amounts: the same ledger and filters
/// give the same SVG bytes on every machine, held here as a golden file.
@Suite("Dashboard chart snapshot")
struct ChartSnapshotTests {
    static let file = SchemaExamples.schemasFolder.deletingLastPathComponent().appendingPathComponent("snapshots/dashboard-chart-2026.svg")

    @Test("the 2026 summary chart of the sample ledger is byte for byte the golden SVG")
    func chartMatchesGolden() async throws {
        let web = try WebFixture(publicRead: true)
        try await web.test { client in
            let page = try await client.get("/?period=2026").text
            let start = try #require(page.range(of: "<svg"))
            let end = try #require(page.range(of: "</svg>"))
            let svg = String(page[start.lowerBound..<end.upperBound]) + "\n"
            if ProcessInfo.processInfo.environment["ROILEDGER_RECORD_SNAPSHOTS"] == "1" {
                try svg.write(to: Self.file, atomically: true, encoding: .utf8)
            }
            #expect(svg == (try String(contentsOf: Self.file, encoding: .utf8)))
        }
    }
}

/// The links a page offers work: its JSON and CSV downloads answer 200, and a segment carried
/// down the drill-down gives the segment's own deals.
@Suite("Dashboard links", .serialized)
struct PageLinkTests {
    static func attribute(_ page: String, _ name: String) -> [String] {
        page.components(separatedBy: "\(name)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    @Test("every page's JSON and CSV links answer 200 with the content type they promise")
    func downloadsWork() async throws {
        let web = try WebFixture(publicRead: true)
        let segment = "attr:segment=" + QueryEncoding.encode(try Self.firstSegment(web))
        try await web.test { client in
            for uri in ["/", "/?period=2026-Q1&segment=\(segment)", "/report?view=roi&by=channel,campaign&period=2026-Q1", "/report?view=roi&segment=\(segment)",
                        "/channels/email?period=2026-Q1", "/channels/email?period=2026-Q1&segment=\(segment)", "/deals?channel=email&period=2026-Q1&segment=\(segment)",
                        "/deals/op-9?segment=\(segment)", "/compare?model=linear&model=markov&period=2026-Q1&view=attribution", "/completeness", "/rules", "/closes",
                        "/log?type=spend&limit=5"] {
                let page = try await client.get(uri)
                #expect(page.status == .ok, "\(uri): \(page.text.prefix(300))")
                let html = page.text
                let json = html.components(separatedBy: #"data-format="json" href=""#).dropFirst().first?.split(separator: "\"").first.map(String.init)
                let csv = html.components(separatedBy: #"data-format="csv" href=""#).dropFirst().first?.split(separator: "\"").first.map(String.init)
                #expect(json != nil, "\(uri) offers its JSON")
                for (link, type) in [(json, "application/"), (csv, "text/csv")] {
                    guard let link else { continue }
                    let answer = try await client.get(link.replacingOccurrences(of: "&amp;", with: "&"))
                    #expect(answer.status == .ok, "\(uri) → \(link): \(answer.text.prefix(300))")
                    #expect(answer.headers[.contentType]?.hasPrefix(type) == true, "\(uri) → \(link)")
                }
            }
        }
    }

    @Test("a segment carried down the drill-down: the deals' credit adds up to the segment's campaign row")
    func segmentDrillDown() async throws {
        let web = try WebFixture(publicRead: true)
        let value = try Self.firstSegment(web)
        let report = try web.session.report(ReportRequest(replay: ReplayRequest(period: "2026-Q1"), groupBy: try OptionValues.groupBy("attr:segment,channel,campaign")))
        let table = try #require(report.attribution).table
        let row = try #require(table.rows.first { $0.path.count == 3 && $0.path[0] == value && $0.path[1] != "(no touch)" })
        guard case .money(let credited) = row.values[table.columns.firstIndex { $0.key.hasSuffix("pipeline") }!] else { Issue.record("no pipeline money"); return }
        let choice = try #require(try OptionValues.segment("attr:segment=\(value)"))
        let list = try web.session.deals(DealsRequest(replay: ReplayRequest(period: "2026-Q1"), channel: row.path[1], campaign: row.path[2], segment: choice))
        #expect(list.lines.reduce(Int64(0)) { $0 + $1.credit.units } == credited.units)
        let cli = try RoiledgerProcess.run(["deals", "--db", web.ledger.path, "--period", "2026-Q1", "--channel", row.path[1], "--campaign", row.path[2],
                                            "--segment", "attr:segment=\(value)", "--format", "json"])
        #expect(cli.standardOutput == list.renderJSON())
        try await web.test { client in
            let summary = try await client.get("/?period=2026-Q1&segment=attr:segment=\(QueryEncoding.encode(value))").text
            let channelLink = try #require(Self.attribute(summary, "href").first { $0.hasPrefix("/channels/\(row.path[1])?") })
            #expect(channelLink.contains("segment=attr:segment"))
            let channel = try await client.get(channelLink.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(channel.status == .ok)
            let dealsLink = try #require(Self.attribute(channel.text, "href").first { $0.hasPrefix("/deals?") && $0.contains("campaign=\(QueryEncoding.encode(row.path[2]))") })
            let deals = try await client.get(dealsLink.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(deals.status == .ok)
            for line in list.lines { #expect(deals.text.contains(#"href="/deals/\#(line.deal)?"#)) }
        }
    }

    static func firstSegment(_ web: WebFixture) throws -> String {
        let report = try web.session.report(ReportRequest(replay: ReplayRequest(period: "2026-Q1"), groupBy: try OptionValues.groupBy("attr:segment")))
        return try #require(report.attribution?.table.rows.first?.group)
    }
}
