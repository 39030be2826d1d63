import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// Two reports side by side, every figure with its delta: two rule sets (`rules=default@1&rules=default@2`),
/// two models (`model=linear&model=markov`) or two as-of points, as `roiledger compare` takes them.
enum ComparePage {
    static func make(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: API.compareParameters + ["changed"], repeatable: ["rules", "as_of"])
        guard !query.all("rules").isEmpty || !query.all("as_of").isEmpty || query.all("model").count > 0 else {
            var page = Page(title: "Compare", template: "compare", context: ["empty": true])
            page.section = "compare"
            page.filters = nil
            return page
        }
        let comparison = try session.compare(try API.compareRequest(query))
        let changedOnly = query.string("changed") == "true"
        let tables = comparison.tables.map { table(from: $0, a: comparison.a.label, b: comparison.b.label, changedOnly: changedOnly) }
        var page = Page(title: "Compare", template: "compare", context: [
            "a": comparison.a.label, "b": comparison.b.label, "a_digest": comparison.a.digest, "b_digest": comparison.b.digest,
            "tables": tables.map { TableContext().context($0) },
            "changed": changedOnly,
        ])
        page.section = "compare"
        page.filters = nil
        page.show(comparison.a.report.provenance, digest: comparison.digest)
        let carried = request.query.filter { $0.name != "changed" }
        page.json = QueryString.path("/v1/compare", carried)
        page.csv = QueryString.path("/v1/compare", carried + [("format", "csv")])
        return page
    }

    /// One compared table as rows of group and figure: A, B, delta and change.
    static func table(from compared: Comparison.Table, a: String, b: String, changedOnly: Bool) -> ReportTable {
        let lines = compared.lines.filter { !changedOnly || $0.differs }
        return ReportTable(key: compared.key, title: compared.title, groupTitle: compared.groupTitle,
                           columns: [.init("metric", "figure"), .init("a", a), .init("b", b), .init("delta", "delta"), .init("change", "change")],
                           rows: lines.map { line in
                               ReportTable.Row(line.group, [.text(line.metricTitle), line.a, line.b, line.delta ?? .text(""), .percent(line.change)])
                           })
    }
}
