import ArgumentParser
import Foundation

/// Options every ledger command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The ledger file (default: $ROILEDGER_DB, else ./roiledger.sqlite).")
    var db: String?

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
