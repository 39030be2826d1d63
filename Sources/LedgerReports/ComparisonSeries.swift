public import LedgerCore

/// A comparison per period of the calendar plus the window's (`compare --every month`): the
/// same two sides over each period, each side's period under its own rule set unless named.
public struct ComparisonSeries: Sendable {
    public struct Period: Sendable {
        public var name: String
        public var from: LedgerDate
        public var to: LedgerDate
        public var isPartial: Bool
        public var comparison: Comparison

        public init(name: String, from: LedgerDate, to: LedgerDate, isPartial: Bool, comparison: Comparison) {
            self.name = name
            self.from = from
            self.to = to
            self.isPartial = isPartial
            self.comparison = comparison
        }
    }

    public var every: ReportingCalendar.Unit
    public var calendar: ReportingCalendar
    public var periods: [Period]
    public var total: Comparison

    public init(every: ReportingCalendar.Unit, calendar: ReportingCalendar, periods: [Period], total: Comparison) {
        self.every = every
        self.calendar = calendar
        self.periods = periods
        self.total = total
    }

    /// The document without its digest (`schemas/compare-series.schema.json`).
    public var content: JSONValue {
        func member(_ key: String, _ value: JSONValue) -> JSONObject.Member { .init(key: key, value: value) }
        let calendar = Series(every: every, calendar: calendar, periods: [], total: total.a.report, detail: false, named: nil).calendarJSON
        return .object(JSONObject([
            member("report", .string("compare_series")),
            member("every", .string(every.rawValue)),
            member("calendar", calendar),
            member("periods", .array(periods.map { period in
                .object(JSONObject([
                    member("period", .string(period.name)), member("from", .string(period.from.description)), member("to", .string(period.to.description)),
                    member("partial", .bool(period.isPartial)), member("comparison", period.comparison.document),
                ]))
            })),
            member("total", total.document),
        ]))
    }

    public var digest: String { ContentDigest.sha256(content.canonicalText) }

    public func renderJSON() -> String {
        guard case .object(var object) = content else { return "" }
        object["digest"] = .string(digest)
        return JSONValue.object(object).canonicalText + "\n"
    }

    /// The window's header, then each period's tables under its name, then the window's.
    public func renderTable(changedOnly: Bool = false) -> String {
        var parts = [(["roiledger compare series: every \(every.rawValue), \(periods.count) periods; digest \(digest)"] + total.headerLines())
            .joined(separator: "\n") + "\n"]
        for period in periods {
            let body = period.comparison.bodyParts(changedOnly: changedOnly)
            parts.append("== \(period.name): \(period.from) to \(period.to)\(period.isPartial ? " (partial)" : ""); A \(period.comparison.a.report.provenance.ruleSetLabel), "
                         + "B \(period.comparison.b.report.provenance.ruleSetLabel); digest \(period.comparison.digest) ==\n")
            parts += body.isEmpty ? ["no figure differs\n"] : body
        }
        let body = total.bodyParts(changedOnly: changedOnly)
        parts.append("== total: \(total.a.report.provenance.window.from) to \(total.a.report.provenance.window.to); digest \(total.digest) ==\n")
        parts += body.isEmpty ? ["no figure differs\n"] : body
        return parts.joined(separator: "\n")
    }

    /// One sheet as `compare` prints it, each period's tables as `PERIOD/TABLE`, the window's as
    /// `total/TABLE`.
    public func renderCSV(changedOnly: Bool = false) -> String {
        let header = total.renderCSV(changedOnly: true).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("table,") || $0.hasPrefix("provenance,") }.map(String.init)
        var lines = header + ["provenance,,every,\(every.rawValue),\(every.rawValue),,", "provenance,,series_digest,\(digest),\(digest),,"]
        for period in periods { lines += period.comparison.bodyCSV(changedOnly: changedOnly, prefix: period.name + "/") }
        lines += total.bodyCSV(changedOnly: changedOnly, prefix: "total/")
        return lines.joined(separator: "\n") + "\n"
    }
}
