import LedgerReports

/// A report table as the `table` template reads it: headers, rows indented by nesting, each
/// cell the table format's text, numbers right-aligned, and links where a cell opens the
/// records behind it. The `data-` hooks name the table, row and column as the JSON does.
struct TableContext {
    /// A link for a row (by its path) or nil.
    var rowLink: ([String]) -> String? = { _ in nil }
    /// A link for one cell (row path, column key) or nil.
    var cellLink: ([String], String) -> String? = { _, _ in nil }

    func context(_ table: ReportTable) -> [String: Any] {
        let numeric = table.columns.indices.map { index in
            (table.rows + (table.total.map { [$0] } ?? [])).allSatisfy { WebText.isNumeric($0.values[index]) }
        }
        func row(_ row: ReportTable.Row, isTotal: Bool) -> [String: Any] {
            var context: [String: Any] = [
                "group": row.group, "path": row.pathText, "depth": row.path.count - 1, "indent": (row.path.count - 1) * 16,
                "subtotal": !isTotal && row.path.count < table.levels.count,
                "cells": zip(table.columns, row.values).enumerated().map { index, pair -> [String: Any] in
                    // `href: false` stops Mustache from taking the row's link for every cell.
                    var cell: [String: Any] = ["key": pair.0.key, "text": WebText.text(pair.1), "numeric": numeric[index], "href": false]
                    if !isTotal, let href = cellLink(row.path, pair.0.key) { cell["href"] = href }
                    return cell
                },
            ]
            let link: Any = isTotal ? false : rowLink(row.path).map { $0 as Any } ?? false
            context["href"] = link
            return context
        }
        var context: [String: Any] = [
            "key": table.key, "title": table.title, "group_title": table.groupTitle,
            "columns": table.columns.enumerated().map { ["key": $1.key, "title": $1.title, "numeric": numeric[$0]] },
            "rows": table.rows.map { row($0, isTotal: false) },
            "notes": table.notComparable.map(\.text),
            "empty": table.rows.isEmpty,
        ]
        if let total = table.total { context["total"] = row(total, isTotal: true) }
        return context
    }
}
