public import LedgerCore

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

    /// Creates a new ledger file at `path` (it must not already hold one).
    public static func create(path: String, currency: String, clock: any LedgerClock = SystemClock()) throws -> EventLog {
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw StoreError.invalidReference(field: "--currency", problem: "is \"\(currency)\"", expected: "an ISO 4217 code in capitals, such as USD or EUR")
        }
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

    /// Opens an existing ledger, applying any pending migration unless `readOnly`.
    public init(path: String, clock: any LedgerClock = SystemClock(), readOnly: Bool = false) throws {
        let connection = try Connection(path: path, mode: readOnly ? .readOnly : .readWrite)
        guard try connection.scalar("PRAGMA application_id") == Int64(Self.applicationID) else {
            throw StoreError.notALedger(path: path, reason: "it was not created by `roiledger init`")
        }
        if !readOnly { try Self.configure(connection) }
        let found = Int(try Self.readMeta(connection, key: "format_version") ?? "0") ?? 0
        guard found <= Migrations.formatVersion else {
            throw StoreError.formatTooNew(found: found, supported: Migrations.formatVersion)
        }
        if found < Migrations.formatVersion {
            guard !readOnly else { throw StoreError.notALedger(path: path, reason: "it needs a migration; open it once for writing") }
            let now = clock.now()
            try connection.transaction { try Self.migrate(connection, from: found, at: now) } as Void
        }
        guard let currency = try Self.readMeta(connection, key: "currency") else {
            throw StoreError.notALedger(path: path, reason: "its meta table has no currency")
        }
        self.connection = connection
        self.currency = currency
        self.clock = clock
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
