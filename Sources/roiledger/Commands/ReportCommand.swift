import ArgumentParser
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore


/// `roiledger report`: attribution under one or several models, side by side.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Pipeline and revenue credited per channel, campaign or contact attribute, under one or more models.",
        discussion: """
        The report is a pure function of the ledger up to --as-of, the rule set and the window, \
        computed by replaying the log once; every format carries its provenance and a digest of \
        its content, so the same inputs give the same bytes.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var replay: ReplayOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Models, side by side (default: the rule set's): \(AttributionModelName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: [String] = []

    @Option(help: "Group rows by channel, campaign or attr:FIELD (a contact attribute).")
    var by = "channel"

    @Option(help: "table, json or csv")
    var format: ReportFormat = .table

    func validate() throws {
        if GroupBy(by) == nil { throw ValidationError("--by must be channel, campaign or attr:FIELD") }
        for name in modelNames where AttributionModelName(rawValue: name) == nil {
            throw ValidationError("unknown model \(name); expected one of \(AttributionModelName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    var modelNames: [String] {
        model.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
    }

    func run() throws {
        let log = try EventLog(path: global.databasePath, readOnly: true)
        let prepared = try PreparedReplay.prepare(log, replay)
        var models = modelNames.compactMap(AttributionModelName.init(rawValue:))
        if models.isEmpty { models = [prepared.rules.attribution.model] }
        var unique: [AttributionModelName] = []
        for model in models where !unique.contains(model) { unique.append(model) }
        let groupBy = GroupBy(by)!
        let engine = AttributionEngine(ledger: prepared.ledger, rules: prepared.rules, window: prepared.window)
        let runs = engine.runs(unique)
        let report = AttributionReport(provenance: prepared.provenance(models: unique, groupBy: groupBy, asOf: replay.asOf),
                                       runs: runs, groupBy: groupBy, ledger: prepared.ledger,
                                       attributes: groupBy.isAttribute ? prepared.ledger.attributes(facts: prepared.facts) : [:])
        switch format {
        case .table: Terminal.write(report.renderTable())
        case .json: Terminal.write(report.renderJSON())
        case .csv: Terminal.write(report.renderCSV())
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case csv
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
