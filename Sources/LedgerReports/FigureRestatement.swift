public import LedgerCore

/// Every figure of every view a restatement moved, with its value as closed and now and the
/// part of the delta each cause made.
///
/// The reports are the ledger's states on the way from the close to now (`Restatement.steps`);
/// each cause's part is the difference between its step and the one before, so the parts
/// telescope to the figure's delta: exactly for amounts and counts, and for ratios and shares at
/// the 4 decimals they are printed with (each step's value is rounded before it is subtracted).
/// A verdict that changed lists each change.
public struct FigureRestatement: Sendable {
    public struct Figure: Sendable, Equatable {
        public var table: String
        /// The row's path (`paid_search`, `paid_search / brand`).
        public var group: String
        public var metric: String
        public var metricTitle: String
        public var closed: ReportTable.Value
        public var now: ReportTable.Value
        public var delta: ReportTable.Value?
        /// The causes that moved it, in order, with their part of the delta.
        public var causes: [(cause: String, delta: ReportTable.Value?)]

        public static func == (lhs: Figure, rhs: Figure) -> Bool {
            lhs.table == rhs.table && lhs.group == rhs.group && lhs.metric == rhs.metric && lhs.closed == rhs.closed && lhs.now == rhs.now
                && lhs.causes.map(\.cause) == rhs.causes.map(\.cause) && lhs.causes.map(\.delta) == rhs.causes.map(\.delta)
        }
    }

    /// In table order (the closed report's, then tables only now has), then row and column order.
    public var figures: [Figure]

    /// `steps`: the closed report first (its cause unused), then one report per cause.
    public init(steps: [(cause: String, report: Report)]) {
        precondition(!steps.isEmpty, "a restatement starts from the closed report")
        let tables = steps.map { step in Dictionary(step.report.tables.map { ($0.key, $0) }) { first, _ in first } }
        var keys = steps[0].report.tables.map(\.key)
        for step in steps.dropFirst() { for table in step.report.tables where !keys.contains(table.key) { keys.append(table.key) } }
        var figures: [Figure] = []
        for key in keys {
            // The chain of each figure: the lines of each step against the one before.
            let links = zip(tables, tables.dropFirst()).map { Comparison.compare($0[key], $1[key]).lines }
            let whole = Comparison.compare(tables.first![key], tables.last![key]).lines
            var order: [String] = []
            var parts: [String: [(String, ReportTable.Value?)]] = [:]
            for (index, lines) in links.enumerated() {
                for line in lines where line.differs {
                    let id = line.group + "\u{1F}" + line.metric
                    if parts[id] == nil { order.append(id) }
                    parts[id, default: []].append((steps[index + 1].cause, line.delta))
                }
            }
            for line in whole {
                let id = line.group + "\u{1F}" + line.metric
                guard let causes = parts[id] else { continue }
                figures.append(Figure(table: key, group: line.group, metric: line.metric, metricTitle: line.metricTitle, closed: line.a,
                                      now: line.b, delta: line.delta, causes: causes))
                parts[id] = nil
            }
            // A figure that moved and came back is listed too: its causes cancel.
            for id in order {
                guard let causes = parts[id] else { continue }
                let split = id.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
                // The row exists only mid-way: closed and now it is absent (a zero row).
                let row = split[0] == "total" ? tables.first![key]?.total : tables.first![key]?.rows.first { $0.pathText == split[0] }
                let value = Comparison.value(row, column: split[1], in: tables.first![key])
                    ?? causes.first?.1.map { Comparison.absent(column: split[1], in: tables.first![key], like: $0) }
                figures.append(Figure(table: key, group: split[0], metric: split[1], metricTitle: split[1], closed: value ?? .text(""),
                                      now: value ?? .text(""), delta: value.flatMap { Comparison.delta($0, $0) }, causes: causes))
            }
        }
        self.figures = figures
    }

    /// The figures as one table for people: table and row, figure, closed, now, delta and each
    /// cause's part.
    public var table: ReportTable {
        ReportTable(
            key: "restatement.figures", title: "Every restated figure, by cause (each figure's causes add up to its delta)", groupTitle: "table: row",
            columns: [.init("figure", "figure"), .init("closed", "closed"), .init("now", "now"), .init("delta", "delta"), .init("causes", "by cause")],
            rows: figures.map { figure in
                .init("\(figure.table): \(figure.group)", [
                    .text(figure.metricTitle), .text(ReportTable.text(figure.closed)), .text(ReportTable.text(figure.now)),
                    .text(figure.delta.map(Comparison.signed) ?? "n/a"),
                    .text(figure.causes.map { "\($0.cause) \($0.delta.map(Comparison.signed) ?? "n/a")" }.joined(separator: "; ")),
                ])
            })
    }

    public var json: JSONValue {
        .array(figures.map { figure in
            .object(JSONObject([
                .init(key: "table", value: .string(figure.table)),
                .init(key: "group", value: .string(figure.group)),
                .init(key: "metric", value: .string(figure.metric)),
                .init(key: "closed", value: ReportTable.json(figure.closed)),
                .init(key: "now", value: ReportTable.json(figure.now)),
                .init(key: "delta", value: figure.delta.map(ReportTable.json) ?? .null),
                .init(key: "causes", value: .array(figure.causes.map { cause in
                    .object(JSONObject([.init(key: "cause", value: .string(cause.cause)), .init(key: "delta", value: cause.delta.map(ReportTable.json) ?? .null)]))
                })),
            ]))
        })
    }
}
