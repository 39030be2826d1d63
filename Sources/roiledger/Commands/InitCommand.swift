import TerminalSupport
import ArgumentParser
import LedgerApp

/// `roiledger init`: creates an empty ledger.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty ledger with its reporting currency.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The ledger's reporting currency (ISO 4217); events in any other currency are refused.")
    var currency = "USD"

    func run() throws {
        let path = global.databasePath
        let store = try LedgerSession.create(path, currency: currency, environment: global.environment).store
        Terminal.writeLine("created ledger \(store.location) (currency \(store.currency), format \(try store.formatVersion()))")
    }
}
