public import LedgerCore
import LedgerProjections

/// A report per period of the calendar plus the window's total, from one replay: the trend
/// tables (each table's total row, one row per period), then each period's report.
///
/// Each period is reported under the rule set in force in it, unless one rule set was named for
/// all; then periods that had another in force are marked restated under it. Where the rule set
/// changed inside the window the trend tables it can move carry the change as a footnote.
public struct Series: Sendable {
    public struct Period: Sendable {
        /// `2026-03`, `2026-Q1` (fiscal), `2026` (fiscal year) or the first day of a week.
        public var name: String
        /// The period's days within the window.
        public var from: LedgerDate
        public var to: LedgerDate
        /// Whether the window cuts the period short.
        public var isPartial: Bool
        public var report: Report
        /// The rule set the log had in force on the period's last day.
        public var inForce: String

        public init(name: String, from: LedgerDate, to: LedgerDate, isPartial: Bool, report: Report, inForce: String) {
            self.name = name
            self.from = from
            self.to = to
            self.isPartial = isPartial
            self.report = report
            self.inForce = inForce
        }

        /// The rule set the period was reported under.
        public var applied: String { report.provenance.ruleSetLabel }
    }

    public var every: ReportingCalendar.Unit
    public var calendar: ReportingCalendar
    public var periods: [Period]
    /// The window's report, under the rule set of its end (or the one named).
    public var total: Report
    /// Whether every period's tables are part of the document (`--every`), or only the trend
    /// tables (`--by month`).
    public var detail: Bool
    /// One rule set named for every period (nil: each period's own).
    public var named: String?

    public init(every: ReportingCalendar.Unit, calendar: ReportingCalendar, periods: [Period], total: Report, detail: Bool, named: String?) {
        self.every = every
        self.calendar = calendar
        self.periods = periods
        self.total = total
        self.detail = detail
        self.named = named
    }

    /// Changes of the rule set in force inside the window; with each period under its own rule
    /// set, the periods on either side of one are not comparable (`applied` names no rule set).
    public var ruleChanges: [RuleChange] {
        total.ruleChanges.map { change in
            var change = change
            change.applied = named
            return change
        }
    }

    /// Tables whose total row is a headline worth a trend; the cohort tables and the
    /// self-reported matrices are by their nature already per group of something else.
    static func trends(_ key: String) -> Bool {
        !["funnel.by_lead_month", "funnel.by_close_month", "funnel.reconciliation"].contains(key) && !key.hasPrefix("self_reported.")
    }

    /// Each table of the total report that has a total row, as a row per period and the
    /// window's total; a `rule_set` column when periods were reported under different rule
    /// sets or restated.
    public var byPeriod: [ReportTable] {
        let labelled = Set(periods.map(\.applied)).count > 1 || periods.contains { $0.inForce != $0.applied && named != nil }
        func ruleSet(_ period: Period) -> [ReportTable.Value] {
            guard labelled else { return [] }
            if named != nil, period.inForce != period.applied { return [.text("\(period.applied) (restated; in force: \(period.inForce))")] }
            return [.text(period.applied)]
        }
        let periodTables = periods.map { period in Dictionary(period.report.tables.map { ($0.key, $0) }) { first, _ in first } }
        return total.tables.compactMap { table -> ReportTable? in
            guard let totalRow = table.total, Self.trends(table.key) else { return nil }
            func values(_ other: ReportTable?) -> [ReportTable.Value] {
                table.columns.enumerated().map { index, column in
                    if let other, let row = other.total, let at = other.columns.firstIndex(where: { $0.key == column.key }) { return row.values[at] }
                    return Comparison.absent(like: totalRow.values[index])
                }
            }
            var rows: [ReportTable.Row] = []
            for (index, period) in periods.enumerated() {
                rows.append(.init(period.name + (period.isPartial ? " (partial)" : ""), values(periodTables[index][table.key]) + ruleSet(period)))
            }
            let totalLabel: [ReportTable.Value] = labelled ? [.text(total.provenance.ruleSetLabel)] : []
            var trend = ReportTable(key: "\(table.key).by_\(every.rawValue)", title: "\(table.title), by \(every.rawValue)", groupTitle: every.rawValue,
                                    columns: table.columns + (labelled ? [.init("rule_set", "rule set")] : []), rows: rows,
                                    total: .init("total", totalRow.values + totalLabel))
            trend.notComparable = ruleChanges.filter { $0.affects(table.key) }
            return trend
        }
    }

    public var calendarJSON: JSONValue {
        .object(JSONObject([
            .init(key: "fiscal_year_start_month", value: .number(String(calendar.fiscalYearStartMonth))),
            .init(key: "fiscal_year_named_by", value: .string(calendar.fiscalYearNamedBy.rawValue)),
            .init(key: "week_start", value: .string(calendar.weekStart.rawValue)),
            .init(key: "time_zone", value: .string(calendar.timeZone)),
        ]))
    }

