import LedgerApp
import LedgerReports

/// `segment=attr:industry=saas`: the pages that group rows show one segment's rows. The report
/// is grouped by the segment first (`attr:industry,channel`), so every figure is the segment's
/// own, its costs allocated by the rule set's `segment_cost_allocation` as in any segment
/// report, and the segment's subtotal row becomes the table's total.
struct SegmentFilter {
    /// `attr:industry` or `account:tier`.
    var level: String
    var value: String

    var choice: SegmentChoice

    init?(_ query: QueryReader) throws {
        guard let choice = try OptionValues.segment(query.string("segment")) else { return nil }
        self.choice = choice
        level = choice.level.name
        value = choice.value
    }

    /// The grouping with the segment in front (`attr:industry,channel`).
    func grouping(_ inner: GroupBy) throws -> GroupBy {
        try OptionValues.groupBy(level + "," + inner.name)
    }

    /// The segment's rows of a table grouped by `grouping(_:)`, its subtotal as the total; a
    /// table not grouped by the segment (or without the segment) unchanged or nil.
    func rows(of table: ReportTable) -> ReportTable? {
        guard table.levels.count >= 2 else { return table }
        guard let subtotal = table.rows.first(where: { $0.path == [value] }) else { return nil }
        var filtered = table
        filtered.levels = Array(table.levels.dropFirst())
        filtered.groupTitle = filtered.levels.first ?? table.groupTitle
        filtered.rows = table.rows.filter { $0.path.count > 1 && $0.path[0] == value }.map { ReportTable.Row(path: Array($0.path.dropFirst()), $0.values) }
        filtered.total = ReportTable.Row("\(value) total", subtotal.values)
        filtered.title = table.title + " — segment \(level) = \(value)"
        return filtered
    }
}
