/// What went wrong at the store's boundary: SQLite's own errors (with result code, message and
/// the SQL at fault) and the ledger's refusals (conflicts, bad references, bad ledger files).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite refused; `code` is the extended result code.
    case sqlite(code: Int32, message: String, sql: String?)
    /// The file does not exist; `init` creates a ledger.
    case noLedger(path: String)
    /// The file exists but is not a roiledger ledger.
    case notALedger(path: String, reason: String)
    /// `init` on a file that already holds a ledger.
    case alreadyInitialized(path: String)
    /// The ledger was written by a newer roiledger.
    case formatTooNew(found: Int, supported: Int)
    /// An event reuses an `id` with a different canonical body.
    case conflict(id: String, existingSeq: Int64, existingBody: String, newBody: String)
    /// An event names another event that cannot be its target (`field` is the event's field).
    case invalidReference(field: String, problem: String, expected: String)
    /// A backfill's `recorded_at` is not allowed.
    case invalidRecordedAt(problem: String)
    /// A file beside the ledger (a checkpoint) could not be written.
    case io(path: String, reason: String)
    /// Another process held the write lock for longer than this one would wait.
    case busy(path: String, waitedSeconds: Int)
    /// The ledger cannot be written here: the file, its folder or its file system is read-only.
    case readOnly(path: String)
    /// The file is a ledger (or was) but SQLite cannot read it whole: damaged or truncated.
    case damaged(path: String, detail: String)
    /// The guards the migrations installed (triggers, the events table's definition) are
    /// missing, altered or joined by others: the ledger is not written until they are restored.
    case guardsAltered(path: String, problems: [String])
    /// No server token has this id.
    case unknownToken(id: String)
    /// The PostgreSQL server refused a statement; `state` is its SQLSTATE.
    case postgres(state: String, message: String, server: String)
    /// The PostgreSQL server could not be reached, or the connection was lost.
    case unreachable(server: String, reason: String)
    /// Two copies of a ledger disagree from `seq` on: neither is a prefix of the other.
    case diverged(seq: Int64, detail: String)

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            return "SQLite error \(code): \(message)" + (sql.map { " (in: \($0))" } ?? "")
        case .noLedger(let path):
            return "no ledger at \(path)"
        case .notALedger(let path, let reason):
            return "\(path) is not a roiledger ledger: \(reason)"
        case .alreadyInitialized(let path):
            return "\(path) already holds a ledger"
        case .formatTooNew(let found, let supported):
            return "the ledger has format version \(found), newer than this program understands (\(supported))"
        case .conflict(let id, let existingSeq, let existingBody, let newBody):
            return "conflict: id \"\(id)\" is already in the ledger at seq \(existingSeq) with different content\n  stored: \(existingBody)\n  new:    \(newBody)\n  an id names one fact forever: give the new event its own id, or retract the old one"
        case .invalidReference(let field, let problem, let expected):
            return "field `\(field)`: \(problem); expected \(expected)"
        case .invalidRecordedAt(let problem):
            return "recorded_at: \(problem)"
        case .io(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .busy(let path, let waited):
            return "the ledger \(path) is being written by another process (waited \(waited) s for its lock)"
        case .readOnly(let path):
            return "the ledger \(path) is read-only here (the file, its folder or its file system refuses writes)"
        case .damaged(let path, let detail):
            return "the ledger \(path) is damaged or truncated (\(detail))"
        case .unknownToken(let id):
            return "no token \(id) in this ledger"
        case .postgres(let state, let message, let server):
            return "PostgreSQL at \(server) refused (SQLSTATE \(state)): \(message)"
        case .unreachable(let server, let reason):
            return "cannot reach the ledger's PostgreSQL server \(server): \(reason)"
        case .diverged(let seq, let detail):
            return "the two ledgers diverge at seq \(seq): \(detail)"
        case .guardsAltered(let path, let problems):
            return "the ledger \(path) has lost or changed its append-only guards, so roiledger will not write to it: "
                + problems.joined(separator: "; ")
        }
    }
}
