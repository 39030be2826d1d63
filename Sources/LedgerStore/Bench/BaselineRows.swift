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

    /// Reads every row of `log`.
    public init(from log: EventLog) throws {
        let statement = try log.connection.prepare("SELECT \(Self.columns.joined(separator: ", ")) FROM events ORDER BY seq")
        while try statement.step() {
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
        let connection = try Connection(path: path, mode: .readWriteCreate, hardening: .none)
        try EventLog.configure(connection)
        try connection.execute(Migrations.eventsTable)
        let placeholders = Array(repeating: "?", count: Self.columns.count).joined(separator: ", ")
        let insert = try connection.prepare("INSERT INTO events (\(Self.columns.joined(separator: ", "))) VALUES (\(placeholders))")
        let handle = insert.handle
        let transient = roiledger_sqlite_transient()
        try connection.execute("BEGIN IMMEDIATE")
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
        try connection.execute("COMMIT")
    }
}
