import ArgumentParser
import Foundation
import LedgerApp
import LedgerStore

/// Options every ledger command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The ledger file (default: $ROILEDGER_DB, else ./roiledger.sqlite).")
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Seconds a writer waits for another process's write lock before giving up (0: fail at once).",
                                            valueName: "seconds"))
    var wait: Int = EventLog.defaultWaitSeconds

    func validate() throws {
        if wait < 0 { throw ValidationError("--wait must be 0 or more seconds, such as --wait 600") }
    }

    /// The use cases' environment for this process.
    var environment: AppEnvironment { CommandEnvironment.make(waitSeconds: wait) }

    /// Opens the ledger for the use cases.
    func session(readOnly: Bool) throws -> LedgerSession {
        try LedgerSession.open(databasePath, readOnly: readOnly, environment: environment)
    }

    /// `--db`, else `ROILEDGER_DB`, else `./roiledger.sqlite`.
    var databasePath: String {
        if let db { return db }
        if let fromEnvironment = ProcessInfo.processInfo.environment["ROILEDGER_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "roiledger.sqlite"
    }
}

/// Output formats of commands that print records.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}
