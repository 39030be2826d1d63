internal import CSQLite
import LedgerCore

/// Event rows copied out of SQLite, so that other threads can check them while the reading
/// thread steps on: a row's bytes belong to SQLite only until the next step, and a connection
/// belongs to the thread that reads it. A batch is filled once, then only read.
struct VerifyBatch: Sendable {
    /// One column of one row as stored: its storage class, and its integer or the span of its
    /// bytes in `bytes`.
    struct Cell: Sendable {
        /// SQLite's storage classes; a REAL (which only a table rebuilt without STRICT can
        /// hold) keeps its text, as `Statement.value` reads it, and never equals the body.
        enum Kind: UInt8, Sendable {
            case null, integer, real, text, blob
        }

        var kind: Kind
        /// The integer of an `.integer` cell; where any other cell's bytes start in `bytes`.
        var value: Int64
        var length: Int32
    }

    /// A row is a SELECT of every column of `EventColumns.all`, in order.
    static let columnCount = EventColumns.all.count

    /// The stored hash of the row before the first one (genesis before seq 1): the link the
    /// first row's hash is checked against.
    let previousHash: EventHash
    private(set) var rowCount = 0
    /// `columnCount` cells a row.
    private(set) var cells: [Cell] = []
    /// The text, blob and real cells' bytes, one after the other.
    private(set) var bytes: [UInt8] = []
    /// The row (if any) holding the anchor's seq, and whether its stored hash is the anchor's.
    var anchorRow: (row: Int, matches: Bool)?

    init(previousHash: EventHash, capacity rows: Int) {
        self.previousHash = previousHash
        cells.reserveCapacity(rows * Self.columnCount)
        bytes.reserveCapacity(rows * 512)
    }

    /// Copies the statement's current row.
    mutating func append(_ statement: Statement) {
        let handle = statement.handle
        for column in 0..<Int32(Self.columnCount) {
            switch column {
            case 0, 5:
                // seq and recorded_at, read as integers whatever they hold, as `ChainReader` does.
                cells.append(Cell(kind: .integer, value: sqlite3_column_int64(handle, column), length: 0))
            case EventColumns.body, EventColumns.hash:
                // Hashed and parsed as bytes, whatever their storage class.
                appendBytes(sqlite3_column_blob(handle, column), handle, column, kind: .blob)
            default:
                switch sqlite3_column_type(handle, column) {
                case SQLITE_NULL: cells.append(Cell(kind: .null, value: 0, length: 0))
                case SQLITE_INTEGER: cells.append(Cell(kind: .integer, value: sqlite3_column_int64(handle, column), length: 0))
                case SQLITE_BLOB: appendBytes(sqlite3_column_blob(handle, column), handle, column, kind: .blob)
                case SQLITE_TEXT: appendBytes(sqlite3_column_text(handle, column), handle, column, kind: .text)
                default: appendBytes(sqlite3_column_text(handle, column), handle, column, kind: .real)
                }
            }
        }
        rowCount += 1
    }

    /// Copies a column's bytes (fetched just before, as SQLite requires, its length after).
    private mutating func appendBytes(_ start: UnsafeRawPointer?, _ handle: OpaquePointer, _ column: Int32, kind: Cell.Kind) {
        let count = Int(sqlite3_column_bytes(handle, column))
        cells.append(Cell(kind: kind, value: Int64(bytes.count), length: Int32(count)))
        if let start, count > 0 {
            bytes.append(contentsOf: UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }

    func cell(_ row: Int, _ column: Int32) -> Cell {
        cells[row * Self.columnCount + Int(column)]
    }

    func seq(_ row: Int) -> Int64 {
        cell(row, 0).value
    }

    func recordedAt(_ row: Int) -> Timestamp {
        Timestamp(microseconds: cell(row, 5).value)
    }

    /// The row's stored hash; nil when it is not 32 bytes (the row then fails its hash check).
    func storedHash(_ row: Int) -> EventHash? {
        bytes.withUnsafeBytes { EventHash(bytes: Self.bytes(of: cell(row, EventColumns.hash), in: $0)) }
    }

    /// A text, blob or real cell's bytes inside `arena` (the batch's `bytes`).
    static func bytes(of cell: Cell, in arena: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let start = Int(cell.value)
        return UnsafeRawBufferPointer(rebasing: arena[start..<start + Int(cell.length)])
    }
}
