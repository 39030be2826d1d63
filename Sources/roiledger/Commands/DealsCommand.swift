import TerminalSupport
public import ArgumentParser
import LedgerApp
import LedgerCore
public import LedgerProjections

/// `roiledger deals`: the deals behind a channel (and campaign), with the credit each gave it.
struct DealsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deals",
        abstract: "The deals behind a channel or campaign under one model: what makes a row of the attribution table.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var replay: ReplayOptions

    @Option(help: "The channel (default: every channel).")
    var channel: String?

    @Option(help: "The campaign within it; (none) for touches without one.")
    var campaign: String?

    @Option(help: "Only the credit of contacts in this segment: attr:FIELD=VALUE or account:FIELD=VALUE (as the segment rules label it).")
    var segment: String?

    @Option(help: "The model (default: the rule set's).")
    var model: AttributionModelName?

    @Option(help: "pipeline or revenue")
    var view: AttributionView = .pipeline

    @Option(help: "table, json or csv")
    var format: ReportFormat = .table

    func run() throws {
        let list = try global.session(readOnly: true).deals(DealsRequest(replay: replay.request, channel: channel, campaign: campaign,
                                                                        segment: try ListOption.usage { try OptionValues.segment(segment) }, model: model,
                                                                        view: view))
        Terminal.write(ReportOutput.render(list, format))
    }
}

extension AttributionView: ExpressibleByArgument {}
