public import LedgerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ledger: one SQLite file holding the append-only event log, its hash chain and its meta.
///
/// Open one with `EventLog.create` (what `init` does) or `EventLog(path:)`. Writes go through
/// `append(recordedAt:_:)`, which runs inside one transaction and commits whole or not at all;
/// reads stream rows in `seq` order. Not `Sendable`: it owns a connection.
public final class EventLog {
    /// `PRAGMA application_id`: marks the file as a roiledger ledger ("ROIL").
    static let applicationID: Int32 = 0x524F_494C

    public let connection: Connection
    /// The reporting currency set by `init`; money in any other currency is refused.
    public let currency: String
    let clock: any LedgerClock
    var appendStatements: AppendStatements?
    /// How long appends wait for another writer's lock.
    let waitSeconds: Int
    /// Opened immutable because SQLite could not read it the usual way (read-only media).
    public let isOnReadOnlyMedia: Bool

    /// Creates a new ledger file at `path` (it must not already hold one).
    public static func create(path: String, currency: String, clock: any LedgerClock = SystemClock()) throws -> EventLog {
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw StoreError.invalidReference(field: "currency", problem: "is \"\(currency)\"", expected: "an ISO 4217 code in capitals, such as USD or EUR")
        }
        let existed = fileSize(path) != nil
        do {
            return try createLedger(path: path, currency: currency, clock: clock)
        } catch {
            // A full disk or a refused write must not leave a half-made ledger (or an empty file
            // that later reads as a damaged one) behind.
            if !existed {
                for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
            }
            throw error
        }
    }

    private static func createLedger(path: String, currency: String, clock: any LedgerClock) throws -> EventLog {
        let connection = try Connection(path: path, mode: .readWriteCreate)
        guard try connection.scalar("SELECT count(*) FROM sqlite_schema") == 0 else {
            throw (try? Self.readMeta(connection, key: "currency")) != nil ? StoreError.alreadyInitialized(path: path) : StoreError.notALedger(path: path, reason: "it already holds other tables")
        }
        try configure(connection)
        try connection.execute("PRAGMA application_id = \(applicationID)")
        let now = clock.now()
        try connection.transaction {
            try migrate(connection, from: 0, at: now)
            let insert = try connection.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
            for (key, value) in [("currency", currency), ("created_at", now.description)] {
                try insert.bind(1, key)
                try insert.bind(2, value)
                try insert.run()
            }
        } as Void
        return try EventLog(path: path, clock: clock)
    }

    /// How long a writer waits for another process's write lock, by default: long enough for
    /// a large batch of someone else's to commit, so writers queue instead of failing.
    public static let defaultWaitSeconds = 300

    /// Opens an existing ledger, applying any pending migration unless `readOnly`.
    ///
    /// For writing, the file must be writable and keep the guards its migrations installed
    /// (`StoreError.readOnly`, `.guardsAltered`). For reading, a ledger on read-only media (a
    /// folder where SQLite cannot create its `-shm` file) is opened immutable, and
    /// `isOnReadOnlyMedia` says so. A writer waits up to `waitSeconds` for another's lock.
    public init(path: String, clock: any LedgerClock = SystemClock(), readOnly: Bool = false,
                waitSeconds: Int = EventLog.defaultWaitSeconds) throws {
        let connection: Connection
        let currency: String
        let immutable: Bool
        (connection, currency, immutable) = try Self.naming(path: path, waitSeconds: waitSeconds) {
            if Self.fileSize(path) == 0 { throw StoreError.damaged(path: path, detail: "the file is empty") }
            if readOnly {
                do {
                    let connection = try Connection(path: path, mode: .readOnly)
                    return (connection, try Self.checkOpened(connection, path: path, readOnly: true, clock: clock), false)
                } catch let error as StoreError where Self.isReadOnlyMediaError(error) && Self.fileSize(path) != nil {
                    // SQLite could not create the `-shm` beside a WAL ledger: read-only media.
                    if let wal = Self.fileSize(path + "-wal"), wal > 0 {
                        throw StoreError.notALedger(path: path, reason: "its write-ahead log (\(path)-wal) cannot be read on read-only media without its -shm file; copy the ledger with both its -wal and -shm files, or copy it after a writer has closed it")
                    }
                    let connection = try Connection(path: path, mode: .immutable)
                    return (connection, try Self.checkOpened(connection, path: path, readOnly: true, clock: clock), true)
                }
            }
            let busyTimeout = Int32(clamping: max(0, waitSeconds) * 1000)
            let connection = try Connection(path: path, mode: .readWrite, busyTimeoutMilliseconds: busyTimeout)
            if connection.isReadOnly { throw StoreError.readOnly(path: path) }
            return (connection, try Self.checkOpened(connection, path: path, readOnly: false, clock: clock), false)
        }
        self.connection = connection
        self.currency = currency
        self.clock = clock
        self.waitSeconds = waitSeconds
        self.isOnReadOnlyMedia = immutable
    }

    /// Checks the file is a ledger this program can use, migrating it when writing; returns
    /// its currency.
    private static func checkOpened(_ connection: Connection, path: String, readOnly: Bool, clock: any LedgerClock) throws -> String {
        guard try connection.scalar("PRAGMA application_id") == Int64(Self.applicationID) else {
            throw StoreError.notALedger(path: path, reason: "it was not created as a roiledger ledger")
        }
        if !readOnly { try Self.configure(connection) }
        let found = Int(try Self.readMeta(connection, key: "format_version") ?? "0") ?? 0
        guard found <= Migrations.formatVersion else {
            throw StoreError.formatTooNew(found: found, supported: Migrations.formatVersion)
        }
        if found < Migrations.formatVersion, !readOnly {
            // Check what this version should have before adding to it.
            let problems = try SchemaGuard.problems(connection, formatVersion: found)
            guard problems.isEmpty else { throw StoreError.guardsAltered(path: path, problems: problems) }
            let now = clock.now()
            try connection.transaction { try Self.migrate(connection, from: found, at: now) } as Void
        }
        if !readOnly {
            let problems = try SchemaGuard.problems(connection, formatVersion: Migrations.formatVersion)
            guard problems.isEmpty else { throw StoreError.guardsAltered(path: path, problems: problems) }
        }
        guard let currency = try Self.readMeta(connection, key: "currency") else {
            throw StoreError.notALedger(path: path, reason: "its meta table has no currency")
        }
        return currency
    }

    /// What differs from the schema the ledger's migrations create (empty when intact): `verify`
    /// reports it.
    public func schemaProblems() throws(StoreError) -> [String] {
        try SchemaGuard.problems(connection, formatVersion: try formatVersion())
    }

    /// Runs `body`, turning SQLite's codes for a busy lock, a read-only file and a damaged file
    /// into the ledger's own errors, which say what happened and what to do.
    static func naming<R>(path: String, waitSeconds: Int, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as StoreError {
            guard case .sqlite(let code, let message, _) = error else { throw error }
            switch code & 0xFF {
            case 5, 6: throw StoreError.busy(path: path, waitedSeconds: waitSeconds)       // BUSY, LOCKED
            case 8: throw StoreError.readOnly(path: path)                                  // READONLY
            case 11: throw StoreError.damaged(path: path, detail: message)                 // CORRUPT
            case 26:                                                                        // NOTADB
                guard hasSQLiteHeader(path) else { throw StoreError.notALedger(path: path, reason: "it is not a SQLite database") }
                throw StoreError.damaged(path: path, detail: "SQLite cannot read it as a database: \(message)")
            default: throw error
            }
        }
    }

    static func isReadOnlyMediaError(_ error: StoreError) -> Bool {
        guard case .sqlite(let code, _, _) = error else { return false }
        return code & 0xFF == 8 || code & 0xFF == 14     // READONLY (…_DIRECTORY), CANTOPEN
    }

    /// Whether the file starts as every SQLite database does ("SQLite format 3" and a NUL).
    static func hasSQLiteHeader(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 16) }
        return count == 16 && header == Array("SQLite format 3".utf8) + [0]
    }

    /// The file's size in bytes, nil when it cannot be read.
    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : nil
    }

    /// Per-connection settings for a writer: WAL so readers never block the writer and see only
    /// committed batches; `synchronous=FULL` so an acknowledged batch survives power loss.
    static func configure(_ connection: Connection) throws(StoreError) {
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = FULL")
        // A bigger page cache keeps the UNIQUE(id) index hot when producers' ids are random.
        try connection.execute("PRAGMA cache_size = -262144")
    }

    static func readMeta(_ connection: Connection, key: String) throws(StoreError) -> String? {
        let statement = try connection.prepare("SELECT value FROM meta WHERE key = ?")
        defer { statement.reset() }
        try statement.bind(1, key)
        return try statement.step() ? statement.string(0) : nil
    }

    static func migrate(_ connection: Connection, from version: Int, at now: Timestamp) throws(StoreError) {
        try connection.withSchemaChangesAllowed { () throws(StoreError) in
            for migration in Migrations.all where migration.version > version {
                try connection.execute(migration.sql)
                let record = try connection.prepare("INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)")
                try record.bind(1, Int64(migration.version))
                try record.bind(2, migration.name)
                try record.bind(3, now.microseconds)
                try record.run()
            }
            let format = String(Migrations.formatVersion)
            if version == 0 {
                try connection.execute("INSERT INTO meta (key, value) VALUES ('format_version', '\(format)')")
            } else {
                try connection.execute("UPDATE meta SET value = '\(format)' WHERE key = 'format_version'")
            }
        }
    }

    /// The ledger's format version (the schema's migration level).
    public func formatVersion() throws(StoreError) -> Int {
        Int(try Self.readMeta(connection, key: "format_version") ?? "0") ?? 0
    }

    /// The last event, or nil for an empty ledger.
    public func head() throws(StoreError) -> LedgerHead? {
        try head(where: "", binding: nil)
    }

    /// The last event recorded at or before `asOf` (ledger time).
    public func head(asOf: Timestamp) throws(StoreError) -> LedgerHead? {
        try head(where: "WHERE recorded_at <= ?", binding: asOf.microseconds)
    }

    /// The event at `seq` as a head (for replaying exactly through it), or nil when the ledger
    /// is shorter.
    public func head(seq: Int64) throws(StoreError) -> LedgerHead? {
        try head(where: "WHERE seq <= ?", binding: seq).flatMap { $0.seq == seq ? $0 : nil }
    }

    private func head(where condition: String, binding: Int64?) throws(StoreError) -> LedgerHead? {
        let statement = try connection.prepare("SELECT seq, recorded_at, hash FROM events \(condition) ORDER BY seq DESC LIMIT 1")
        if let binding { try statement.bind(1, binding) }
        guard try statement.step() else { return nil }
        return LedgerHead(seq: statement.int64(0), recordedAt: Timestamp(microseconds: statement.int64(1)),
                          hash: statement.withBytes(2) { EventHash(bytes: $0) } ?? .genesis)
    }

    /// The number of events.
    public func count() throws(StoreError) -> Int64 {
        try connection.scalar("SELECT COALESCE(MAX(seq), 0) FROM events")
    }
}
