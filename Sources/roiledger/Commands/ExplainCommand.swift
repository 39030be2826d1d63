import ArgumentParser
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

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
    var model: String?

    @Option(help: "pipeline or revenue")
    var view: String = "pipeline"

    @Option(help: "table or json")
    var format: OutputFormat = .table

    func validate() throws {
        guard subject == "opportunity" else { throw ValidationError("explain takes `opportunity ID`") }
        if let model, AttributionModelName(rawValue: model) == nil { throw ValidationError("unknown model \(model)") }
        if AttributionView(rawValue: view) == nil { throw ValidationError("--view must be pipeline or revenue") }
    }

    func run() throws {
        let log = try global.openLedger(readOnly: true)
        let prepared = try PreparedReplay.prepare(log, replay)
        let chosen = model.flatMap(AttributionModelName.init(rawValue:)) ?? prepared.rules.attribution.model
        let engine = AttributionEngine(ledger: prepared.ledger, rules: prepared.rules, window: prepared.window)
        guard let explanation = OpportunityExplanation(dealID: id, model: chosen, view: AttributionView(rawValue: view)!,
                                                       engine: engine, facts: prepared.facts) else {
            throw CommandFailure(message: "error: no opportunity \"\(id)\" with a visible `created` event in the ledger (as of the replay point); check the id with `roiledger log --type opportunity`")
        }
        let provenance = prepared.provenance(models: [chosen], groupBy: .channel, asOf: replay.asOf)
        switch format {
        case .table:
            let lines = provenance.lines(digest: "", title: "explain opportunity \(id) under \(chosen.rawValue)")
            Terminal.write(explanation.renderTable(provenanceLines: Array(lines.prefix(3))))
        case .json:
            Terminal.write(explanation.renderJSON(provenance: provenance.json))
        }
    }
}
