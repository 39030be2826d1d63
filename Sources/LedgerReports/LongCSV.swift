import LedgerCore

/// CSV a spreadsheet loads as one sheet: every figure of every table as one row of the same four
/// columns, `table,group,column,value`, exact decimals. The provenance comes first as rows of
/// the table `provenance` (`group` empty, `column` the field, `value` its value), so a sheet
/// carries what it was computed from and its digest without comment lines.
public enum LongCSV {
    public static let header = "table,group,column,value"

    public static func render(provenance: [(String, String)], tables: [ReportTable]) -> String {
        var lines = [header]
        for (key, value) in provenance { lines.append(row("provenance", "", key, value)) }
        for table in tables {
            for row in table.rows + (table.total.map { [$0] } ?? []) {
                for (column, value) in zip(table.columns, row.values) {
                    lines.append(Self.row(table.key, row.pathText, column.key, ReportTable.exact(value)))
                }
            }
            for change in table.notComparable { lines.append(Self.row(table.key, "", "not_comparable", change.text)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ fields: String...) -> String {
        fields.map(CSV.field).joined(separator: ",")
    }

    /// One table as its own wide CSV (a row per group, a column per figure), for `--out DIR`.
    public static func file(_ table: ReportTable) -> String {
        table.renderCSV()
    }

    /// Provenance fields as a two-column CSV (`field,value`), for `--out DIR`.
    public static func provenanceFile(_ fields: [(String, String)]) -> String {
        (["field,value"] + fields.map { row($0.0, $0.1) }).joined(separator: "\n") + "\n"
    }
}

extension Provenance {
    /// The provenance as field/value pairs, in a fixed order, with the digest last.
    public func fields(digest: String) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("window_from", window.from.description), ("window_to", window.to.description),
        ]
        if let timeZone { fields.append(("time_zone", timeZone)) }
        fields += [
            ("head_seq", String(headSeq)), ("head_hash", headHash),
        ]
        if let asOf { fields.append(("as_of", asOf)) }
        fields += [("rule_set", ruleSetName)]
        if let ruleSetVersion { fields.append(("rule_set_version", String(ruleSetVersion))) }
        fields += [
            ("rule_set_source", ruleSetSource), ("rule_set_hash", ruleSetHash),
            ("models", models.map(\.rawValue).joined(separator: " ")), ("level", level.rawValue), ("group_by", groupBy),
            ("views", views.map(\.rawValue).joined(separator: " ")), ("program", program), ("digest", digest),
        ]
        return fields
    }
}

extension Report {
    /// One long table (`LongCSV`).
    public func renderCSV() -> String {
        LongCSV.render(provenance: provenance.fields(digest: digest), tables: tables)
    }

    /// One CSV per table, named after it (`attribution.csv`, `roi.cost_per_step.csv`), and
    /// `provenance.csv`: file name to content.
    public func csvFiles() -> [(name: String, content: String)] {
        [("provenance.csv", LongCSV.provenanceFile(provenance.fields(digest: digest)))] + tables.map { ("\($0.key).csv", LongCSV.file($0)) }
    }
}
