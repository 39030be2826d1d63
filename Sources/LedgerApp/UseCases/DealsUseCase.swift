public import LedgerCore
public import LedgerProjections
public import LedgerReports

/// The deals behind a channel (and campaign) under one model: the drill-down from a row of the
/// attribution or ROI table to the records that make it.
public struct DealsRequest: Sendable {
    public var replay: ReplayRequest
    public var channel: String?
    public var campaign: String?
    /// Only credit from touches of contacts in this segment.
    public var segment: SegmentChoice?
    public var model: AttributionModelName?
    public var view: AttributionView

    public init(replay: ReplayRequest = ReplayRequest(), channel: String? = nil, campaign: String? = nil, segment: SegmentChoice? = nil,
                model: AttributionModelName? = nil, view: AttributionView = .pipeline) {
        self.replay = replay
        self.channel = channel
        self.campaign = campaign
        self.segment = segment
        self.model = model
        self.view = view
    }
}

extension LedgerSession {
    public func deals(_ request: DealsRequest) throws -> DealList {
        let prepared = try replayer.prepare(request.replay)
        let model = request.model ?? prepared.rules.attribution.model
        let engine = AttributionEngine(ledger: prepared.ledger, rules: prepared.rules, window: prepared.window)
        let result = engine.run(model, view: request.view)
        let segment = request.segment.map { (grouping: $0.level.rowGrouping(ledger: prepared.ledger, facts: prepared.facts, rules: prepared.rules), value: $0.value) }
        let lines = DealList.lines(result, deals: engine.dealsInScope(request.view), channel: request.channel, campaign: request.campaign, segment: segment)
        return DealList(provenance: prepared.provenance(models: [model], groupBy: GroupBy([.channel, .campaign]), asOf: request.replay.asOf),
                        view: request.view, channel: request.channel, campaign: request.campaign, segment: request.segment?.text, lines: lines)
    }
}

extension LedgerSession {
    /// The records behind a report's completeness counts (the same window, rule set and model).
    public func completenessRecords(_ replay: ReplayRequest, model: AttributionModelName? = nil) throws -> CompletenessList {
        let prepared = try replayer.prepare(replay)
        let model = model ?? prepared.rules.attribution.model
        let engine = AttributionEngine(ledger: prepared.ledger, rules: prepared.rules, window: prepared.window)
        let records = CompletenessRecords(facts: prepared.facts, ledger: prepared.ledger, window: prepared.window,
                                          pipeline: engine.run(model, view: .pipeline),
                                          leads: FunnelView.Base(ledger: prepared.ledger, facts: prepared.facts, window: prepared.window))
        return CompletenessList(provenance: prepared.provenance(models: [model], groupBy: .channel, asOf: replay.asOf, views: [.completeness]),
                                records: records)
    }
}
