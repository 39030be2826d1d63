import LedgerCore
public import LedgerProjections

/// Two reports side by side (two rule sets, two models or two as-of points): every figure of
/// every table with its value in each, the delta and the percent change. Both reports keep their
/// provenance and digest, so each side can be reproduced alone with `report`.
public struct Comparison: Sendable {
    public struct Side: Sendable {
        /// What distinguishes this side (`rules-file old.json`, `model markov`, `as-of …`).
        public var label: String
        public var report: Report
        public var digest: String

        public init(label: String, report: Report) {
            self.label = label
            self.report = report
            digest = report.digest
        }
    }

    /// One figure of one row of one table, in both reports.
    public struct Line: Sendable, Equatable {
        public var group: String
        public var metric: String
        public var metricTitle: String
        public var a: ReportTable.Value
        public var b: ReportTable.Value
        /// B − A in the figure's own kind (percentage points for shares); nil when undefined.
        public var delta: ReportTable.Value?
        /// (B − A) / |A| for amounts and counts; nil when A is zero or the figure is a ratio.
        public var change: Ratio?

        /// Whether the two sides differ.
        public var differs: Bool { a != b }
    }

    public struct Table: Sendable, Equatable {
        public var key: String
        public var title: String
        public var groupTitle: String
        public var lines: [Line]
    }

    public var a: Side
    public var b: Side
    public var tables: [Table]

    public init(a: Side, b: Side) {
        self.a = a
        self.b = b
        let left = a.report.tables
        let right = b.report.tables
        var keys = left.map(\.key)
        for table in right where !keys.contains(table.key) { keys.append(table.key) }
        tables = keys.map { key in
            Self.compare(left.first { $0.key == key }, right.first { $0.key == key })
        }
    }

    static func compare(_ left: ReportTable?, _ right: ReportTable?) -> Table {
        let reference = (left ?? right)!
        // Titles name the side's model or thresholds ("w_shaped pipeline"): when the sides differ
        // there, a title says both, so side B's figures are never labelled with side A's model.
        func title(_ a: String?, _ b: String?) -> String {
            guard let a, let b, a != b else { return a ?? b ?? "" }
            return "A: \(a); B: \(b)"
        }
        var columns = left?.columns ?? []
        for column in right?.columns ?? [] where !columns.contains(where: { $0.key == column.key }) { columns.append(column) }
        func rows(_ table: ReportTable?) -> [ReportTable.Row] { (table?.rows ?? []) + (table?.total.map { [$0] } ?? []) }
        // Rows match on their whole path: nested, one campaign name may sit under two channels.
        var groups = rows(left).map(\.pathText)
        for row in rows(right) where !groups.contains(row.pathText) { groups.append(row.pathText) }
        var lines: [Line] = []
        for group in groups {
            let leftRow = rows(left).first { $0.pathText == group }
            let rightRow = rows(right).first { $0.pathText == group }
            for column in columns {
                let leftValue = value(leftRow, column: column.key, in: left)
                let rightValue = value(rightRow, column: column.key, in: right)
                let (a, b) = (leftValue ?? absent(column: column.key, in: left, like: rightValue!),
                              rightValue ?? absent(column: column.key, in: right, like: leftValue!))
                let metricTitle = title(left?.columns.first { $0.key == column.key }?.title, right?.columns.first { $0.key == column.key }?.title)
                lines.append(Line(group: group, metric: column.key, metricTitle: metricTitle, a: a, b: b,
                                  delta: delta(a, b), change: change(a, b)))
            }
        }
        return Table(key: reference.key, title: title(left?.title, right?.title), groupTitle: reference.groupTitle, lines: lines)
    }

    static func value(_ row: ReportTable.Row?, column: String, in table: ReportTable?) -> ReportTable.Value? {
        guard let row, let table, let index = table.columns.firstIndex(where: { $0.key == column }) else { return nil }
        return row.values[index]
    }

    /// What a group missing from one report stands for: the table's own absent row when it has
    /// one (a zero row's verdict is `no spend`, not empty), else no money, no count, nothing defined.
    static func absent(column: String, in table: ReportTable?, like value: ReportTable.Value) -> ReportTable.Value {
        if let table, let absent = table.absent, let index = table.columns.firstIndex(where: { $0.key == column }) {
            return absent[index]
        }
        return absent(like: value)
    }

    static func absent(like value: ReportTable.Value) -> ReportTable.Value {
        switch value {
        case .money: .money(.zero)
        case .count: .count(0)
        case .optionalMoney: .optionalMoney(nil)
        case .ratio: .ratio(nil)
        case .percent: .percent(nil)
        case .perDollar: .perDollar(nil)
        case .days: .days(nil)
        case .text: .text("")
        }
    }

    static func delta(_ a: ReportTable.Value, _ b: ReportTable.Value) -> ReportTable.Value? {
        switch (a, b) {
        case (.money(let x), .money(let y)): .money(Money(units: y.units - x.units))
        case (.optionalMoney(let x?), .optionalMoney(let y?)): .optionalMoney(Money(units: y.units - x.units))
        case (.count(let x), .count(let y)): .count(y - x)
        case (.ratio(let x?), .ratio(let y?)): .ratio(Ratio(y.scaled(places: 4) - x.scaled(places: 4), 10_000))
        case (.percent(let x?), .percent(let y?)): .percent(Ratio(y.scaled(places: 4) - x.scaled(places: 4), 10_000))
        case (.perDollar(let x?), .perDollar(let y?)): .perDollar(Ratio(y.scaled(places: 4) - x.scaled(places: 4), 10_000))
        case (.days(let x?), .days(let y?)): .days(y - x)
        case (.text(let x), .text(let y)): .text(x == y ? "" : "\(x) -> \(y)")
        default: nil
        }
    }

    static func change(_ a: ReportTable.Value, _ b: ReportTable.Value) -> Ratio? {
        switch (a, b) {
        case (.money(let x), .money(let y)), (.optionalMoney(let x?), .optionalMoney(let y?)):
            Ratio(y.units - x.units, x.units.magnitude > UInt64(Int64.max) ? Int64.max : Int64(x.units.magnitude))
        case (.count(let x), .count(let y)): Ratio(Int64(y - x), Int64(abs(x)))
        default: nil
        }
    }
}
