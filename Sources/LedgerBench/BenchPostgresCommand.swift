import ArgumentParser
import Foundation
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerReports
import LedgerStore
import TerminalSupport

/// `roiledger-bench postgres`: the same events appended and replayed on PostgreSQL and on
/// SQLite in one run, with the ratios.
struct BenchPostgresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Append and replay the same events on PostgreSQL and on a SQLite file; print the ratios.",
        discussion: """
        Without --server, starts a throwaway cluster with .ci/postgres.sh (run from the project \
        folder) and stops it at the end. Each step runs once; the figures are seconds and events \
        a second on this machine, and the ratio is PostgreSQL's time over SQLite's.
        """)

    @Option(help: "Events to generate (the shipped sample generator).")
    var events = 100_000

    @Option(help: ArgumentHelp("A PostgreSQL URL whose user may create databases.", valueName: "postgres-url"))
    var server: String?

    @Option(help: "Folder for the temporary files (default: a new folder under /tmp).")
    var workdir: String?

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger-bench postgres`")
        #endif
        let folder = try workdir ?? TemporaryFolder.make(prefix: "roiledger-bench")
        // Not inside `folder`: the server runs as the `postgres` user, who cannot enter a private folder.
        let cluster = FileManager.default.temporaryDirectory.appendingPathComponent("roiledger-bench-pg-\(getpid())").path
        var started = false
        let serverURL: String
        if let server {
            serverURL = server
        } else {
            serverURL = try Self.shell("bash .ci/postgres.sh start \(cluster)")
            started = true
        }
        defer { if started { _ = try? Self.shell("bash .ci/postgres.sh stop \(cluster)") } }
        let database = "roiledger_bench_\(getpid())"
        _ = try? PostgresAdmin.dropDatabase(serverURL: serverURL, name: database)
        let url = try PostgresAdmin.createDatabase(serverURL: serverURL, name: database)
        let copyDatabase = database + "_push"
        let copyURL = try PostgresAdmin.createDatabase(serverURL: serverURL, name: copyDatabase)
        defer {
            try? PostgresAdmin.dropDatabase(serverURL: serverURL, name: database)
            try? PostgresAdmin.dropDatabase(serverURL: serverURL, name: copyDatabase)
        }

        let input = folder + "/events.jsonl"
        try SampleFile.write(SampleOptions(eventCount: events, seed: 7), to: input)
        let file = folder + "/ledger.sqlite"
        TemporaryFolder.removeDatabase(file)
        var environment = AppEnvironment(checkpoints: .off, mirrorFolder: folder + "/mirrors")
        environment.progress = { _ in }
        Terminal.writeLine("\(Figures.grouped(events)) generated events; PostgreSQL \(PostgresURL.redacted(url)); SQLite \(Connection.sqliteVersion)")

        var rows: [(step: String, sqlite: Double, postgres: Double)] = []
        // Append: ingest of the same file, one transaction per 10,000 lines.
        let fileSession = try LedgerSession.create(file, currency: "USD", environment: environment)
        let serverSession = try LedgerSession.create(url, currency: "USD", environment: environment)
        let appendSQLite = try Self.time { _ = try fileSession.ingest(IngestRequest(input: input, batchSize: 10_000)) }
        let appendPostgres = try Self.time { _ = try serverSession.ingest(IngestRequest(input: input, batchSize: 10_000)) }
        rows.append(("append (ingest)", appendSQLite, appendPostgres))

        // Reading every row back in seq order.
        let streamSQLite = try Self.time { var n = 0; try fileSession.log.events { _ in n += 1 } }
        let streamPostgres = try Self.time { var n = 0; try serverSession.store.events(since: 0, through: .max) { _ in n += 1 } }
        rows.append(("read every event", streamSQLite, streamPostgres))

        // Mirroring: the file pushed to an empty server database, and pulled into a new file.
        let pushTarget = try PostgresLedger.create(url: copyURL, currency: "USD")
        let pushSeconds = try Self.time {
            _ = try LedgerMirror.push(from: try EventLog(path: file, readOnly: true), to: pushTarget)
        }
        let pulled = folder + "/pulled.sqlite"
        TemporaryFolder.removeDatabase(pulled)
        let pullSeconds = try Self.time {
            _ = try LedgerMirror.pull(from: try PostgresLedger(url: url, readOnly: true), into: try EventLog.create(path: pulled, currency: "USD"))
        }

        // A replay: the year's ROI report, of the file and of its copy pushed to the server (the same
        // ledger, so the same digest). On PostgreSQL, first with an empty local copy (filled by
        // seq, each row checked as the next link), then with a current one.
        let request = ReportRequest(replay: ReplayRequest(), models: [.wShaped], views: [.attribution, .roi, .completeness])
        var digests: [String] = []
        let replaySQLite = try Self.time { digests.append(try fileSession.report(request).digest) }
        let coldPostgres = try Self.time {
            let session = try LedgerSession.open(copyURL, readOnly: true, environment: AppEnvironment(checkpoints: .off, mirrorFolder: folder + "/cold"))
            digests.append(try session.report(request).digest)
        }
        let warmPostgres = try Self.time {
            let session = try LedgerSession.open(copyURL, readOnly: true, environment: AppEnvironment(checkpoints: .off, mirrorFolder: folder + "/cold"))
            digests.append(try session.report(request).digest)
        }
        rows.append(("replay, empty local copy", replaySQLite, coldPostgres))
        rows.append(("replay, current local copy", replaySQLite, warmPostgres))
        guard Set(digests).count == 1 else { throw BenchFailure(message: "the report digests differ between the stores: \(digests)") }

        let table = [["step", "SQLite s", "events/s", "PostgreSQL s", "events/s", "PG / SQLite"]] + rows.map { row in
            [row.step, Figures.fixed(row.sqlite, decimals: 2), rate(row.sqlite), Figures.fixed(row.postgres, decimals: 2), rate(row.postgres),
             Figures.fixed(row.postgres / row.sqlite, decimals: 1) + "x"]
        }
        let widths = (0..<6).map { column in table.map { $0[column].count }.max() ?? 0 }
        Terminal.writeLine("")
        for line in table {
            Terminal.writeLine(line.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  "))
        }
        Terminal.writeLine("")
        Terminal.writeLine("push file -> server: \(Figures.fixed(pushSeconds, decimals: 2)) s (\(rate(pushSeconds)) events/s); "
            + "pull server -> file: \(Figures.fixed(pullSeconds, decimals: 2)) s (\(rate(pullSeconds)) events/s)")
        Terminal.writeLine("the report's digest is the same from both stores: \(digests[0])")
        if workdir == nil { try? FileManager.default.removeItem(atPath: folder) }
    }

    private func rate(_ seconds: Double) -> String { Figures.grouped(Int(Double(events) / max(seconds, 1e-9))) }

    static func time(_ body: () throws -> Void) throws -> Double {
        let started = Terminal.monotonicSeconds()
        try body()
        return Terminal.monotonicSeconds() - started
    }

    /// Runs a shell command from the current folder; its trimmed standard output. Through
    /// posix_spawn and waitpid, with output to a file: the server the script starts inherits the
    /// script's descriptors, and Foundation's Process would wait on them as well.
    static func shell(_ command: String) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("roiledger-bench-\(getpid()).out").path
        let argv = ["/bin/bash", "-c", command + " >\"\(output)\" </dev/null"]
        var pointers = argv.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", nil, nil, &pointers, environ) == 0 else { throw BenchFailure(message: "cannot run bash") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: output)
        guard (status >> 8) & 0xFF == 0, status & 0x7F == 0 else { throw BenchFailure(message: "`\(command)` failed (run from the project folder)") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
