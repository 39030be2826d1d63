public import LedgerCore
public import LedgerProjections
public import LedgerReports

/// A correction ops makes to the record: a merge of two records, the undo of a merge, or a
/// retraction of an event. Validated by lookup, as `ingest` validates the same event.
public struct CorrectionRequest: Sendable {
    public enum Action: Sendable, Equatable {
        case merge(kind: MergeKind, from: String, into: String)
        case unmerge(mergeID: String)
        case retract(eventID: String)
    }

    public var action: Action
    public var context: ActionContext

    public init(_ action: Action, context: ActionContext) {
        self.action = action
        self.context = context
    }

    /// The event type's name (`merge`, `unmerge`, `retract`).
    public var typeName: String { type.rawValue }

    var type: EventType {
        switch action {
        case .merge: .merge
        case .unmerge: .unmerge
        case .retract: .retract
        }
    }

    var fields: [(String, JSONValue)] {
        switch action {
        case .merge(let kind, let from, let into): [("kind", .string(kind.rawValue)), ("from", .string(from)), ("into", .string(into))]
        case .unmerge(let id): [("merge", .string(id))]
        case .retract(let id): [("event", .string(id))]
        }
    }

    var idStem: String {
        switch action {
        case .merge(let kind, let from, let into): "merge:\(kind.rawValue):\(from)>\(into)"
        case .unmerge(let id): "unmerge:\(id)"
        case .retract(let id): "retract:\(id)"
        }
    }
}

/// What a correction did.
public enum AppendResult: Sendable, Equatable {
    case appended(seq: Int64, id: String)
    /// The same id with the same content was already in the ledger: nothing appended.
    case alreadyPresent(seq: Int64, id: String)
}

/// A correction's effect on credit, without appending it.
public struct CorrectionPreviewResult {
    public var id: String
    public var model: AttributionModelName
    public var window: ReportWindow
    public var previews: [(view: AttributionView, preview: CorrectionPreview)]
    /// Every figure of every view (cost, ROI, the funnel, completeness…) the correction moves.
    public var figures: FigureRestatement
}

extension LedgerSession {
    /// Appends the correction. Nothing is replayed: the store checks the ids it names and the
    /// merges in force by lookup.
    public func correct(_ request: CorrectionRequest) throws -> AppendResult {
        let (decoded, recordedAt) = try composeCorrection(request)
        return try EventWriter(session: self).append(decoded, action: request.type.rawValue, recordedAt: recordedAt)
    }

    /// Validates the correction as an append would, rolls it back, and shows per view the deals
    /// whose credit it moves (this replays the ledger, over `replay`'s window and as-of point).
    public func previewCorrection(_ request: CorrectionRequest, replay: ReplayRequest, model: AttributionModelName?) throws -> CorrectionPreviewResult {
        let (decoded, recordedAt) = try composeCorrection(request)
        try EventWriter(session: self).validate(decoded, action: request.type.rawValue, recordedAt: recordedAt)
        let prepared = try replayer.prepare(replay)
        let chosen = model ?? prepared.rules.attribution.model
        let record = ReplayRecord(seq: (prepared.head?.seq ?? 0) + 1, recordedAt: environment.clock.now(), event: decoded.event)
        let previews = AttributionView.allCases.map { view in
            (view, CorrectionPreview(facts: prepared.facts, correction: record, rules: prepared.rules, window: prepared.window, model: chosen, view: view))
        }
        // Every view before and after, as a restatement of one cause: a retracted spend record
        // moves cost and ROI even when no deal's credit moves.
        var after = prepared
        after.facts.apply(record)
        after.ledger = ResolvedLedger(facts: after.facts, rules: after.rules)
        func report(_ replay: PreparedReplay) -> Report {
            replay.report(models: [chosen], groupBy: .channel, views: ReportView.allCases, asOf: nil)
        }
        let cause = Restatement.cause(of: decoded.event.type) ?? request.type.rawValue
        let figures = FigureRestatement(steps: [("before", report(prepared)), (cause, report(after))])
        return CorrectionPreviewResult(id: decoded.event.id, model: chosen, window: prepared.window, previews: previews, figures: figures)
    }

    private func composeCorrection(_ request: CorrectionRequest) throws -> (EventDecoder.Decoded, Timestamp?) {
        let at = try request.context.atTimestamp(environment)
        let id = request.context.id ?? "\(request.idStem)@\(RFC3339.format(at, nanosecondRemainder: 0))"
        let fields = request.fields + (try request.context.whoAndWhy(environment, requireReason: request.type.rawValue))
        let decoded = try EventWriter(session: self).compose(action: request.type.rawValue, type: request.type, id: id, at: at, fields: fields)
        return (decoded, try request.context.recordedAtTimestamp())
    }
}