    /// The document without its digest (`schemas/series.schema.json`).
    public var content: JSONValue {
        func member(_ key: String, _ value: JSONValue) -> JSONObject.Member { .init(key: key, value: value) }
        var members = [
            member("report", .string("series")),
            member("every", .string(every.rawValue)),
            member("calendar", calendarJSON),
            member("provenance", total.provenance.json),
        ]
        if !ruleChanges.isEmpty { members.append(member("rule_changes", .array(ruleChanges.map(\.json)))) }
        members.append(member("by_period", .array(byPeriod.map(\.json))))
        members.append(member("periods", .array(periods.map { period in
            var fields = [
                member("period", .string(period.name)), member("from", .string(period.from.description)), member("to", .string(period.to.description)),
                member("partial", .bool(period.isPartial)), member("rule_set", .string(period.applied)), member("in_force", .string(period.inForce)),
                member("restated", .bool(named != nil && period.inForce != period.applied)), member("digest", .string(period.report.digest)),
            ]
            if detail { fields.append(member("report", period.report.document)) }
            return .object(JSONObject(fields))
        })))
        var totalFields = [member("digest", .string(total.digest))]
        if detail { totalFields.append(member("report", total.document)) }
        members.append(member("total", .object(JSONObject(totalFields))))
        return .object(JSONObject(members))
    }

    public var digest: String { ContentDigest.sha256(content.canonicalText) }

    public func renderJSON() -> String {
        guard case .object(var object) = content else { return "" }
        object["digest"] = .string(digest)
        return JSONValue.object(object).canonicalText + "\n"
    }

    /// The header, the trend tables, then (with detail) each period's tables and the window's.
    public func renderTable() -> String {
        let views = total.provenance.views.map(\.rawValue).joined(separator: ", ")
        var header = total.provenance.lines(digest: digest, title: "roiledger series: \(views); every \(every.rawValue)")
        header.append("calendar: \(calendarText); \(periods.count) periods" + (named.map { "; every period under \($0)" } ?? "; each period under the rule set in force in it"))
        var parts = [header.joined(separator: "\n") + "\n"]
        parts += byPeriod.map { $0.renderText() }
        if detail {
            for period in periods {
                parts.append("== \(period.name): \(period.from) to \(period.to)\(period.isPartial ? " (partial)" : ""); rule set \(period.applied); digest \(period.report.digest) ==\n")
                parts += period.report.tables.map { $0.renderText() }
            }
            parts.append("== total: \(total.provenance.window.from) to \(total.provenance.window.to); rule set \(total.provenance.ruleSetLabel); digest \(total.digest) ==\n")
            parts += total.tables.map { $0.renderText() }
        }
        return parts.joined(separator: "\n")
    }

    var calendarText: String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "fiscal year from \(months[calendar.fiscalYearStartMonth - 1])" + (calendar.fiscalYearStartMonth == 1 ? "" : " (named by its \(calendar.fiscalYearNamedBy.rawValue) year)")
            + ", weeks from \(calendar.weekStart.rawValue.prefix(1).uppercased() + calendar.weekStart.rawValue.dropFirst()), \(calendar.timeZone)"
    }

    /// One long CSV: the provenance, the trend tables, then (with detail) every period's tables
    /// as `PERIOD/TABLE` and the window's as `total/TABLE`.
    public func renderCSV() -> String {
        var tables = byPeriod
        if detail {
            for period in periods { tables += period.report.tables.map { Self.prefixed($0, period.name) } }
            tables += total.tables.map { Self.prefixed($0, "total") }
        }
        var fields = total.provenance.fields(digest: digest)
        fields.insert(("every", every.rawValue), at: fields.count - 1)
        return LongCSV.render(provenance: fields, tables: tables)
    }

    /// One CSV per trend table (and, with detail, per period's table), and `provenance.csv`.
    public func csvFiles() -> [(name: String, content: String)] {
        var files = [("provenance.csv", LongCSV.provenanceFile(total.provenance.fields(digest: digest)))]
        files += byPeriod.map { ("\($0.key).csv", LongCSV.file($0)) }
        if detail {
            for period in periods { files += period.report.tables.map { ("\(period.name)/\($0.key).csv", LongCSV.file($0)) } }
        }
        return files
    }

    static func prefixed(_ table: ReportTable, _ prefix: String) -> ReportTable {
        var table = table
        table.key = prefix + "/" + table.key
        return table
    }
}

extension Provenance {
    /// `name@version`, or the file's or shipped default's name.
    public var ruleSetLabel: String { ruleSetVersion.map { "\(ruleSetName)@\($0)" } ?? ruleSetName }
}
