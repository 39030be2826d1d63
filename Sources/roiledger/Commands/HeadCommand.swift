import TerminalSupport
import ArgumentParser
import LedgerCore
import LedgerApp
import LedgerStore

/// `roiledger head`: the last event's seq, recorded_at and hash.
struct HeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Print the last event's seq, recorded_at and hash: the anchor an auditor keeps elsewhere.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "table or json")
    var format: OutputFormat = .table

    func run() throws {
        let log = try global.session(readOnly: true).store
        let head = try log.head()
        if format == .json { return Terminal.writeLine(LedgerDocuments.head(head)) }
        guard let head else { return Terminal.writeLine("empty ledger (no events)") }
        Terminal.writeLine("seq          \(head.seq)")
        Terminal.writeLine("recorded_at  \(head.recordedAt)")
        Terminal.writeLine("hash         \(head.hash)")
        Terminal.writeLine("anchor       \(head.seq):\(head.hash)")
    }
}
