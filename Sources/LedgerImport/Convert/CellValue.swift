import LedgerCore

/// A cell read as its column's type.
enum CellValue: Sendable, Equatable {
    case text(String)
    /// Exact decimal text.
    case number(String)
    case money(Money)
    case timestamp(Timestamp)
    case date(LedgerDate)
    case bool(Bool)
    case list([String])

    /// The value inside a larger string (an id, a label).
    var text: String {
        switch self {
        case .text(let text): text
        case .number(let text): text
        case .money(let money): money.description
        case .timestamp(let timestamp): timestamp.description
        case .date(let date): date.description
        case .bool(let value): value ? "true" : "false"
        case .list(let items): items.joined(separator: ";")
        }
    }

    /// The value as a whole JSON field, keeping its type.
    var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .number(let text): .number(text)
        case .money(let money): .string(money.description)
        case .timestamp(let timestamp): .string(timestamp.description)
        case .date(let date): .string(date.description)
        case .bool(let value): .bool(value)
        case .list(let items): .array(items.map { .string($0) })
        }
    }
}
