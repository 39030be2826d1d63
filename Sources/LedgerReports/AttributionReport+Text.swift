public import LedgerCore
import LedgerProjections

extension AttributionReport {
    /// An aligned table with totals, preceded by the provenance and followed by completeness.
    /// Money rounds half-even to cents for display only; JSON and CSV carry exact decimals.
    public func renderTable() -> String {
        var lines = provenanceLines()
        var columns: [(String, TextTable.Alignment)] = [(groupTitle, .left)]
        for model in provenance.models {
            columns += [("\(model.rawValue) pipeline", .right), ("deals", .right), ("\(model.rawValue) revenue", .right), ("deals", .right)]
        }
        var table = TextTable(columns)
        for row in rows { table.append([row.group] + row.cells.flatMap(Self.cellTexts)) }
        table.appendRule()
        table.append(["total"] + totals.flatMap(Self.cellTexts))
        lines.append("")
        lines.append(table.render())
        lines.append(completenessLine())
        return lines.joined(separator: "\n") + "\n"
    }

    private var groupTitle: String { provenance.groupBy }

    private static func cellTexts(_ cell: Cell) -> [String] {
        [MoneyText.cents(cell.pipeline), String(cell.pipelineDeals), MoneyText.cents(cell.revenue), String(cell.revenueDeals)]
    }

    public func provenanceLines() -> [String] {
        let version = provenance.ruleSetVersion.map { " v\($0)" } ?? ""
        return [
            "attribution report, \(provenance.window.from) to \(provenance.window.to) (UTC, inclusive), grouped by \(provenance.groupBy), \(provenance.level.rawValue) level",
            "ledger: head seq \(provenance.headSeq), hash \(provenance.headHash)" + (provenance.asOf.map { ", as of \($0)" } ?? ""),
            "rule set: \(provenance.ruleSetName)\(version) (\(provenance.ruleSetSource)), sha256 \(provenance.ruleSetHash)",
            "models: \(provenance.models.map(\.rawValue).joined(separator: ", ")); \(provenance.program); digest \(digest)",
        ]
    }

    func completenessLine() -> String {
        let c = completeness
        return "data completeness: \(c.unmappedTouches) of \(c.touches) touches unmapped (\(Self.percent(c.unmappedTouches, c.touches))), "
            + "\(c.duplicateTouchesDropped) duplicate touches dropped, \(c.opportunitiesWithNoTouch) of \(c.opportunities) opportunities with no touch (\(Self.percent(c.opportunitiesWithNoTouch, c.opportunities)))"
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "0.0%" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// CSV: a header and one line per group and model, exact decimals; provenance and digest
    /// as leading `#` comment lines.
    public func renderCSV() -> String {
        var lines = provenanceLines().map { "# " + $0 }
        lines.append("# " + completenessLine())
        lines.append("\(CSV.field(provenance.groupBy)),model,pipeline,pipeline_deals,revenue,revenue_deals")
        for row in rows {
            for (model, cell) in zip(provenance.models, row.cells) {
                lines.append([CSV.field(row.group), model.rawValue, cell.pipeline.description, String(cell.pipelineDeals),
                              cell.revenue.description, String(cell.revenueDeals)].joined(separator: ","))
            }
        }
        for (model, cell) in zip(provenance.models, totals) {
            lines.append(["(total)", model.rawValue, cell.pipeline.description, String(cell.pipelineDeals),
                          cell.revenue.description, String(cell.revenueDeals)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// CSV quoting (RFC 4180).
enum CSV {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}

/// Money for people: rounded half-even to cents, with thousands separators.
public enum MoneyText {
    public static func cents(_ money: Money) -> String {
        let units = money.units
        var cents = units / 100
        let remainder = units % 100
        if abs(remainder) > 50 || (abs(remainder) == 50 && cents % 2 != 0) { cents += units < 0 ? -1 : 1 }
        let magnitude = cents.magnitude
        let whole = String(magnitude / 100)
        var grouped = ""
        for (offset, character) in whole.enumerated() {
            if offset > 0, (whole.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
