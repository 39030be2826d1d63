import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// Any report as tables: the views and grouping the query names (`/report?view=funnel&by=…`),
/// each table as the command line prints it, channel and campaign rows opening what is behind them.
enum ReportPage {
    static let parameters = QueryReader.replay + ["model", "view", "by", "segment"]

    static func make(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: parameters)
        let views = try query.views(default: "attribution")
        let segment = try SegmentFilter(query)
        let groupBy = try query.groupBy
        let report = try session.report(ReportRequest(replay: try query.replay, models: try query.models, views: views,
                                                      groupBy: try segment?.grouping(groupBy) ?? groupBy))
        let tables = segment.map { segment in report.tables.compactMap(segment.rows) } ?? report.tables
        let title = views.filter { $0 != .completeness }.map { $0.rawValue.capitalized }.joined(separator: ", ")
        var page = Page(title: title.isEmpty ? "Report" : title, template: "tables", context: [
            "heading": title.isEmpty ? "Report" : title,
            "tables": tables.map { linked(query).context($0) },
        ])
        page.filters = Filters(grouping: true, segment: true)
        page.section = views.count == 2 ? views.first { $0 != .completeness }?.rawValue ?? "" : ""
        page.show(report.provenance, digest: report.digest)
        // The API has no segment filter: it answers the segment-first grouping the page filters.
        var carried = query.carried(parameters.filter { $0 != "by" && $0 != "segment" })
        carried.append(("by", segment.map { $0.level + "," + groupBy.name } ?? groupBy.name))
        page.json = QueryString.path("/v1/report", carried)
        page.csv = QueryString.path("/v1/report", carried + [("format", "csv")])
        return page
    }

    /// Links from rows grouped by channel (and campaign) to the drill-down.
    static func linked(_ query: QueryReader) -> TableContext {
        let carried = query.carried()
        let groupBy = try? query.groupBy
        let levels = groupBy?.levels ?? [.channel]
        return TableContext(rowLink: { path in
            guard path.count <= levels.count, levels.first == .channel else { return nil }
            if path.count == 1 { return QueryString.path("/channels/\(QueryString.segment(path[0]))", carried) }
            if levels[1] == .campaign { return QueryString.path("/deals", carried + [("channel", path[0]), ("campaign", path[1])]) }
            return nil
        })
    }

    /// Completeness: the report's completeness table and the issues behind a warning.
    static func completeness(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: QueryReader.replay + ["model"])
        let report = try session.report(ReportRequest(replay: try query.replay, models: try query.models, views: [.completeness], groupBy: .channel))
        let records = try session.completenessRecords(try query.replay, model: try API.singleModel(query))
        let issues = SummaryPage.completenessIssues(report.completeness)
        var page = Page(title: "Data completeness", template: "tables", context: [
            "heading": "Data completeness",
            "notes": issues.isEmpty ? ["Every record is complete: each touch maps to a channel, each deal has a touch, each lead its UTM, each spend its campaign."] : issues,
            "tables": [TableContext().context(report.completeness.table), TableContext().context(records.table)],
        ])
        page.section = "completeness"
        page.show(records.provenance, digest: records.digest)
        let carried = query.carried()
        page.json = QueryString.path("/v1/completeness", carried)
        page.csv = QueryString.path("/v1/completeness", carried + [("format", "csv")])
        return page
    }
}
