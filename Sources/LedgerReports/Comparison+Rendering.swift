public import LedgerCore
import LedgerProjections

extension Comparison {
    /// The content as JSON, without its digest (`schemas/compare.schema.json`).
    public var content: JSONValue {
        func side(_ side: Side) -> JSONValue {
            let changes = side.report.ruleChanges
            return .object(JSONObject([
                .init(key: "label", value: .string(side.label)),
                .init(key: "provenance", value: side.report.provenance.json),
                .init(key: "digest", value: .string(side.digest)),
            ] + (changes.isEmpty ? [] : [.init(key: "rule_changes", value: .array(changes.map(\.json)))])))
        }
        func line(_ line: Line) -> JSONValue {
            .object(JSONObject([
                .init(key: "group", value: .string(line.group)),
                .init(key: "metric", value: .string(line.metric)),
                .init(key: "a", value: ReportTable.json(line.a)),
                .init(key: "b", value: ReportTable.json(line.b)),
                .init(key: "delta", value: line.delta.map(ReportTable.json) ?? .null),
                .init(key: "change", value: line.change.map { .string($0.decimal(places: 4)) } ?? .null),
            ]))
        }
        return .object(JSONObject([
            .init(key: "report", value: .string("compare")),
            .init(key: "a", value: side(a)),
            .init(key: "b", value: side(b)),
            .init(key: "tables", value: .array(tables.map { table in
                .object(JSONObject([
                    .init(key: "key", value: .string(table.key)),
                    .init(key: "title", value: .string(table.title)),
                    .init(key: "group_by", value: .string(table.groupTitle)),
                    .init(key: "lines", value: .array(table.lines.map(line))),
                ]))
            })),
        ]))
    }

    public var digest: String { ContentDigest.sha256(content.canonicalText) }

    public func renderJSON() -> String {
        document.canonicalText + "\n"
    }

    /// Content plus digest.
    public var document: JSONValue {
        guard case .object(var object) = content else { return content }
        object["digest"] = .string(digest)
        return .object(object)
    }

    /// Both provenances, then per table one line per group and figure: A, B, delta, change.
    /// `changedOnly` leaves out the figures that are equal on both sides.
    public func renderTable(changedOnly: Bool = false) -> String {
        var parts = [headerLines().joined(separator: "\n") + "\n"] + bodyParts(changedOnly: changedOnly)
        if changedOnly, parts.count == 1 { parts.append("no figure differs\n") }
        return parts.joined(separator: "\n")
    }

    /// The tables without the header, and a footnote per side whose window spans a change of
    /// rule set.
    func bodyParts(changedOnly: Bool) -> [String] {
        var parts: [String] = []
        for (name, side) in [("A", a), ("B", b)] {
            for change in side.report.ruleChanges { parts.append("† \(name): \(change.text)\n") }
        }
        for table in tables {
            let lines = table.lines.filter { !changedOnly || $0.differs }
            guard !lines.isEmpty else { continue }
            var text = TextTable([(table.groupTitle, .left), ("figure", .left), ("A", .right), ("B", .right), ("delta", .right), ("change", .right)])
            var previous: String?
            for line in lines {
                text.append([line.group == previous ? "" : line.group, line.metricTitle, ReportTable.text(line.a), ReportTable.text(line.b),
                             line.delta.map(Self.signed) ?? "n/a", line.change.map(Self.percentChange) ?? ""])
                previous = line.group
            }
            parts.append(table.title + "\n" + text.render())
        }
        return parts
    }

    /// CSV a spreadsheet loads as one sheet: `table,group,metric,a,b,delta,change` with exact
    /// decimals; the two sides' provenance first, as rows of the table `provenance` (`metric`
    /// the field, `a` and `b` its value on each side), and the comparison's digest.
    public func renderCSV(changedOnly: Bool = false) -> String {
        var lines = ["table,group,metric,a,b,delta,change"]
        func row(_ fields: [String]) -> String { fields.map(CSV.field).joined(separator: ",") }
        lines.append(row(["provenance", "", "label", a.label, b.label, "", ""]))
        let left = a.report.provenance.fields(digest: a.digest)
        let right = Dictionary(b.report.provenance.fields(digest: b.digest), uniquingKeysWith: { first, _ in first })
        var keys = left.map(\.0)
        for (key, _) in b.report.provenance.fields(digest: b.digest) where !keys.contains(key) { keys.append(key) }
        let leftValues = Dictionary(left, uniquingKeysWith: { first, _ in first })
        for key in keys { lines.append(row(["provenance", "", key, leftValues[key] ?? "", right[key] ?? "", "", ""])) }
        lines.append(row(["provenance", "", "comparison_digest", digest, digest, "", ""]))
        lines += bodyCSV(changedOnly: changedOnly)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The CSV rows of the tables, each table's key after `prefix`.
    func bodyCSV(changedOnly: Bool, prefix: String = "") -> [String] {
        func row(_ fields: [String]) -> String { fields.map(CSV.field).joined(separator: ",") }
        var lines: [String] = []
        for (name, side) in [("a", a), ("b", b)] {
            for change in side.report.ruleChanges { lines.append(row([prefix + "rule_changes", name, "not_comparable", change.text, "", "", ""])) }
        }
        for table in tables {
            for line in table.lines where !changedOnly || line.differs {
                lines.append(row([prefix + table.key, line.group, line.metric, ReportTable.exact(line.a), ReportTable.exact(line.b),
                                  line.delta.map(ReportTable.exact) ?? "", line.change?.decimal(places: 4) ?? ""]))
            }
        }
        return lines
    }

    func headerLines() -> [String] {
        ["roiledger compare: A = \(a.label), B = \(b.label); digest \(digest)"]
            + a.report.provenance.lines(digest: a.digest, title: "A: \(a.report.provenance.views.map(\.rawValue).joined(separator: ", "))")
            + b.report.provenance.lines(digest: b.digest, title: "B: \(b.report.provenance.views.map(\.rawValue).joined(separator: ", "))")
    }

    /// A delta for people, with its sign (for front ends).
    public static func signedText(_ value: ReportTable.Value) -> String { signed(value) }

    /// A delta for people, with its sign.
    static func signed(_ value: ReportTable.Value) -> String {
        var text = ReportTable.text(value)
        if case .percent(let ratio?) = value {
            // A difference of two shares is in percentage points.
            text = Ratio.decimalText(ratio.scaled(places: 3), places: 1) + " pt"
        }
        let isPositive: Bool = switch value {
        case .money(let money): money.units > 0
        case .optionalMoney(let money): (money?.units ?? 0) > 0
        case .count(let count): count > 0
        case .ratio(let ratio), .percent(let ratio), .perDollar(let ratio): (ratio?.numerator ?? 0) > 0
        case .days(let tenths): (tenths ?? 0) > 0
        case .text: false
        }
        return isPositive ? "+" + text : text
    }

    static func percentChange(_ ratio: Ratio) -> String {
        let text = Ratio.decimalText(ratio.scaled(places: 3), places: 1) + "%"
        return ratio.numerator > 0 ? "+" + text : text
    }
}
