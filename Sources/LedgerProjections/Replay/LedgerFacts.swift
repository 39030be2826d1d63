public import LedgerCore

/// Everything a replay has seen, folded once in `seq` order: the raw facts, not yet resolved.
///
/// Folding only collects; what a fact means depends on events that may come later (a
/// retraction, a merge), so resolution happens once, at the end (`resolve`). Nothing here reads
/// a clock or the store.
public struct LedgerFacts: Sendable {
    /// A touch as stated, with its ledger position.
    public struct TouchFact: Sendable, Equatable {
        public var seq: Int64
        /// Its id, compact when it is a UUID (a replay keeps one per touch; see `EventID`).
        public let eventID: EventID
        public var id: String { eventID.description }
        public var at: Timestamp
        /// The contact and account as stated (before merges).
        public var contact: String
        public var account: String?
        /// The rest of what it says, shared with every touch that says the same.
        public let shape: TouchShape
        public var touch: Touch { shape.touch(contact: contact, account: account) }

        init(seq: Int64, id: String, at: Timestamp, contact: String, account: String?, shape: TouchShape) {
            self.init(seq: seq, eventID: EventID(id), at: at, contact: contact, account: account, shape: shape)
        }

        init(seq: Int64, eventID: EventID, at: Timestamp, contact: String, account: String?, shape: TouchShape) {
            self.seq = seq
            self.eventID = eventID
            self.at = at
            self.contact = contact
            self.account = account
            self.shape = shape
        }
    }

    /// One opportunity event.
    public struct OpportunityFact: Sendable, Equatable {
        public var seq: Int64
        /// Its id, compact when it is a UUID (see `EventID`).
        public let eventID: EventID
        public var id: String { eventID.description }
        public var at: Timestamp
        public var change: OpportunityChange

        public init(seq: Int64, id: String, at: Timestamp, change: OpportunityChange) {
            self.init(seq: seq, eventID: EventID(id), at: at, change: change)
        }

        public init(seq: Int64, eventID: EventID, at: Timestamp, change: OpportunityChange) {
            self.seq = seq
            self.eventID = eventID
            self.at = at
            self.change = change
        }
    }

    /// A dated statement, kept to pick the latest or earliest visible one later.
    public struct Dated<Value: Sendable & Equatable>: Sendable, Equatable {
        public var seq: Int64
        /// Its id, compact when it is a UUID (see `EventID`).
        public let eventID: EventID
        public var id: String { eventID.description }
        public var at: Timestamp
        public var value: Value

        public init(seq: Int64, id: String, at: Timestamp, value: Value) {
            self.init(seq: seq, eventID: EventID(id), at: at, value: value)
        }

        public init(seq: Int64, eventID: EventID, at: Timestamp, value: Value) {
            self.seq = seq
            self.eventID = eventID
            self.at = at
            self.value = value
        }
    }

    /// Every touch, in seq order (about half of a ledger's events: kept in chunks, see `ChunkedArray`).
    public internal(set) var touches = ChunkedArray<TouchFact>()
    /// The touches' shapes, each once.
    public internal(set) var touchShapes = TouchShapes()
    /// Per opportunity id, its events in seq order.
    public internal(set) var opportunities: [String: [OpportunityFact]] = [:]
    /// Per opportunity id, its adjustments.
    public internal(set) var adjustments: [String: [Dated<Money>]] = [:]
    /// Per contact, every account named for it on its `contact` events. Touches name accounts
    /// too, but those statements are read from `touches` (keeping a second copy of one touch in
    /// two would cost a statement per touch).
    public internal(set) var contactAccounts: [String: [Dated<String>]] = [:]
    /// Per contact, its `contact` events that carry attributes, in seq order.
    public internal(set) var contactAttributes: [String: [Dated<ContactFacts>]] = [:]
    /// Per account (as stated), its `account` events, in seq order.
    public internal(set) var accountAttributes: [String: [Dated<AccountFacts>]] = [:]
    /// Per contact, its recorded stages.
    public internal(set) var stages: [String: [Dated<String>]] = [:]
    /// Merge events by id, with their time (the prospective policy needs it).
    public internal(set) var mergeTimes: [String: Timestamp] = [:]
    public internal(set) var rulePublications: [Dated<RulesPublication>] = []
    /// Every spend record, in seq order.
    public internal(set) var spends: [Dated<Spend>] = []
    /// Per contact (as stated), what it said about how it heard of us.
    public internal(set) var selfReports: [String: [Dated<String>]] = [:]
    /// Every merge, unmerge (its merge's id) and retraction (its target's id), for `explain`.
    public internal(set) var merges: [Dated<Merge>] = []
    public internal(set) var unmerges: [Dated<String>] = []
    public internal(set) var retractions: [Dated<String>] = []
    /// Corrections in force: merges, unmerges and retractions, as of the last event folded.
    public internal(set) var corrections = MergeGraph()
    /// The last event folded.
    public internal(set) var headSeq: Int64 = 0
    public internal(set) var eventCount = 0

