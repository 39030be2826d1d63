import Dispatch
import Foundation
import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerWeb

/// `roiledger serve`: the dashboard and the HTTP API on this ledger.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard and the HTTP API (/v1/) on this ledger until SIGINT or SIGTERM.",
        discussion: """
        The first line of standard output is the URL it listens on. Every read needs a bearer \
        token with the read role (`roiledger token create`) unless --public-read; writes need \
        write, closes close. The server keeps the replayed facts warm and folds new events as \
        they arrive, so a page after the first costs the views, not a replay.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The address to listen on (127.0.0.1: this machine only).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port; the first line printed says which).")
    var port = 8080

    @Flag(help: "Let anyone who can reach the server read without a token (writes still need one).")
    var publicRead = false

    @Option(help: "Megabytes of recent answers kept for the head they were computed at.")
    var cacheMegabytes = 256

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535, such as --port 8080") }
        if cacheMegabytes < 0 { throw ValidationError("--cache-megabytes must be 0 or more") }
    }

    func run() throws {
        var environment = global.environment
        environment.progress = { _ in }
        environment.retain = { _ in }
        environment.replayCache = ReplayCache()
        let session = try LedgerSession.open(global.databasePath, readOnly: false, environment: environment)
        let dashboard = try Dashboard(session: session, publicRead: publicRead, responseCacheBytes: cacheMegabytes << 20) { line in
            Terminal.writeError("serve: \(line)")
        }
        if session.isServer {
            dashboard.followServer(url: global.databasePath)
            Terminal.writeError("serve: following \(session.store.location): new events are read as the server announces them (LISTEN/NOTIFY); HTTP writes are refused, the database's roles decide who writes")
        }
        if host != "127.0.0.1", host != "localhost", host != "::1" {
            Terminal.writeError("note: listening on \(host): anyone who can reach it " + (publicRead ? "can read the ledger" : "can try tokens"))
        }
        let semaphore = DispatchSemaphore(value: 0)
        let outcome = ServeOutcome()
        let (host, port) = (host, port)
        Task {
            do {
                try await WebServer.run(dashboard: dashboard, host: host, port: port) { url in
                    Terminal.writeLine(url)
                }
            } catch {
                outcome.set(error)
            }
            semaphore.signal()
        }
        semaphore.wait()
        if let error = outcome.error { throw CommandFailure(message: "error: the server stopped: \(error)") }
    }
}

/// The server task's error, handed back to the waiting command.
final class ServeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? { lock.withLock { stored } }
    func set(_ error: any Error) { lock.withLock { stored = error } }
}
