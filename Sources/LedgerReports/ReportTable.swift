public import LedgerCore
public import LedgerProjections

/// One table of a report, as values rather than text: the table, CSV and JSON renderers and
/// `compare` all read it, so every view prints the same way and every figure can be diffed.
public struct ReportTable: Sendable, Equatable {
    /// A figure, typed so each format can print it properly.
    public enum Value: Sendable, Equatable {
        case money(Money)
        /// An amount that may be undefined (cost per lead without leads).
        case optionalMoney(Money?)
        case count(Int)
        /// A quotient printed as a multiple (`12.3x`); nil: undefined (no cost).
        case ratio(Ratio?)
        /// A quotient printed as a percentage (`45.0%`); nil: undefined.
        case percent(Ratio?)
        /// Money per dollar of something (cost per pipeline dollar), printed `$0.084`; nil: undefined.
        case perDollar(Ratio?)
        /// Days in tenths (`3.5`); nil: nobody made that move.
        case days(Int64?)
        case text(String)
    }

    public struct Column: Sendable, Equatable {
        /// Stable and unique within the table: JSON keys and `compare` match on it.
        public var key: String
        public var title: String

        public init(_ key: String, _ title: String) {
            self.key = key
            self.title = title
        }
    }

    public struct Row: Sendable, Equatable {
        /// One group per level of a nested table (a subtotal row: a prefix); one otherwise.
        public var path: [String]
        public var values: [Value]

        public init(_ group: String, _ values: [Value]) {
            path = [group]
            self.values = values
        }

        public init(path: [String], _ values: [Value]) {
            precondition(!path.isEmpty, "a row has a group")
            self.path = path
            self.values = values
        }

        /// The row's own group.
        public var group: String { path.last! }
        /// The whole path, for a flat list of rows (`paid_search / brand`).
        public var pathText: String { path.joined(separator: " / ") }
    }

    /// Unique within a report (`funnel.by_channel`).
    public var key: String
    public var title: String
    public var groupTitle: String
    /// Nested tables: the title of each level (`channel`, `campaign`); one level otherwise.
    public var levels: [String]
    public var columns: [Column]
    /// Sorted by the producer (by group, UTF-8, unless the order means something).
    public var rows: [Row]
    public var total: Row?
    /// What a group the table does not list would show (zeros, and whatever a row of zeros says,
    /// such as the verdict `no spend`), so that `compare` sets a group present on one side only
    /// against the same figures a zero row has. Not printed; nil: zeros and empty text.
    public var absent: [Value]?
    /// Changes of the rule set inside the window that can move this table's figures: printed as
    /// footnotes, carried in JSON and CSV, so no one compares its periods unaware.
    public var notComparable: [RuleChange] = []

    public init(key: String, title: String, groupTitle: String, levels: [String]? = nil, columns: [Column], rows: [Row], total: Row? = nil,
                absent: [Value]? = nil) {
        precondition(Set(columns.map(\.key)).count == columns.count, "column keys must be unique")
        precondition(rows.allSatisfy { $0.values.count == columns.count }, "every row has a value per column")
        precondition(absent.map { $0.count == columns.count } ?? true, "an absent row has a value per column")
        self.key = key
        self.title = title
        self.groupTitle = groupTitle
        self.levels = levels ?? [groupTitle]
        self.columns = columns
        self.rows = rows
        self.total = total
        self.absent = absent
    }

    /// Aligned text: a title, the rows, a rule and the total.
    public func renderText() -> String {
        var table = TextTable([(groupTitle, .left)] + columns.map { ($0.title, Self.isNumeric($0, in: self) ? .right : .left) })
        // Nested, a child is indented under its parent's subtotal row.
        for row in rows { table.append([String(repeating: "  ", count: row.path.count - 1) + row.group] + row.values.map(Self.text)) }
        if let total {
            table.appendRule()
            table.append([total.group] + total.values.map(Self.text))
        }
        let notes = notComparable.map { "† " + $0.text + "\n" }.joined()
        return title + "\n" + table.render() + notes
    }

