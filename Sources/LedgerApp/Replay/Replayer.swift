public import LedgerCore
public import LedgerProjections
public import LedgerReports
public import LedgerStore

/// Replays a ledger for the use cases: one fold through any number of as-of points, the rule
/// set settled, the window settled, the ledger resolved.
public struct Replayer {
    public let log: EventLog
    public let environment: AppEnvironment

    public init(log: EventLog, environment: AppEnvironment) {
        self.log = log
        self.environment = environment
    }

    /// Replays once up to the request's as-of point and settles rule set and window.
    public func prepare(_ request: ReplayRequest) throws -> PreparedReplay {
        let asOf = try request.asOfTimestamp()
        _ = try request.windowEnds()
        let head = try head(asOf: asOf)
        let facts = try fold(through: [head])[0]
        let ends = try request.windowEnds(facts: facts)
        return try settle(facts: facts, head: head, rules: request.rules, window: window(facts, from: ends.from, to: ends.to), level: request.level)
    }

    /// The ledger's head as recorded at `asOf` (nil: the head now).
    func head(asOf: Timestamp?) throws -> LedgerHead? {
        try storeCall { try asOf.map { try log.head(asOf: $0) } ?? log.head() }
    }

    /// The head at an as-of point given as request text.
    func head(asOfText text: String?) throws -> LedgerHead? {
        try head(asOf: try text.map { try RequestValues.timestamp($0, .asOf) })
    }

    /// Folds the log once, in seq order, through the latest of `heads`, and returns the facts as
    /// they stood at each head (one pass serves every as-of point). The fold resumes from the
    /// nearest checkpoint and saves a new one after a long pass, in the background
    /// (`BackgroundWork`); `audit` passes `.off` to prove from the log alone.
    public func fold(through heads: [LedgerHead?], checkpoints: CheckpointPolicy? = nil) throws -> [LedgerFacts] {
        let seqs = heads.map { $0?.seq ?? 0 }
        let last = seqs.max() ?? 0
        let progress = environment.progress
        // A server continues from the facts it folded for an earlier request; `audit` (which
        // passes its own policy) proves from the log alone.
        let cache = checkpoints == nil ? environment.replayCache : nil
        let lowest = seqs.filter { $0 > 0 }.min() ?? 0
        let warm = cache?.facts(atOrBefore: lowest).map { (state: $0.facts, hash: $0.hash) }
        let folded = try storeCall {
            try log.fold(LedgerFacts.self, key: .facts, through: seqs, policy: checkpoints ?? environment.checkpoints, warm: warm) { seq in
                progress(.replay(folded: seq, of: last))
            }
        }
        if let cache, let index = seqs.firstIndex(of: last), last > 0, let head = heads[index] {
            cache.keep(folded.states[index], hash: head.hash)
        }
        progress(.done)
        for problem in folded.skipped { environment.notice("checkpoint skipped: \(problem)") }
        if let save = folded.pendingSave {
            // Encoding and writing the state takes about as long as the fold; on the other core
            // it overlaps resolution and the views instead of adding to them.
            let notice = UncheckedNotice(environment.notice)
            BackgroundWork.start {
                do {
                    try save.perform()
                } catch {
                    notice.send("checkpoint not saved: \(error)")
                }
            }
        }
        environment.retain(folded.states)
        return folded.states
    }

    /// The window given, each missing end defaulting to the first or last day with a touch or
    /// deal; with neither to take it from, the request must give it.
    public func window(_ facts: LedgerFacts, from: LedgerDate?, to: LedgerDate?) throws -> ReportWindow {
        if let from, let to { return ReportWindow(from: from, to: to) }
        guard let span = Self.span(facts) else {
            if facts.headSeq == 0 { throw AppError.emptyLedger }
            throw AppError.windowUndetermined(missing: (from == nil ? [Parameter.from] : []) + (to == nil ? [.to] : []))
        }
        return ReportWindow(from: from ?? span.from, to: to ?? span.to)
    }

    /// The first and last day with a touch or deal.
    static func span(_ facts: LedgerFacts) -> (from: LedgerDate, to: LedgerDate)? {
        var first: Timestamp?
        var last: Timestamp?
        func see(_ at: Timestamp) {
            if first.map({ at < $0 }) ?? true { first = at }
            if last.map({ at > $0 }) ?? true { last = at }
        }
        for touch in facts.touches { see(touch.at) }
        for events in facts.opportunities.values { for event in events { see(event.at) } }
        guard let first, let last else { return nil }
        return (first.date, last.date)
    }

    /// Settles the rule set (a file, a published reference, else the one in force at the
    /// window's end, else the shipped default) and resolves the ledger under it, reusing
    /// `reusable`'s resolution when it was made from the same facts under the same resolution rules.
    public func settle(facts: LedgerFacts, head: LedgerHead?, rules choice: RuleChoice, window: ReportWindow, level: AttributionLevel?,
                       reusable: PreparedReplay? = nil) throws -> PreparedReplay {
        var (rules, identity) = try RuleSetLoader.load(choice, facts: facts, window: window)
        if let level { rules.attribution.level = level }
        // The window's days begin at midnight in the rule set's reporting time zone.
        var window = window
        window.utcOffsetMinutes = rules.calendar.utcOffsetMinutes
        let ledger: ResolvedLedger
        let resolution = ResolutionRules(rules)
        // A kept resolution is only for the facts at a head as the log has them (not a restated step's).
        let cache = head.flatMap { facts.headSeq == $0.seq ? environment.replayCache : nil }
        if let reusable, reusable.head?.seq == head?.seq, reusable.ledger.resolutionRules == resolution {
            ledger = reusable.ledger
        } else if let cache, let head, let kept = cache.resolved(head: head, rules: resolution) {
            ledger = kept
        } else {
            ledger = ResolvedLedger(facts: facts, rules: rules)
            environment.retain(ledger)
            if let cache, let head { cache.keep(ledger, head: head, rules: resolution) }
        }
        return PreparedReplay(facts: facts, rules: rules, ruleSet: identity, window: window, head: head, ledger: ledger,
                              ruleChanges: try RuleSetTimeline.changes(in: window, facts: facts, applied: identity.label))
    }
}

/// Calls the store and turns its errors into the application's.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw AppError.wrap(error)
    }
}

/// A notice sink handed to background work: the sink is only ever a line writer.
struct UncheckedNotice: @unchecked Sendable {
    let send: (String) -> Void
    init(_ send: @escaping (String) -> Void) { self.send = send }
}
