internal import CSQLite
import LedgerCore

/// The rows of a ledger held in memory, to measure what SQLite alone costs to store them: the
/// baseline that `bench` divides roiledger's own speed by.
///
/// Cells live in one byte arena so that loading a million rows costs a few allocations, and
/// inserting them is nothing but binds and steps through one prepared statement.
public struct BaselineRows {
    static let columns = EventColumns.all

    private enum Kind: UInt8 { case integer, text, blob }
    private struct Cell {
        var column: Int32
        var kind: Kind
        var integer: Int64
        var start: Int
        var count: Int
    }

    private var cells: [Cell] = []
    private var rowEnds: [Int] = []
    private var arena: [UInt8] = []

    public var count: Int { rowEnds.count }

    /// The seq of the last row read (where the next chunk starts).
    public private(set) var lastSeq: Int64 = 0

    /// Reads up to `limit` rows of `log` after `afterSeq`: a chunk, so that a ten-million-row
    /// baseline never holds the whole ledger in memory.
    public init(from log: EventLog, afterSeq: Int64 = 0, limit: Int = .max) throws {
        let statement = try log.connection.prepare(
            "SELECT \(Self.columns.joined(separator: ", ")) FROM events WHERE seq > ? ORDER BY seq LIMIT ?")
        try statement.bind(1, afterSeq)
        try statement.bind(2, Int64(min(limit, Int(Int64.max))))
        lastSeq = afterSeq
        while try statement.step() {
            lastSeq = statement.int64(0)
            for column in 0..<Int32(Self.columns.count) {
                switch statement.value(column) {
                case .null: continue
                case .integer(let value): cells.append(Cell(column: column, kind: .integer, integer: value, start: 0, count: 0))
                case .text(let text):
                    let start = arena.count
                    arena.append(contentsOf: text.utf8)
                    cells.append(Cell(column: column, kind: .text, integer: 0, start: start, count: arena.count - start))
                case .blob(let bytes):
                    let start = arena.count
                    arena.append(contentsOf: bytes)
                    cells.append(Cell(column: column, kind: .blob, integer: 0, start: start, count: bytes.count))
                }
            }
            rowEnds.append(cells.count)
        }
    }

    /// Creates a bare ledger table at `path` (same columns, constraints and UNIQUE index as the
    /// ledger, same pragmas, no guards) and inserts every row through one prepared statement in
    /// one transaction.
    public func insertRaw(into path: String) throws {
        let table = try RawEventsTable(path: path)
        try table.insert(self)
        try table.commit()
    }

    /// Binds and steps every row through `insert`'s prepared statement.
    fileprivate func insert(through insert: Statement, connection: Connection) throws {
        let handle = insert.handle
        let transient = roiledger_sqlite_transient()
        try arena.withUnsafeBytes { bytes in
            var cellIndex = 0
            for rowEnd in rowEnds {
                sqlite3_clear_bindings(handle)
                while cellIndex < rowEnd {
                    let cell = cells[cellIndex]
                    let parameter = cell.column + 1
                    switch cell.kind {
                    case .integer: sqlite3_bind_int64(handle, parameter, cell.integer)
                    case .text:
                        sqlite3_bind_text(handle, parameter, (bytes.baseAddress! + cell.start).assumingMemoryBound(to: CChar.self), Int32(cell.count), transient)
                    case .blob: sqlite3_bind_blob(handle, parameter, bytes.baseAddress! + cell.start, Int32(cell.count), transient)
                    }
                    cellIndex += 1
                }
                guard sqlite3_step(handle) == SQLITE_DONE else { throw connection.error(sqlite3_errcode(connection.handle), sql: insert.sql) }
                sqlite3_reset(handle)
            }
        }
    }
}

/// The baseline's table: a bare copy of the events table (same columns, constraints, UNIQUE
/// index and pragmas, no guards) filled through one prepared statement inside one transaction,
/// chunk by chunk, so the caller can time the inserts alone.
public final class RawEventsTable {
    private let connection: Connection
    private let statement: Statement

    public init(path: String) throws {
        connection = try Connection(path: path, mode: .readWriteCreate, hardening: .none)
        try EventLog.configure(connection)
        try connection.execute(Migrations.eventsTable)
        let placeholders = Array(repeating: "?", count: BaselineRows.columns.count).joined(separator: ", ")
        statement = try connection.prepare("INSERT INTO events (\(BaselineRows.columns.joined(separator: ", "))) VALUES (\(placeholders))")
        try connection.execute("BEGIN IMMEDIATE")
    }

    public func insert(_ rows: BaselineRows) throws {
        try rows.insert(through: statement, connection: connection)
    }

    public func commit() throws {
        try connection.execute("COMMIT")
    }
}
