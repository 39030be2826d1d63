import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// `roiledger explain opportunity ID`: where one deal's credit went, and why.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one opportunity's credit: its touches, mapping rules, lookback, roles, shares and corrections.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var replay: ReplayOptions

    @Argument(help: "What to explain: opportunity.")
    var subject: String

    @Argument(help: "The opportunity id.")
    var id: String

    @Option(help: "The model (default: the rule set's).")
    var model: AttributionModelName?

    @Option(help: "pipeline or revenue")
    var view: String = "pipeline"

    @Option(help: "table or json")
    var format: OutputFormat = .table

    func validate() throws {
        guard subject == "opportunity" else { throw ValidationError("explain takes `opportunity ID`") }
        if AttributionView(rawValue: view) == nil { throw ValidationError("--view must be pipeline or revenue") }
    }

    func run() throws {
        let result = try global.session(readOnly: true).explain(ExplainRequest(replay: replay.request, opportunity: id, model: model,
                                                                                view: AttributionView(rawValue: view)!))
        switch format {
        case .table:
            let lines = result.provenance.lines(digest: "", title: "explain opportunity \(id) under \(result.model.rawValue)")
            Terminal.write(result.explanation.renderTable(provenanceLines: Array(lines.prefix(3))))
        case .json:
            Terminal.write(result.explanation.renderJSON(provenance: result.provenance.json))
        }
    }
}