    public init() {}

    /// A fold that remembers at most `touchShapeLimit` distinct touch shapes (tests of the limit).
    init(touchShapeLimit: Int) {
        touchShapes = TouchShapes(limit: touchShapeLimit)
    }

    /// Folds one event; events must come in `seq` order.
    public mutating func apply(_ record: ReplayRecord) {
        precondition(record.seq > headSeq, "replay must feed events in seq order")
        headSeq = record.seq
        eventCount += 1
        let event = record.event
        switch event.payload {
        case .touch(let touch):
            touches.append(TouchFact(seq: record.seq, id: event.id, at: event.at, contact: touch.contact, account: touch.account,
                                     shape: touchShapes.shape(of: touch)))
        case .contact(let facts):
            if let account = facts.account {
                contactAccounts[facts.contact, default: []].append(Dated(seq: record.seq, id: event.id, at: event.at, value: account))
            }
            if !facts.attributes.isEmpty {
                contactAttributes[facts.contact, default: []].append(Dated(seq: record.seq, id: event.id, at: event.at, value: facts))
            }
        case .stage(let change):
            stages[change.contact, default: []].append(Dated(seq: record.seq, id: event.id, at: event.at, value: change.stage))
        case .opportunity(let change):
            opportunities[change.opportunity, default: []].append(OpportunityFact(seq: record.seq, id: event.id, at: event.at, change: change))
        case .adjustment(let adjustment):
            adjustments[adjustment.opportunity, default: []].append(Dated(seq: record.seq, id: event.id, at: event.at, value: adjustment.amount))
        case .merge(let merge):
            mergeTimes[event.id] = event.at
            merges.append(Dated(seq: record.seq, id: event.id, at: event.at, value: merge))
        case .unmerge(let unmerge):
            unmerges.append(Dated(seq: record.seq, id: event.id, at: event.at, value: unmerge.mergeEventID))
        case .retract(let retraction):
            retractions.append(Dated(seq: record.seq, id: event.id, at: event.at, value: retraction.eventID))
        case .rules(let publication):
            rulePublications.append(Dated(seq: record.seq, id: event.id, at: event.at, value: publication))
        case .spend(let spend):
            spends.append(Dated(seq: record.seq, id: event.id, at: event.at, value: spend))
        case .selfReport(let report):
            selfReports[report.contact, default: []].append(Dated(seq: record.seq, id: event.id, at: event.at, value: report.source))
        case .account(let facts):
            accountAttributes[facts.account, default: []].append(Dated(seq: record.seq, id: event.id, at: event.at, value: facts))
        case .close:
            break
        }
        if let correction = MergeGraph.Correction(event) {
            // Validated at ingest; replay takes the log as it stands.
            try? corrections.apply(correction, validating: false)
        }
    }

    /// Whether an event is in force (no retraction in force names it).
    public func isVisible(_ id: String) -> Bool {
        !corrections.isRetracted(id)
    }

    /// The same, by compact id (no text made for it).
    public func isVisible(_ id: EventID) -> Bool {
        !corrections.isRetracted(id)
    }
}
