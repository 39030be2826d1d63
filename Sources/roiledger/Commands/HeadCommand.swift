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
        let log = try global.session(readOnly: true).log
        guard let head = try log.head() else {
            switch format {
            case .table: Terminal.writeLine("empty ledger (no events)")
            case .json: Terminal.writeLine(#"{"seq":0}"#)
            }
            return
        }
        switch format {
        case .table:
            Terminal.writeLine("seq          \(head.seq)")
            Terminal.writeLine("recorded_at  \(head.recordedAt)")
            Terminal.writeLine("hash         \(head.hash)")
            Terminal.writeLine("anchor       \(head.seq):\(head.hash)")
        case .json:
            Terminal.writeLine(#"{"hash":"\#(head.hash)","recorded_at":"\#(head.recordedAt)","seq":\#(head.seq)}"#)
        }
    }
}
