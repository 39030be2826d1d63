import LedgerCore

/// Why a row was refused, as a stable code that scripts can count and filter on.
public enum RejectCode: String, Sendable, CaseIterable, Comparable {
    case castNumber = "CAST_NUMBER"
    case ambiguousNumber = "AMBIGUOUS_NUMBER"
    case moneyPrecision = "MONEY_PRECISION"
    case castDate = "CAST_DATE"
    case nonexistentLocalTime = "NONEXISTENT_LOCAL_TIME"
    case currencyMismatch = "CURRENCY_MISMATCH"
    case missingColumn = "MISSING_COLUMN"
    case requiredEmpty = "REQUIRED_EMPTY"
    case idConflict = "ID_CONFLICT"
    case unknownStage = "UNKNOWN_STAGE"
    case unknownValue = "UNKNOWN_VALUE"
    case invalidID = "INVALID_ID"
    case invalidEvent = "INVALID_EVENT"
    case invalidReference = "INVALID_REFERENCE"
    case columnCount = "COLUMN_COUNT"
    case unbalancedQuote = "UNBALANCED_QUOTE"
    case invalidText = "INVALID_TEXT"
    case cellTooLarge = "CELL_TOO_LARGE"

    public static func < (lhs: RejectCode, rhs: RejectCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One refused row: where it is (file, physical line, record number, column), what it held and
/// what was expected. Written to `--rejects` as one JSON Lines record.
public struct Reject: Sendable, Equatable {
    public var file: String
    /// The physical line the refused cell (or the row) starts on, 1-based.
    public var line: Int
    /// The data record's number, 1-based, counting from the first row after the header.
    public var record: Int
    /// The CSV column, 1-based; nil when the row as a whole is at fault.
    public var column: Int?
    public var header: String?
    public var value: String?
    public var code: RejectCode
    public var problem: String
    public var expected: String

    public init(file: String, line: Int, record: Int, column: Int? = nil, header: String? = nil, value: String? = nil,
                code: RejectCode, problem: String, expected: String) {
        self.file = file
        self.line = line
        self.record = record
        self.column = column
        self.header = header
        self.value = value
        self.code = code
        self.problem = problem
        self.expected = expected
    }

    /// `file:line:column: problem; expected …`, the form compilers use, so editors jump to it.
    public var description: String {
        var location = "\(file):\(line)"
        if let column { location += ":\(column)" }
        var text = "\(location): \(code.rawValue)"
        if let header { text += " in \"\(header)\"" }
        text += ": \(problem); expected \(expected)"
        return text
    }
}

extension Reject {
    /// One line of a `--rejects` file: canonical JSON, keys sorted.
    public var jsonLine: String {
        var object = JSONObject()
        object["file"] = .string(file)
        object["line"] = .number(String(line))
        object["record"] = .number(String(record))
        if let column { object["column"] = .number(String(column)) }
        if let header { object["header"] = .string(header) }
        if let value { object["value"] = .string(value) }
        object["code"] = .string(code.rawValue)
        object["problem"] = .string(problem)
        object["expected"] = .string(expected)
        return JSONValue.object(object).canonicalText
    }
}
