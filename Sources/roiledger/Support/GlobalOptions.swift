import ArgumentParser
import Foundation
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

    /// Opens the ledger; a read-only open of a ledger on read-only media says how it was read.
    func openLedger(readOnly: Bool = false) throws -> EventLog {
        let log = try EventLog(path: databasePath, readOnly: readOnly, waitSeconds: wait)
        if log.isOnReadOnlyMedia {
            Terminal.writeError("note: \(databasePath) is on read-only media; it was opened immutable (no locks), which is right as long as nothing writes it meanwhile")
        }
        return log
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
