import ArgumentParser
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore


/// `roiledger report`: attribution under one or several models, side by side.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Attribution, funnel, ROI and data completeness per channel, campaign or contact attribute.",
        discussion: """
        The report is a pure function of the ledger up to --as-of, the rule set and the window, \
        computed by replaying the log once; every format carries its provenance and a digest of \
        its content, so the same inputs give the same bytes.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var replay: ReplayOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Models, side by side (default: the rule set's): \(AttributionModelName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Views the report holds: attribution, funnel, roi, completeness or all (completeness always comes along; default: attribution).")
    var view: [String] = []

    @Option(help: "Group rows by channel, campaign or attr:FIELD (a contact attribute; not with the roi view).")
    var by = "channel"

    @Option(help: "table, json or csv")
    var format: ReportFormat = .table

    @Option(help: "A closed period (as given to `close`): its report as of the close against now, every moved amount by cause.")
    var restatement: String?

    func validate() throws {
        if GroupBy(by) == nil { throw ValidationError("--by must be channel, campaign or attr:FIELD") }
        let parsed = ReportView.parse(viewNames)
        if let unknown = parsed.unknown { throw ValidationError("unknown view \(unknown); expected attribution, funnel, roi, completeness or all") }
        if parsed.views.contains(.roi), GroupBy(by)?.isAttribute == true {
            throw ValidationError("the roi view groups by channel or campaign (spend has no contact attribute); drop --by \(by) or the roi view")
        }
        for name in modelNames where AttributionModelName(rawValue: name) == nil {
            throw ValidationError("unknown model \(name); expected one of \(AttributionModelName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    var modelNames: [String] { Self.list(model) }

    var viewNames: [String] { view.isEmpty ? ["attribution"] : Self.list(view) }

    /// Values given as repeated options, comma lists or both.
    static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
    }

    func run() throws {
        let log = try global.openLedger(readOnly: true)
        if let restatement {
            return try RestatementRun(period: restatement, options: replay, format: format).run(log)
        }
        let prepared = try PreparedReplay.prepare(log, replay)
        var models = modelNames.compactMap(AttributionModelName.init(rawValue:))
        if models.isEmpty { models = [prepared.rules.attribution.model] }
        var unique: [AttributionModelName] = []
        for model in models where !unique.contains(model) { unique.append(model) }
        let groupBy = GroupBy(by)!
        let report = prepared.report(models: unique, groupBy: groupBy, views: ReportView.parse(viewNames).views, asOf: replay.asOf)
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
