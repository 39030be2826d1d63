extension AttributionReport {
    /// The view as a table: per model, pipeline and revenue with their deal counts. Column keys
    /// carry the model's name only when several models stand side by side, so that `compare`
    /// matches two single-model reports column by column.
    public var table: ReportTable {
        let prefixed = models.count > 1
        // Grouped by campaign, each row says which channel(s) the campaign ran in.
        let byCampaign = groupBy == .campaign
        var columns: [ReportTable.Column] = byCampaign ? [.init("channel", "channel")] : []
        for model in models {
            let prefix = prefixed ? model.rawValue + "." : ""
            columns += [
                .init(prefix + "pipeline", "\(model.rawValue) pipeline"), .init(prefix + "pipeline_deals", "deals"),
                .init(prefix + "revenue", "\(model.rawValue) revenue"), .init(prefix + "revenue_deals", "deals"),
            ]
        }
        func values(_ cells: [Cell]) -> [ReportTable.Value] {
            cells.flatMap { [.money($0.pipeline), .count($0.pipelineDeals), .money($0.revenue), .count($0.revenueDeals)] }
        }
        func channel(_ group: String) -> [ReportTable.Value] {
            byCampaign ? [.text((channelsOfGroup[group] ?? []).joined(separator: ", "))] : []
        }
        return ReportTable(key: "attribution", title: "Attribution by \(groupBy.name)", groupTitle: groupBy.name, levels: groupBy.levels.map(\.name),
                           columns: columns, rows: rows.map { .init(path: $0.path, channel($0.group) + values($0.cells)) },
                           total: .init("total", channel("") + values(totals)))
    }
}
