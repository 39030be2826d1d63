internal import CSQLite
import LedgerCore

/// A prepared statement, finalized in `deinit`. Bind parameters are 1-based, columns 0-based,
/// as in SQLite's C API.
public final class Statement {
    let handle: OpaquePointer
    unowned let connection: Connection
    public let sql: String

    init(connection: Connection, sql: String) throws(StoreError) {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw connection.error(code, sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Clears bindings and rewinds, ready for the next use.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    public func bind(_ index: Int32, _ value: Int64?) throws(StoreError) {
        let code = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        try check(code)
    }

    public func bind(_ index: Int32, _ value: String?) throws(StoreError) {
        guard let value else { try check(sqlite3_bind_null(handle, index)); return }
        var copy = value
        try check(copy.withUTF8 { bindTextCode(index, bytes: UnsafeRawBufferPointer($0)) })
    }

    /// Binds UTF-8 bytes as TEXT.
    public func bindText(_ index: Int32, bytes: UnsafeRawBufferPointer) throws(StoreError) {
        try check(bindTextCode(index, bytes: bytes))
    }

    private func bindTextCode(_ index: Int32, bytes: UnsafeRawBufferPointer) -> Int32 {
        // An empty string still needs a non-null pointer, or SQLite binds NULL.
        let empty: StaticString = ""
        let pointer = bytes.count > 0 ? bytes.baseAddress! : UnsafeRawPointer(empty.utf8Start)
        return sqlite3_bind_text(handle, index, pointer.assumingMemoryBound(to: CChar.self), Int32(bytes.count), roiledger_sqlite_transient())
    }

    public func bindBlob(_ index: Int32, bytes: UnsafeRawBufferPointer) throws(StoreError) {
        try check(sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), roiledger_sqlite_transient()))
    }

    public func bind(_ index: Int32, _ value: SQLValue) throws(StoreError) {
        switch value {
        case .null: try check(sqlite3_bind_null(handle, index))
        case .integer(let integer): try bind(index, integer)
        case .text(let text): try bind(index, text)
        case .blob(let bytes):
            try check(bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), roiledger_sqlite_transient()) })
        }
    }

    private func check(_ code: Int32) throws(StoreError) {
        if code != SQLITE_OK { throw connection.error(code, sql: sql) }
    }

    /// Advances to the next row: true when a row is ready, false when done.
    @discardableResult
    public func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(sqlite3_extended_errcode(connection.handle), sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Steps a statement that returns no rows, then resets it.
    public func run() throws(StoreError) {
        defer { reset() }
        try step()
    }

    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    public func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    public func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    public func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    public func optionalString(_ column: Int32) -> String? {
        isNull(column) ? nil : string(column)
    }

    /// The column's text bytes (valid only inside `body`), or nil for NULL: for callers that
    /// build or look up a value without an intermediate `String`.
    func withOptionalText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        if isNull(column) { return nil }
        guard let text = sqlite3_column_text(handle, column) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// The column's bytes, valid until the next step or reset; no copy.
    public func withBytes<R>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public func bytes(_ column: Int32) -> [UInt8] {
        withBytes(column) { Array($0) }
    }

    /// The column as a typed value, for comparisons that must see NULL versus empty.
    public func value(_ column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(int64(column))
        case SQLITE_BLOB: .blob(bytes(column))
        default: .text(string(column))
        }
    }
}

/// A value as SQLite stores it.
public enum SQLValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .text(let text): "'\(text)'"
        case .blob(let bytes): "x'\(Hex.encode(bytes))'"
        }
    }
}
