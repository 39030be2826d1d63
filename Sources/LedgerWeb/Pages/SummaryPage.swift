import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// The summary: tiles for the CFO's figures, spend, pipeline and revenue by month, the channel
/// table with verdicts (each channel opening its campaigns), the data-completeness badge with a
/// warning on every figure that rests on incomplete data, and the closed periods with whether
/// each still reproduces.
enum SummaryPage {
    static func make(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: QueryReader.replay + ["model", "segment"])
        let replay = try query.replay
        let models = try query.models
        let segment = try SegmentFilter(query)
        let reportRequest = ReportRequest(replay: replay, models: models, views: [.attribution, .funnel, .roi, .completeness],
                                          groupBy: try segment?.grouping(.channel) ?? .channel)
        let report = try session.report(reportRequest)
        guard var roi = report.roi?.tables.first(where: { $0.key == "roi" }) else { throw Problem.notFound("the report has no ROI table") }
        if let segment {
            guard let filtered = segment.rows(of: roi) else { throw Problem.notFound("no \(segment.level) = \(segment.value) in this window") }
            roi = filtered
        }
        guard let total = roi.total else { throw Problem.notFound("the report has no ROI total") }
        // By month: the window's total, or the segment's row, of each month's ROI table.
        let series = try session.series(SeriesRequest(report: ReportRequest(replay: replay, models: models, views: [.roi],
                                                                            groupBy: try segment.map { try OptionValues.groupBy($0.level) } ?? .channel),
                                                      every: .month, detail: true))
        let completeness = report.completeness
        func value(_ key: String) -> ReportTable.Value { total.values[roi.columns.firstIndex { $0.key == key }!] }
        let noTouch = completeness.opportunitiesWithNoTouch
        let tiles: [[String: Any]] = [
            tile("spend", "Spend", value("cost"), warning: completeness.spendWithoutCampaign > 0
                 ? "\(completeness.spendWithoutCampaign) spend records (\(MoneyText.cents(completeness.spendWithoutCampaignAmount))) name no campaign" : nil),
            tile("pipeline", "Pipeline", value("pipeline"), warning: noTouch > 0 ? "\(noTouch) of \(completeness.opportunities) deals have no touch" : nil),
            tile("revenue", "Net revenue", value("revenue"), warning: nil),
            tile("cost_per_pipeline_dollar", "Cost per $ pipeline", value("cost_per_pipeline_dollar"), warning: nil),
            tile("roi", "ROI", value("roi"), warning: completeness.unmappedTouches > 0
                 ? "\(completeness.unmappedTouches) of \(completeness.touches) touches map to no channel" : nil),
            ["key": "verdicts", "label": "Verdicts", "value": verdicts(roi), "warning": false],
        ]
        let carried = query.carried()
        let channels = TableContext(rowLink: { path in
            path.first.map { QueryString.path("/channels/\(QueryString.segment($0))", carried) }
        }).context(roi)
        let closes = try session.listCloses(asOf: replay.asOf).filter { !$0.superseded }.map { close -> [String: Any] in
            ["period": close.period, "href": "/closes/\(QueryString.segment(close.period))", "from": close.from.description, "to": close.to.description,
             "reproduces": close.reproduces == true, "digest": String(close.sealedDigest.prefix(12))]
        }
        let issues = completenessIssues(completeness)
        var page = Page(title: "Summary", template: "summary", context: [
            "tiles": tiles,
            "chart": chart(series, segment: segment?.value),
            "channels": channels,
            "complete": issues.isEmpty,
            "issues": issues,
            "completeness_href": QueryString.path("/completeness", carried.filter { $0.name != "segment" }),
            "closes": closes,
            "has_closes": !closes.isEmpty,
        ])
        page.section = "summary"
        page.show(report.provenance, digest: report.digest)
        let views = "attribution,funnel,roi"
        let by = segment.map { [("by", $0.level + ",channel")] } ?? []
        let api = carried.filter { $0.name != "segment" } + [("view", views)] + by
        page.json = QueryString.path("/v1/report", api)
        page.csv = QueryString.path("/v1/report", api + [("format", "csv")])
        page.filters = Filters(segment: true)
        return page
    }

    static func tile(_ key: String, _ label: String, _ value: ReportTable.Value, warning: String?) -> [String: Any] {
        ["key": key, "label": label, "value": WebText.text(value), "warning": warning != nil, "warning_text": warning ?? ""]
    }

    /// `3 scale, 2 keep, 1 cut`: how many channels got each verdict.
    static func verdicts(_ roi: ReportTable) -> String {
        guard let index = roi.columns.firstIndex(where: { $0.key == "verdict" }) else { return "" }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for row in roi.rows {
            guard case .text(let verdict) = row.values[index] else { continue }
            if counts[verdict] == nil { order.append(verdict) }
            counts[verdict, default: 0] += 1
        }
        return order.map { "\(counts[$0]!) \($0)" }.joined(separator: ", ")
    }

    static func completenessIssues(_ view: CompletenessView) -> [String] {
        var issues: [String] = []
        if view.unmappedTouches > 0 { issues.append("\(view.unmappedTouches) of \(view.touches) touches map to no channel") }
        if view.opportunitiesWithNoTouch > 0 { issues.append("\(view.opportunitiesWithNoTouch) of \(view.opportunities) deals have no touch") }
        if view.leadsWithoutUTM > 0 { issues.append("\(view.leadsWithoutUTM) of \(view.leads) leads have no UTM") }
        if view.spendWithoutCampaign > 0 { issues.append("\(view.spendWithoutCampaign) of \(view.spendRecords) spend records name no campaign") }
        if view.mergesNamingUnseenRecords > 0 { issues.append("\(view.mergesNamingUnseenRecords) of \(view.merges) merges name records never seen") }
        return issues
    }

    /// Spend, pipeline and net revenue by month: each month's ROI total, or its segment row.
    static func chart(_ series: Series, segment: String?) -> String {
        let groups = series.periods.map { period -> (label: String, values: [Int64]) in
            let table = period.report.roi?.tables.first { $0.key == "roi" }
            let row = segment.map { value in table?.rows.first { $0.path == [value] } } ?? table?.total
            func units(_ key: String) -> Int64 {
                guard let table, let row, let index = table.columns.firstIndex(where: { $0.key == key }), case .money(let money) = row.values[index] else { return 0 }
                return money.units
            }
            return (period.name + (period.isPartial ? "*" : ""), [units("cost"), units("pipeline"), units("revenue")])
        }
        return BarChart(title: "Spend, pipeline and net revenue by month" + (segment.map { " — \($0)" } ?? ""), unit: "amount (reporting currency)",
                        series: [.init(name: "spend", style: "spend"), .init(name: "pipeline", style: "pipeline"), .init(name: "net revenue", style: "revenue")],
                        groups: groups).svg()
    }
}
