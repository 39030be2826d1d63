public import LedgerCore

/// The ledger on a PostgreSQL server, for a team: the same events, chain and guarantees as the
/// file (`EventLog`), with many writers at once.
///
/// Writes go through `append(recordedAt:_:)`, like the file's: one transaction that first locks
/// the head row, so writers queue and `seq` stays gapless in commit order; every event is
/// appended by the server's `append_event` function, the only write the writer role may make.
/// Reads stream rows in `seq` order from one snapshot, so a batch is seen whole or not at all.
/// Not `Sendable`: it owns a connection.
public final class PostgresLedger {
    let connection: PGConnection
    /// The server and database, without the password: for messages.
    public var displayName: String { connection.displayName }
    /// The reporting currency set at `create`.
    public let currency: String
    let clock: any LedgerClock
    let waitSeconds: Int
    private var isListening = false

    /// Creates the ledger's schema in the database the URL names (it must not hold one yet).
    public static func create(url: String, currency: String, clock: any LedgerClock = SystemClock()) throws -> PostgresLedger {
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw StoreError.invalidReference(field: "currency", problem: "is \"\(currency)\"", expected: "an ISO 4217 code in capitals, such as USD or EUR")
        }
        let connection = try PGConnection(url: url)
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            if try connection.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'roiledger'") == 1,
               try connection.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'roiledger' AND tablename = 'meta'") == 1 {
                throw StoreError.alreadyInitialized(path: connection.displayName)
            }
            let now = clock.now()
            try Self.migrate(connection, from: 0, at: now)
            for (key, value) in [("currency", currency), ("created_at", now.description)] {
                try connection.execute("INSERT INTO roiledger.meta (key, value) VALUES ($1, $2)", [key, value])
            }
        } as Void
        return try PostgresLedger(url: url, clock: clock)
    }

    /// Opens the ledger in the database the URL names, applying any pending migration unless
    /// `readOnly` (which takes the schema's owner). For writing, the guards must be in place.
    public init(url: String, clock: any LedgerClock = SystemClock(), readOnly: Bool = false,
                waitSeconds: Int = EventLog.defaultWaitSeconds) throws {
        let connection = try PGConnection(url: url)
        guard try connection.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'roiledger' AND tablename = 'meta'") == 1 else {
            throw StoreError.noLedger(path: connection.displayName)
        }
        let found = Int(try connection.scalar("SELECT COALESCE(MAX(version), 0) FROM roiledger.migrations") ?? 0)
        guard found <= PostgresSchema.formatVersion else {
            throw StoreError.formatTooNew(found: found, supported: PostgresSchema.formatVersion)
        }
        if found < PostgresSchema.formatVersion, !readOnly {
            let now = clock.now()
            try connection.transaction {
                try connection.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
                let current = Int(try connection.scalar("SELECT COALESCE(MAX(version), 0) FROM roiledger.migrations") ?? 0)
                try Self.migrate(connection, from: current, at: now)
            } as Void
        }
        if !readOnly {
            let problems = try Self.guardProblems(connection)
            guard problems.isEmpty else { throw StoreError.guardsAltered(path: connection.displayName, problems: problems) }
            // A writer waits this long for another's head lock, then says the ledger is busy.
            try connection.execute("SET lock_timeout = '\(max(1, waitSeconds))s'")
        }
        guard let currency = try connection.execute("SELECT value FROM roiledger.meta WHERE key = 'currency'").string(0, 0) else {
            throw StoreError.notALedger(path: connection.displayName, reason: "its meta table has no currency")
        }
        self.connection = connection
        self.currency = currency
        self.clock = clock
        self.waitSeconds = waitSeconds
    }

    /// The advisory lock migrations hold, so two programs opening a ledger migrate it once.
    static let migrationLock: Int64 = 0x524F_494C

    static func migrate(_ connection: PGConnection, from version: Int, at now: Timestamp) throws(StoreError) {
        try connection.executeScript(PostgresSchema.bootstrap)
        for migration in PostgresSchema.all where migration.version > version {
            try connection.executeScript(migration.sql)
            try connection.execute("INSERT INTO roiledger.migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                   [String(migration.version), migration.name, String(now.microseconds)])
        }
    }

    /// The guard triggers that are missing or disabled (empty when intact): writes are refused
    /// until they are restored, and `verify` reports them.
    public func schemaProblems() throws(StoreError) -> [String] {
        try Self.guardProblems(connection)
    }

    static func guardProblems(_ connection: PGConnection) throws(StoreError) -> [String] {
        let rows = try connection.execute("""
            SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'roiledger' AND NOT t.tgisinternal
            """)
        var found: [String: String] = [:]
        for row in 0..<rows.count {
            found["\(rows.string(row, 0) ?? "").\(rows.string(row, 1) ?? "")"] = rows.string(row, 2)
        }
        var problems: [String] = []
        for (table, trigger) in PostgresSchema.guardTriggers {
            switch found["\(table).\(trigger)"] {
            case nil: problems.append("trigger \(trigger) on \(table) is missing")
            case "D"?: problems.append("trigger \(trigger) on \(table) is disabled")
            default: break
            }
        }
        return problems
    }

    /// The ledger's format version (the schema's migration level).
    public func formatVersion() throws(StoreError) -> Int {
        Int(try connection.scalar("SELECT COALESCE(MAX(version), 0) FROM roiledger.migrations") ?? 0)
    }

    // MARK: Heads

    /// The last event, or nil for an empty ledger.
    public func head() throws(StoreError) -> LedgerHead? {
        let rows = try connection.execute("SELECT seq, recorded_at, hash FROM roiledger.head")
        return Self.head(rows)
    }

    /// The last event recorded at or before `asOf` (ledger time).
    public func head(asOf: Timestamp) throws(StoreError) -> LedgerHead? {
        Self.head(try connection.execute(
            "SELECT seq, recorded_at, hash FROM roiledger.events WHERE recorded_at <= $1 ORDER BY recorded_at DESC, seq DESC LIMIT 1",
            [String(asOf.microseconds)]))
    }

    /// The event at `seq` as a head, or nil when the ledger is shorter.
    public func head(seq: Int64) throws(StoreError) -> LedgerHead? {
        Self.head(try connection.execute("SELECT seq, recorded_at, hash FROM roiledger.events WHERE seq = $1", [String(seq)]))
    }

    static func head(_ rows: PGRows) -> LedgerHead? {
        guard rows.count == 1, let seq = rows.int64(0, 0), seq > 0, let recordedAt = rows.int64(0, 1),
              let hash = rows.bytes(0, 2).flatMap({ EventHash(bytes: $0) }) else { return nil }
        return LedgerHead(seq: seq, recordedAt: Timestamp(microseconds: recordedAt), hash: hash)
    }

    /// The number of events.
    public func count() throws(StoreError) -> Int64 {
        try connection.scalar("SELECT seq FROM roiledger.head") ?? 0
    }

    // MARK: Appends

    /// Runs `body` in one transaction that appends events: all of them land, or (when `body`
    /// throws) none. The head row is locked first, so concurrent writers queue; every event gets
    /// the same `recorded_at` under the file's rules (never before the last one, never in the
    /// future). Once this returns, the batch is committed (PostgreSQL's `synchronous_commit`).
    public func append<R>(recordedAt requested: Timestamp? = nil, _ body: (EventAppender) throws -> R) throws -> R {
        do {
            return try connection.transaction {
                let locked = try connection.execute("SELECT seq, recorded_at, hash FROM roiledger.lock_head()")
                let head = Self.head(locked)
                let recordedAt = try EventAppender.recordedAt(requested: requested, after: head, now: clock.now())
                let appender = EventAppender(target: PostgresAppendTarget(connection: connection), recordedAt: recordedAt, head: head)
                return try body(appender)
            }
        } catch StoreError.postgres(let state, _, _) where state == "55P03" {   // lock_not_available
            throw StoreError.busy(path: displayName, waitedSeconds: waitSeconds)
        }
    }

    // MARK: Reads

    /// Streams stored events in `seq` order after `since` up to `through`, from one snapshot
    /// (a concurrent append is seen whole or not at all), `pageSize` rows per round trip.
    public func events(since: Int64 = 0, through: Int64 = .max, pageSize: Int = 5_000,
                       _ body: (StoredEvent) throws -> Void) throws {
        try connection.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
            var after = since
            while true {
                let rows = try connection.execute("""
                    SELECT seq, id, type, at, recorded_at, hash, body FROM roiledger.events
                     WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT \(max(1, pageSize))
                    """, [String(after), String(through)])
                guard rows.count > 0 else { return }
                for row in 0..<rows.count {
                    guard let seq = rows.int64(row, 0), let id = rows.string(row, 1), let type = rows.string(row, 2).flatMap(EventType.init(rawValue:)),
                          let at = rows.int64(row, 3), let recordedAt = rows.int64(row, 4),
                          let hash = rows.bytes(row, 5).flatMap({ EventHash(bytes: $0) }), let text = rows.string(row, 6) else {
                        throw StoreError.damaged(path: displayName, detail: "row \(rows.string(row, 0) ?? "?") of roiledger.events cannot be read")
                    }
                    try body(StoredEvent(seq: seq, id: id, type: type, at: Timestamp(microseconds: at),
                                         recordedAt: Timestamp(microseconds: recordedAt), hash: hash, body: text))
                    after = seq
                }
                if rows.count < pageSize { return }
            }
        } as Void
    }

    // MARK: Live readers

    /// Subscribes this connection to the append notifications (`waitForAppend`).
    public func listen() throws(StoreError) {
        guard !isListening else { return }
        try connection.execute("LISTEN \(PostgresSchema.channel)")
        isListening = true
    }

    /// Waits up to `seconds` for a committed append; true when one arrived. Only a wake-up: the
    /// caller reads the head and catches up by seq, so a notification lost while it was away
    /// costs nothing.
    public func waitForAppend(seconds: Double) throws(StoreError) -> Bool {
        try listen()
        return try connection.waitForNotification(seconds: seconds)
    }
}
