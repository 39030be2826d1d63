import TerminalSupport
import ArgumentParser
import LedgerCore
import LedgerReports
import LedgerApp
import LedgerStore

/// `roiledger log`: the stored events in ledger order.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List stored events in seq order.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only events after this seq.")
    var since: Int64 = 0

    @Option(help: "Only events of this type.")
    var type: String?

    @Option(help: "At most this many events.")
    var limit: Int?

    @Option(help: "table or json (one JSON object per line: seq, recorded_at, hash and the canonical event)")
    var format: OutputFormat = .table

    func validate() throws {
        if let type, EventType(rawValue: type) == nil {
            throw ValidationError("--type must be one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let log = try global.session(readOnly: true).log
        let eventType = type.flatMap(EventType.init(rawValue:))
        switch format {
        case .json:
            var output = ""
            try log.events(since: since, type: eventType, limit: limit) { event in
                output += LedgerDocuments.logLine(event) + "\n"
                if output.utf8.count > 1 << 16 { Terminal.write(output); output = "" }
            }
            Terminal.write(output)
        case .table:
            var table = TextTable([("seq", .right), ("recorded_at", .left), ("at", .left), ("type", .left), ("id", .left), ("hash", .left)])
            try log.events(since: since, type: eventType, limit: limit) { event in
                table.append([String(event.seq), event.recordedAt.description, event.at.description, event.type.rawValue,
                              event.id, String(event.hash.description.prefix(12))])
            }
            Terminal.write(table.render())
            Terminal.writeLine("\(Figures.grouped(table.rowCount)) events")
        }
    }
}
