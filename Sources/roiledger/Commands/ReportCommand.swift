import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// `roiledger report`: attribution under one or several models, side by side.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Attribution, funnel, ROI and data completeness per channel, campaign or contact attribute.",
        discussion: """
        The report is a pure function of the ledger up to --as-of, the rule set and the window, \
        computed by replaying the log once; every format carries its provenance and a digest of \
        its content, so the same inputs give the same bytes. CSV is one sheet: \
        table,group,column,value, the provenance first as rows of the table "provenance"; with \
        --out FOLDER/ it is one CSV per table plus provenance.csv.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var replay: ReplayOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Models, side by side (default: the rule set's): \(AttributionModelName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Views the report holds: attribution, funnel, roi, handoff, completeness or all (completeness always comes along; default: attribution).")
    var view: [String] = []

    @Option(help: "Group rows by channel, campaign, attr:FIELD (a contact attribute) or account:FIELD (an attribute of the contact's account, from account events); several nested with subtotals (channel,campaign; channel,account:industry); or by period alone (week, month, quarter: a row per period of the rule set's calendar).")
    var by = "channel"

    @Option(help: "A series: every view for each week, month, quarter or year of the rule set's calendar, plus the window's total, from one replay; each period under the rule set in force in it unless --rules or --rules-file names one for all.")
    var every: String?

    @Option(help: "table, json or csv")
    var format: ReportFormat = .table

    @Option(help: "Write to this file instead of standard output; with --format csv and a folder (or a path ending in /), one CSV per table.")
    var out: String?

    @Option(help: "A closed period (as given to `close`): its report as of the close against now, every moved amount by cause.")
    var restatement: String?

    @Option(help: "A closed period: the report its close sealed, reproduced from the ledger, with the sealed digest checked.")
    var closed: String?

    func validate() throws {
        _ = try ListOption.groupBy(by)
        _ = try ListOption.views(view, default: "attribution")
        _ = try ListOption.models(model)
        _ = try ListOption.every(every)
        if restatement != nil, closed != nil { throw ValidationError("give --restatement PERIOD or --closed PERIOD, not both") }
        let groupBy = try ListOption.groupBy(by)
        if every != nil || groupBy.period != nil, restatement != nil || closed != nil {
            throw ValidationError("--every and --by week|month|quarter make a series; a closed period's report or restatement is one report")
        }
        if let every, groupBy.period != nil {
            throw ValidationError("give --every \(every) for a series with each period's tables, or --by \(by) for the trend tables alone, not both")
        }
    }

    func run() throws {
        let session = try global.session(readOnly: true)
        if let restatement {
            let document = try session.restatement(ClosedPeriodRequest(period: restatement, asOf: replay.asOf, rules: replay.request.rules))
            let text = switch format {
            case .table: document.renderTable()
            case .json: document.renderJSON()
            case .csv: document.renderCSV()
            }
            if let out { return try ReportOutput.save(text, to: out, after: nil) }
            return Terminal.write(text)
        }
        if let closed {
            let result = try session.closedReport(ClosedPeriodRequest(period: closed, asOf: replay.asOf))
            try ReportOutput.write(result.report, format: format, to: out)
            guard result.reproduces else {
                throw CommandFailure(message: "error: the report as of the close of \(closed) (seq \(result.closeSeq)) has digest \(result.report.digest), not the sealed \(result.sealedDigest); run `roiledger verify` and `roiledger audit` on a saved copy", exitCode: 2)
            }
            Terminal.writeError("\(closed): the report sealed at seq \(result.closeSeq), reproduced; digest \(result.sealedDigest) matches")
            return
        }
        let request = ReportRequest(replay: replay.request, models: try ListOption.models(model),
                                    views: try ListOption.views(view, default: "attribution"), groupBy: try ListOption.groupBy(by))
        if let unit = try ListOption.every(every) ?? request.groupBy.period {
            let series = try session.series(SeriesRequest(report: request, every: unit, detail: every != nil))
            return try ReportOutput.write(series, format: format, to: out)
        }
        try ReportOutput.write(try session.report(request), format: format, to: out)
    }
}

extension ReportFormat: ExpressibleByArgument {}
