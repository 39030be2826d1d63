public import LedgerStore

/// One ledger file and the environment the use cases run in: what the command line and the web
/// server hold while they serve a request. Each use case is a method taking a typed request and
/// returning a typed result (`UseCases/`); none parses arguments or prints.
public struct LedgerSession {
    public let log: EventLog
    public let path: String
    public let environment: AppEnvironment

    public init(log: EventLog, path: String, environment: AppEnvironment) {
        self.log = log
        self.path = path
        self.environment = environment
    }

    /// Opens an existing ledger (`readOnly` for the use cases that only read).
    public static func open(_ path: String, readOnly: Bool, environment: AppEnvironment) throws -> LedgerSession {
        LedgerSession(log: try LedgerAccess.open(path, readOnly: readOnly, environment: environment), path: path, environment: environment)
    }

    /// Creates a ledger with its reporting currency.
    public static func create(_ path: String, currency: String, environment: AppEnvironment) throws -> LedgerSession {
        LedgerSession(log: try LedgerAccess.create(path, currency: currency, environment: environment), path: path, environment: environment)
    }

    var replayer: Replayer { Replayer(log: log, environment: environment) }

    /// One replay, for callers that compute several things from it (the benchmarks).
    public func prepareReplay(_ request: ReplayRequest) throws -> PreparedReplay {
        try replayer.prepare(request)
    }
}
