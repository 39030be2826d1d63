public import LedgerCore
public import LedgerProjections

/// The handoff view as tables: per group, contact and meeting-set rates, median response times
/// and attempts; then SQL → opportunity by response-time bucket.
public struct HandoffReport: Sendable {
    public var view: HandoffView
    public var tables: [ReportTable]

    public init(view: HandoffView, groupBy: GroupBy) {
        self.view = view
        let hour = Timestamp.microsecondsPerDay / 24
        func tenths(_ ratio: Ratio?) -> ReportTable.Value { .days(ratio.map { $0.scaled(places: 1) }) }
        func values(_ row: HandoffView.Row) -> [ReportTable.Value] {
            [.count(row.mqls), .count(row.contacted), .percent(Ratio(Int64(row.contacted), Int64(row.mqls))), .count(row.meetings),
             .percent(Ratio(Int64(row.meetings), Int64(row.mqls))), tenths(HandoffView.median(row.fromMQL, per: hour)), .count(row.sqls),
             tenths(HandoffView.median(row.fromSQL, per: hour)), tenths(HandoffView.median(row.attempts, per: 1))]
        }
        let types = "sales touches: \(view.rules.salesTouchTypes.joined(separator: ", ")); meetings: \(view.rules.meetingTouchTypes.joined(separator: ", "))"
        let byGroup = ReportTable(
            key: "handoff.by_group", title: "Sales handoff by \(groupBy.name) of the lead's source (MQLs by any path; \(types))",
            groupTitle: groupBy.name, levels: groupBy.levels.map(\.name),
            columns: [.init("mqls", "mqls"), .init("contacted", "contacted"), .init("contact_rate", "contact rate"), .init("meetings", "meetings"),
                      .init("meeting_rate", "meeting-set rate"), .init("median_hours_from_mql", "median h from mql"), .init("sqls", "sqls"),
                      .init("median_hours_from_sql", "median h from sql"), .init("median_attempts", "median attempts")],
            rows: view.rows.map { .init(path: $0.path, values($0)) }, total: .init("total", values(view.total)))
        func bucket(_ counts: HandoffView.BucketCounts) -> [ReportTable.Value] {
            [.count(counts.mqls), .percent(Ratio(Int64(counts.mqls), Int64(view.total.mqls))), .count(counts.sqls), .count(counts.opportunities),
             .percent(Ratio(Int64(counts.opportunities), Int64(counts.sqls)))]
        }
        let all = view.buckets.values.reduce(into: HandoffView.BucketCounts()) { total, counts in
            total.mqls += counts.mqls
            total.sqls += counts.sqls
            total.opportunities += counts.opportunities
        }
        let byResponse = ReportTable(
            key: "handoff.response", title: "Response time to the first sales touch: MQLs by their response from MQL, SQLs by theirs from SQL, and SQL → opportunity",
            groupTitle: "response", columns: [.init("mqls", "mqls"), .init("mql_share", "of mqls"), .init("sqls", "sqls"),
                                               .init("opportunities", "opps"), .init("sql_to_opportunity", "sql to opp")],
            rows: HandoffView.Bucket.allCases.map { .init($0.rawValue, bucket(view.buckets[$0] ?? .init())) }, total: .init("total", bucket(all)))
        tables = [byGroup, byResponse]
    }
}
