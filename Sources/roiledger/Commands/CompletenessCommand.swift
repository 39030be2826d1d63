import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerProjections

/// `roiledger completeness`: the records behind a report's completeness counts, to fix.
struct CompletenessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completeness",
        abstract: "List the records behind the completeness counts: unmapped touches, deals without a touch, leads without UTM, spend without a campaign, merges naming unseen records.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var replay: ReplayOptions

    @Option(help: "The model whose credit decides which deals have no kept touch (default: the rule set's).")
    var model: AttributionModelName?

    @Option(help: "table, json or csv")
    var format: ReportFormat = .table

    func run() throws {
        let list = try global.session(readOnly: true).completenessRecords(replay.request, model: model)
        Terminal.write(ReportOutput.render(list, format))
    }
}