    /// CSV: a header of column keys, then one line per row and the total; exact decimals.
    /// Nested, a column per level: a subtotal row leaves its deeper levels empty.
    public func renderCSV() -> String {
        var lines = [(levels.map(CSV.field) + columns.map { CSV.field($0.key) }).joined(separator: ",")]
        for row in rows + (total.map { [$0] } ?? []) {
            let groups = levels.indices.map { $0 < row.path.count ? row.path[$0] : "" }
            lines.append((groups.map(CSV.field) + row.values.map { CSV.field(Self.exact($0)) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON: the columns, then each row as an object keyed by column.
    public var json: JSONValue {
        let nested = levels.count > 1
        func object(_ row: Row) -> JSONValue {
            .object(JSONObject([.init(key: "group", value: .string(row.group))]
                + (nested ? [.init(key: "path", value: .array(row.path.map(JSONValue.string)))] : [])
                + zip(columns, row.values).map { .init(key: $0.key, value: Self.json($1)) }))
        }
        var members: [JSONObject.Member] = [
            .init(key: "key", value: .string(key)),
            .init(key: "title", value: .string(title)),
            .init(key: "group_by", value: .string(groupTitle)),
            .init(key: "columns", value: .array(columns.map { .string($0.key) })),
            .init(key: "rows", value: .array(rows.map(object))),
        ]
        if let total { members.append(.init(key: "total", value: object(total))) }
        if !notComparable.isEmpty { members.append(.init(key: "not_comparable", value: .array(notComparable.map(\.json)))) }
        return .object(JSONObject(members))
    }

    static func isNumeric(_ column: Column, in table: ReportTable) -> Bool {
        let values = (table.rows + (table.total.map { [$0] } ?? [])).map { $0.values[table.columns.firstIndex(of: column)!] }
        return !values.contains { if case .text = $0 { return true } else { return false } }
    }

    /// For people: money to cents with separators, ratios as `12.3x`, percentages to tenths.
    public static func text(_ value: Value) -> String {
        switch value {
        case .money(let money): MoneyText.cents(money)
        case .optionalMoney(let money): money.map(MoneyText.cents) ?? "n/a"
        case .count(let count): String(count)
        case .ratio(let ratio): ratio.map { Ratio.decimalText($0.scaled(places: 1), places: 1) + "x" } ?? "n/a"
        case .percent(let ratio): ratio.map { Ratio.decimalText($0.scaled(places: 3), places: 1) + "%" } ?? "n/a"
        case .perDollar(let ratio): ratio.map { Ratio.decimalText($0.scaled(places: 3), places: 3) } ?? "n/a"
        case .days(let tenths): tenths.map { Ratio.decimalText($0, places: 1) } ?? "n/a"
        case .text(let text): text
        }
    }

    /// For machines: exact money, ratios to 4 decimals, empty when undefined.
    public static func exact(_ value: Value) -> String {
        switch value {
        case .money(let money): money.description
        case .optionalMoney(let money): money?.description ?? ""
        case .count(let count): String(count)
        case .ratio(let ratio), .percent(let ratio), .perDollar(let ratio): ratio?.decimal(places: 4) ?? ""
        case .days(let tenths): tenths.map { Ratio.decimalText($0, places: 1) } ?? ""
        case .text(let text): text
        }
    }

    static func json(_ value: Value) -> JSONValue {
        switch value {
        case .money(let money): .string(money.description)
        case .optionalMoney(let money): money.map { .string($0.description) } ?? .null
        case .count(let count): .number(String(count))
        case .ratio(let ratio), .percent(let ratio), .perDollar(let ratio): ratio.map { .string($0.decimal(places: 4)) } ?? .null
        case .days(let tenths): tenths.map { .number(Ratio.decimalText($0, places: 1)) } ?? .null
        case .text(let text): .string(text)
        }
    }
}
