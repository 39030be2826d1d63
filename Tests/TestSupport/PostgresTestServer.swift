#if canImport(Glibc)
import Glibc
#endif
public import Foundation
public import LedgerCore
public import LedgerStore

/// The PostgreSQL server the tests use: `ROILEDGER_TEST_POSTGRES` (a superuser's URL; `.ci/run`
/// starts a throwaway cluster and sets it), or else a throwaway cluster this process starts with
/// `.ci/postgres.sh` and stops when it exits. Each test gets a database of its own.
public enum PostgresTestServer {
    /// The superuser URL, or why there is no server (the PostgreSQL tests then fail saying so).
    public static let server: Result<String, PostgresUnavailable> = start()

    public struct PostgresUnavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The server's superuser URL; throws when no server could be had.
    public static func url() throws -> String {
        try server.get()
    }

    private nonisolated(unsafe) static var ownedDirectory: String?

    private static func start() -> Result<String, PostgresUnavailable> {
        if let url = ProcessInfo.processInfo.environment["ROILEDGER_TEST_POSTGRES"], !url.isEmpty {
            return prepare(url)
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/postgres.sh").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roiledger-pg-\(getpid())").path
        // Output goes to files, not pipes: the server inherits the script's descriptors, and a
        // pipe it holds open would never reach end of file.
        let status = runShell("bash \"$0\" start \"$1\" >\"$1.url\" 2>\"$1.log\" </dev/null", script, directory)
        let printed = (try? String(contentsOfFile: directory + ".url", encoding: .utf8)) ?? ""
        let errorText = (try? String(contentsOfFile: directory + ".log", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: directory + ".url")
        try? FileManager.default.removeItem(atPath: directory + ".log")
        guard status == 0 else {
            return .failure(PostgresUnavailable(description: "no PostgreSQL for the tests: set ROILEDGER_TEST_POSTGRES, or let .ci/postgres.sh start one (it said: \(errorText))"))
        }
        ownedDirectory = directory
        atexit {
            guard let directory = PostgresTestServer.ownedDirectory else { return }
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".ci/postgres.sh").path
            _ = PostgresTestServer.runShell("bash \"$0\" stop \"$1\" >/dev/null 2>&1 </dev/null", script, directory)
        }
        return prepare(printed.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs `bash -c command` with the arguments as $0, $1… and waits; its exit status. Plain
    /// posix_spawn and waitpid: Foundation's Process waits through machinery that the blocked
    /// test threads (all waiting for this server) can starve.
    static func runShell(_ command: String, _ arguments: String...) -> Int32 {
        let argv = ["/bin/bash", "-c", command] + arguments
        var pointers = argv.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", nil, nil, &pointers, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    /// Creates the cluster-wide roles once, before tests create ledgers side by side.
    private static func prepare(_ url: String) -> Result<String, PostgresUnavailable> {
        do {
            _ = try PostgresAdmin.execute(url: url, """
                DO $$ BEGIN
                    BEGIN CREATE ROLE roiledger_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END;
                    BEGIN CREATE ROLE roiledger_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END;
                    BEGIN CREATE ROLE roiledger_test_writer LOGIN IN ROLE roiledger_writer; EXCEPTION WHEN duplicate_object THEN NULL; END;
                    BEGIN CREATE ROLE roiledger_test_reader LOGIN IN ROLE roiledger_reader; EXCEPTION WHEN duplicate_object THEN NULL; END;
                END $$
                """)
            _ = try PostgresAdmin.execute(url: url, "GRANT roiledger_reader TO roiledger_writer")
            return .success(url)
        } catch {
            return .failure(PostgresUnavailable(description: "the test PostgreSQL at \(PostgresURL.redacted(url)) refused set-up: \(error)"))
        }
    }
}

/// A database of its own on the test server, dropped when released.
public final class TestDatabase: @unchecked Sendable {
    public let name: String
    /// The database's URL as the server's superuser.
    public let url: String
    private let serverURL: String

    public init() throws {
        serverURL = try PostgresTestServer.url()
        name = "roiledger_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        url = try PostgresAdmin.createDatabase(serverURL: serverURL, name: name)
    }

    /// The URL as another login role (`roiledger_test_writer`, `roiledger_test_reader`).
    public func url(asUser user: String) -> String {
        PostgresAdmin.url(url, user: user)
    }

    deinit {
        try? PostgresAdmin.dropDatabase(serverURL: serverURL, name: name)
    }
}

/// Where a test's ledger is kept: the contract tests run once per backend.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// A fresh ledger on one backend, removed when released.
public final class BackendLedger: @unchecked Sendable {
    public let backend: StoreBackend
    public let store: any EventStore
    /// The file's path or the database's URL: what `--db` takes.
    public let location: String
    public let directory: TemporaryDirectory
    public let database: TestDatabase?

    public init(_ backend: StoreBackend, currency: String = "USD", clock: any LedgerClock = SystemClock()) throws {
        self.backend = backend
        directory = TemporaryDirectory()
        switch backend {
        case .sqlite:
            database = nil
            location = directory.file("ledger.sqlite")
            store = try EventLog.create(path: location, currency: currency, clock: clock)
        case .postgres:
            let database = try TestDatabase()
            self.database = database
            location = database.url
            store = try PostgresLedger.create(url: database.url, currency: currency, clock: clock)
        }
    }

    /// Opens the same ledger again (another connection).
    public func reopen(readOnly: Bool = false, clock: any LedgerClock = SystemClock()) throws -> any EventStore {
        switch backend {
        case .sqlite: try EventLog(path: location, clock: clock, readOnly: readOnly)
        case .postgres: try PostgresLedger(url: location, clock: clock, readOnly: readOnly)
        }
    }

    /// Every stored event, in seq order.
    public func events() throws -> [StoredEvent] {
        var all: [StoredEvent] = []
        try store.events(since: 0, through: .max) { all.append($0) }
        return all
    }
}
