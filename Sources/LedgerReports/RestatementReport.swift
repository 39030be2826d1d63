public import LedgerCore
public import LedgerProjections

/// A restatement for people and machines: whether the closed report still reproduces, what
/// moved by cause and channel (the causes add up to the total), and closed against now.
public struct RestatementReport: Sendable {
    public var period: String
    public var closeSeq: Int64
    public var sealedDigest: String
    public var reproducedDigest: String
    public var ruleSetThen: String
    public var ruleSetNow: String
    public var window: (from: LedgerDate, to: LedgerDate)
    public var headSeq: Int64
    public var headHash: String
    public var restatement: Restatement
    /// Every figure of every view that moved, by cause.
    public var figures: FigureRestatement

    public init(period: String, closeSeq: Int64, sealedDigest: String, reproducedDigest: String, ruleSetThen: String, ruleSetNow: String,
                window: (from: LedgerDate, to: LedgerDate), headSeq: Int64, headHash: String, restatement: Restatement, figures: FigureRestatement) {
        self.period = period
        self.closeSeq = closeSeq
        self.sealedDigest = sealedDigest
        self.reproducedDigest = reproducedDigest
        self.ruleSetThen = ruleSetThen
        self.ruleSetNow = ruleSetNow
        self.window = window
        self.headSeq = headSeq
        self.headHash = headHash
        self.restatement = restatement
        self.figures = figures
    }

    public var isReproduced: Bool { sealedDigest == reproducedDigest }

    public var tables: [ReportTable] {
        let moved = ReportTable(
            key: "restatement.causes", title: "What moved since the close, by cause (the causes add up to the total)", groupTitle: "cause",
            columns: [.init("channel", "channel"), .init("pipeline", "pipeline moved"), .init("revenue", "revenue moved")],
            rows: restatement.movements.map { .init($0.cause, [.text($0.channel), .money($0.pipeline), .money($0.revenue)]) },
            total: .init("total", [.text(""), .money(Money(units: restatement.movements.reduce(0) { $0 + $1.pipeline.units })),
                                   .money(Money(units: restatement.movements.reduce(0) { $0 + $1.revenue.units }))]))
        let channels = Set(restatement.before.keys).union(restatement.after.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        func row(_ group: String, _ a: Restatement.Amounts, _ b: Restatement.Amounts) -> ReportTable.Row {
            .init(group, [.money(Money(units: a.pipeline)), .money(Money(units: b.pipeline)), .money(Money(units: b.pipeline - a.pipeline)),
                          .money(Money(units: a.revenue)), .money(Money(units: b.revenue)), .money(Money(units: b.revenue - a.revenue))])
        }
        func sum(_ totals: Restatement.Totals) -> Restatement.Amounts {
            totals.values.reduce(into: Restatement.Amounts()) { $0.pipeline += $1.pipeline; $0.revenue += $1.revenue }
        }
        let side = ReportTable(
            key: "restatement.channels", title: "Closed against now, by channel", groupTitle: "channel",
            columns: [.init("pipeline_closed", "pipeline closed"), .init("pipeline_now", "now"), .init("pipeline_delta", "delta"),
                      .init("revenue_closed", "revenue closed"), .init("revenue_now", "now"), .init("revenue_delta", "delta")],
            rows: channels.map { row($0, restatement.before[$0] ?? .init(), restatement.after[$0] ?? .init()) },
            total: row("total", sum(restatement.before), sum(restatement.after)))
        return [moved, side, figures.table]
    }

    var headerLines: [String] {
        [
            "roiledger restatement of \(period) (\(window.from) to \(window.to)), closed at seq \(closeSeq); now: head seq \(headSeq), hash \(headHash)",
            "rule set then: \(ruleSetThen); now: \(ruleSetNow)",
            isReproduced
                ? "the report as of the close reproduces the sealed digest \(sealedDigest)"
                : "WARNING: the report as of the close has digest \(reproducedDigest), not the sealed \(sealedDigest)",
        ]
    }

    public var content: JSONValue {
        .object(JSONObject([
            .init(key: "report", value: .string("restatement")),
            .init(key: "period", value: .string(period)),
            .init(key: "window", value: .object(JSONObject([.init(key: "from", value: .string(window.from.description)),
                                                            .init(key: "to", value: .string(window.to.description))]))),
            .init(key: "close_seq", value: .number(String(closeSeq))),
            .init(key: "sealed_digest", value: .string(sealedDigest)),
            .init(key: "reproduced", value: .bool(isReproduced)),
            .init(key: "rule_set_then", value: .string(ruleSetThen)),
            .init(key: "rule_set_now", value: .string(ruleSetNow)),
            .init(key: "head_seq", value: .number(String(headSeq))),
            .init(key: "head_hash", value: .string(headHash)),
            .init(key: "tables", value: .array(tables.map(\.json))),
            .init(key: "figures", value: figures.json),
        ]))
    }

    public func renderJSON() -> String {
        guard case .object(var object) = content else { return "" }
        object["digest"] = .string(ContentDigest.sha256(content.canonicalText))
        return JSONValue.object(object).canonicalText + "\n"
    }

    public func renderTable() -> String {
        ([headerLines.joined(separator: "\n") + "\n"] + tables.map { $0.renderText() }).joined(separator: "\n")
    }

    /// One long table (`LongCSV`): the restatement's header facts as provenance rows.
    public func renderCSV() -> String {
        var fields: [(String, String)] = [
            ("period", period), ("window_from", window.from.description), ("window_to", window.to.description),
            ("close_seq", String(closeSeq)), ("sealed_digest", sealedDigest), ("reproduced", isReproduced ? "true" : "false"),
            ("rule_set_then", ruleSetThen), ("rule_set_now", ruleSetNow), ("head_seq", String(headSeq)), ("head_hash", headHash),
        ]
        fields.append(("digest", ContentDigest.sha256(content.canonicalText)))
        return LongCSV.render(provenance: fields, tables: tables)
    }
}
