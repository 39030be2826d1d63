public import LedgerCore
public import LedgerProjections
public import LedgerReports

/// Where one deal's credit went, and why.
public struct ExplainRequest: Sendable {
    public var replay: ReplayRequest
    public var opportunity: String
    public var model: AttributionModelName?
    public var view: AttributionView

    public init(replay: ReplayRequest = ReplayRequest(), opportunity: String, model: AttributionModelName? = nil, view: AttributionView = .pipeline) {
        self.replay = replay
        self.opportunity = opportunity
        self.model = model
        self.view = view
    }
}

/// The explanation and the provenance it was computed under.
public struct ExplainResult {
    public var explanation: OpportunityExplanation
    public var provenance: Provenance
    public var model: AttributionModelName
}

extension LedgerSession {
    public func explain(_ request: ExplainRequest) throws -> ExplainResult {
        let prepared = try replayer.prepare(request.replay)
        let model = request.model ?? prepared.rules.attribution.model
        let engine = AttributionEngine(ledger: prepared.ledger, rules: prepared.rules, window: prepared.window)
        guard var explanation = OpportunityExplanation(dealID: request.opportunity, model: model, view: request.view, engine: engine,
                                                       facts: prepared.facts) else {
            throw AppError.unknownOpportunity(id: request.opportunity)
        }
        do {
            explanation.origins = try log.origins(of: explanation.lines.map(\.touch.seq))
        } catch {
            throw AppError.wrap(error)
        }
        return ExplainResult(explanation: explanation, provenance: prepared.provenance(models: [model], groupBy: .channel, asOf: request.replay.asOf),
                             model: model)
    }
}
