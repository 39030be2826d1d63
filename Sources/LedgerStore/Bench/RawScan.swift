internal import CSQLite
import LedgerCore

extension EventLog {
    /// The baseline of replay benchmarks: a sequential scan of every event row through the
    /// C API, reading each column replay reads (as raw bytes and integers, building nothing).
    /// Returns the rows read and a checksum so the work cannot be optimised away.
    public func rawScan() throws -> (rows: Int, checksum: Int64) {
        let columnCount = Int(EventColumns.body)
        let statement = try connection.prepare("SELECT \(EventColumns.list(prefix: columnCount)) FROM events ORDER BY seq")
        let handle = statement.handle
        var rows = 0
        var checksum: Int64 = 0
        while sqlite3_step(handle) == SQLITE_ROW {
            for column in 0..<Int32(columnCount) {
                switch sqlite3_column_type(handle, column) {
                case SQLITE_INTEGER: checksum &+= sqlite3_column_int64(handle, column)
                case SQLITE_TEXT:
                    if let text = sqlite3_column_text(handle, column) {
                        checksum &+= Int64(sqlite3_column_bytes(handle, column)) &+ Int64(text.pointee)
                    }
                default: break
                }
            }
            rows += 1
        }
        return (rows, checksum)
    }
}
