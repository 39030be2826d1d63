public import LedgerCore

/// A ledger's event log, wherever it is kept: a SQLite file (`EventLog`) or a PostgreSQL server
/// (`PostgresLedger`). Both keep one contract: gapless `seq` in commit order, one hash chain,
/// append-only, the same duplicate and conflict rules; the contract tests run against both.
public protocol EventStore: AnyObject {
    /// The reporting currency set when the ledger was created.
    var currency: String { get }
    /// The file's path or the server's URL without its password: for messages.
    var location: String { get }
    /// The last event, or nil for an empty ledger.
    func head() throws -> LedgerHead?
    /// The last event recorded at or before `asOf` (ledger time).
    func head(asOf: Timestamp) throws -> LedgerHead?
    /// The event at `seq` as a head, or nil when the ledger is shorter.
    func head(seq: Int64) throws -> LedgerHead?
    /// The number of events.
    func count() throws -> Int64
    /// One write transaction of appends: all land, or none.
    func append<R>(recordedAt requested: Timestamp?, _ body: (EventAppender) throws -> R) throws -> R
    /// Stored events after `since` up to `through`, in seq order, from one snapshot.
    func events(since: Int64, through: Int64, _ body: (StoredEvent) throws -> Void) throws
    /// Rows copied from another copy of the ledger, each the next link of this one's chain.
    func appendMirrored(_ rows: [StoredEvent]) throws
    /// What differs from the guards the migrations installed (empty when intact).
    func schemaProblems() throws -> [String]
    /// The schema's migration level.
    func formatVersion() throws -> Int
    /// Re-walks the whole chain and names the first bad seq.
    func verify(anchor: ChainAnchor?, progress: ((Int64) -> Void)?) throws -> VerifyReport
}

extension EventLog: EventStore {
    public var location: String { connection.path }

    public func events(since: Int64, through: Int64, _ body: (StoredEvent) throws -> Void) throws {
        try events(since: since, through: through, type: nil, limit: nil, body)
    }
}

extension PostgresLedger: EventStore {
    public var location: String { displayName }

    public func events(since: Int64, through: Int64, _ body: (StoredEvent) throws -> Void) throws {
        try events(since: since, through: through, pageSize: 5_000, body)
    }
}
