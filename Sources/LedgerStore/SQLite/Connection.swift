internal import CSQLite
import LedgerCore

/// One SQLite connection, owned: it closes in `deinit`. Not `Sendable`: a connection belongs to
/// the thread that opened it.
///
/// Every connection the ledger opens is hardened (`Hardening.ledger`): recursive triggers on, so
/// `INSERT OR REPLACE` fires the delete guards; defensive mode, so the schema cannot be written
/// behind SQLite's back; untrusted schema; and an authorizer that refuses UPDATE, DELETE, DROP and
/// ALTER on ledger tables outside a migration. Triggers in the schema refuse the same for
/// connections that are not ours.
public final class Connection {
    /// How much of the ledger's protection a connection carries.
    public enum Hardening: Sendable {
        /// The default for everything roiledger does.
        case ledger
        /// A bare connection: for the baseline benchmark and for tests that play an attacker.
        case none
    }

    /// How to open the file.
    public enum OpenMode: Sendable {
        case readOnly
        /// Read-only media: SQLite takes no lock and creates no `-shm` or `-wal` file, trusting
        /// that nothing writes the file while it is open.
        case immutable
        case readWrite
        case readWriteCreate
    }

    /// How long a writer waits for another one's lock before `SQLITE_BUSY`, by default.
    public static let defaultBusyTimeoutMilliseconds: Int32 = 10_000

    let handle: OpaquePointer
    public let path: String
    private let guardState: AuthorizerState?
    private var statementCache: [String: Statement] = [:]

    public init(path: String, mode: OpenMode = .readWrite, hardening: Hardening = .ledger,
                busyTimeoutMilliseconds: Int32 = Connection.defaultBusyTimeoutMilliseconds) throws(StoreError) {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        var name = path
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
            name = "file:" + Self.uriPath(path) + "?immutable=1"
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(name, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            if code == SQLITE_CANTOPEN { throw .noLedger(path: path) }
            throw .sqlite(code: code, message: message, sql: nil)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        switch hardening {
        case .ledger:
            let state = AuthorizerState()
            self.guardState = state
            roiledger_sqlite_set_defensive(db, 1)
            roiledger_sqlite_set_trusted_schema(db, 0)
            try execute("PRAGMA recursive_triggers = ON")
            sqlite3_set_authorizer(db, ledgerAuthorizer, Unmanaged.passUnretained(state).toOpaque())
        case .none:
            self.guardState = nil
        }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// A file path as the path of a `file:` URI: `%`, `?` and `#` escaped, so SQLite reads them as
    /// part of the name.
    static func uriPath(_ path: String) -> String {
        var result = ""
        for character in path.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "?": result += "%3f"
            case "#": result += "%23"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Whether SQLite opened the main database read-only (the file, its folder or its file
    /// system refuses writes), whatever was asked.
    public var isReadOnly: Bool {
        sqlite3_db_readonly(handle, "main") == 1
    }

    /// Runs SQL that returns no rows (one or more statements).
    public func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if code != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw .sqlite(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// The first column of the first row of a query (0 when there is no row), with the
    /// statement finished at once so it holds no read transaction open.
    public func scalar(_ sql: String) throws(StoreError) -> Int64 {
        let statement = try prepare(sql)
        defer { statement.reset() }
        return try statement.step() ? statement.int64(0) : 0
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws(StoreError) -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// A statement compiled once per connection and reused (reset after each use).
    public func prepareCached(_ sql: String) throws(StoreError) -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    func error(_ code: Int32, sql: String?) -> StoreError {
        .sqlite(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws.
    /// `BEGIN IMMEDIATE` takes the write lock up front, so two writers never deadlock midway.
    /// Inside a transaction already, `body` simply joins it.
    public func transaction<R>(immediate: Bool = true, _ body: () throws -> R) throws -> R {
        if sqlite3_get_autocommit(handle) == 0 { return try body() }
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` with schema changes permitted: only migrations do this.
    func withSchemaChangesAllowed<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        guardState?.isMigrating = true
        defer { guardState?.isMigrating = false }
        return try body()
    }

    /// The number of rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int {
        Int(sqlite3_changes(handle))
    }

    /// The library version, for `bench` and diagnostics.
    public static var sqliteVersion: String {
        String(cString: sqlite3_libversion())
    }
}

/// The authorizer's only state: whether a migration is running.
final class AuthorizerState {
    var isMigrating = false
}

/// Tables whose rows are history: no UPDATE and no DELETE, ever.
let appendOnlyTables: Set<String> = ["events", "meta", "migrations", "import_files", "import_lines"]

/// Refuses every way of changing history through this connection.
private func ledgerAuthorizer(
    _ context: UnsafeMutableRawPointer?, _ action: Int32,
    _ detail1: UnsafePointer<CChar>?, _ detail2: UnsafePointer<CChar>?,
    _ database: UnsafePointer<CChar>?, _ trigger: UnsafePointer<CChar>?
) -> Int32 {
    guard let context else { return SQLITE_OK }
    let state = Unmanaged<AuthorizerState>.fromOpaque(context).takeUnretainedValue()
    switch action {
    case SQLITE_DELETE, SQLITE_UPDATE:
        guard let detail1 else { return SQLITE_OK }
        let table = String(cString: detail1)
        // The meta format version moves forward inside a migration, guarded by a trigger too;
        // migration 3 rebuilds the events table (its DROP deletes the old copy's rows).
        if state.isMigrating, table == "meta" || table == "events" { return SQLITE_OK }
        return appendOnlyTables.contains(table) ? SQLITE_DENY : SQLITE_OK
    case SQLITE_DROP_TABLE, SQLITE_DROP_INDEX, SQLITE_DROP_TRIGGER, SQLITE_DROP_VIEW,
         SQLITE_DROP_TEMP_TABLE, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_TEMP_VIEW,
         SQLITE_ALTER_TABLE, SQLITE_DROP_VTABLE:
        return state.isMigrating ? SQLITE_OK : SQLITE_DENY
    case SQLITE_CREATE_TRIGGER, SQLITE_CREATE_TEMP_TRIGGER:
        // A new trigger could rewrite rows as they are appended.
        return state.isMigrating ? SQLITE_OK : SQLITE_DENY
    case SQLITE_PRAGMA:
        guard let detail1 else { return SQLITE_OK }
        let pragma = String(cString: detail1).lowercased()
        if pragma == "writable_schema" || pragma == "recursive_triggers" && detail2 != nil || pragma == "trusted_schema" && detail2 != nil {
            return state.isMigrating ? SQLITE_OK : SQLITE_DENY
        }
        return SQLITE_OK
    default:
        return SQLITE_OK
    }
}
