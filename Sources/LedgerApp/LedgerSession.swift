public import LedgerStore

/// One ledger and the environment the use cases run in: what the command line and the web
/// server hold while they serve a request. Each use case is a method taking a typed request and
/// returning a typed result (`UseCases/`); none parses arguments or prints.
///
/// A ledger is a SQLite file or a PostgreSQL server (`postgres://…`). Writes go to `store`,
/// wherever it is. Replays read `log`: the file itself, or for a server a local copy (its
/// mirror) caught up by seq before each use (`catchUp`), with the server's seq, recorded_at,
/// body and hash, each row checked as the next link of the chain. Replay reads typed columns
/// from a local file at a million rows a second, so every view, checkpoint and digest is the
/// same code and the same bytes on either backend.
public struct LedgerSession {
    public let log: EventLog
    /// Where events are appended: the file (`log` itself) or the server.
    public let store: any EventStore
    /// The file's path, or the server's URL as given.
    public let path: String
    public let environment: AppEnvironment

    public init(log: EventLog, path: String, environment: AppEnvironment) {
        self.log = log
        self.store = log
        self.path = path
        self.environment = environment
    }

    init(log: EventLog, store: any EventStore, path: String, environment: AppEnvironment) {
        self.log = log
        self.store = store
        self.path = path
        self.environment = environment
    }

    /// Whether the ledger is on a PostgreSQL server.
    public var isServer: Bool { store !== log }

    /// Opens an existing ledger (`readOnly` for the use cases that only read).
    public static func open(_ path: String, readOnly: Bool, environment: AppEnvironment) throws -> LedgerSession {
        if PostgresURL.isServer(path) {
            let server = try ServerLedgerAccess.open(path, readOnly: readOnly, environment: environment)
            let session = LedgerSession(log: try ServerLedgerAccess.mirror(of: server, url: path, environment: environment),
                                        store: server, path: path, environment: environment)
            try session.catchUp()
            return session
        }
        return LedgerSession(log: try LedgerAccess.open(path, readOnly: readOnly, environment: environment), path: path, environment: environment)
    }

    /// Creates a ledger with its reporting currency.
    public static func create(_ path: String, currency: String, environment: AppEnvironment) throws -> LedgerSession {
        if PostgresURL.isServer(path) {
            let server = try ServerLedgerAccess.create(path, currency: currency, environment: environment)
            return LedgerSession(log: try ServerLedgerAccess.mirror(of: server, url: path, environment: environment),
                                 store: server, path: path, environment: environment)
        }
        return LedgerSession(log: try LedgerAccess.create(path, currency: currency, environment: environment), path: path, environment: environment)
    }

    /// Brings the local copy of a server ledger up to the server's head (nothing for a file, and
    /// one query when nothing is new); returns the number of events copied.
    @discardableResult
    public func catchUp() throws -> Int64 {
        guard isServer else { return 0 }
        do {
            return try LedgerMirror.copy(from: store, to: log, sourceName: "the server", destinationName: "the local copy \(log.location)").copied
        } catch {
            throw AppError.wrap(error)
        }
    }

    var replayer: Replayer { Replayer(log: log, environment: environment) }

    /// One replay, for callers that compute several things from it (the benchmarks).
    public func prepareReplay(_ request: ReplayRequest) throws -> PreparedReplay {
        try replayer.prepare(request)
    }
}
