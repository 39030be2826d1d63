public import LedgerCore

/// Why one deal's credit went where it did under one model: every candidate touch with its raw
/// UTM fields, the rule that gave its channel, whether the lookback kept it, its roles, its share
/// and the arithmetic, and the corrections (merges, unmerges, retractions) that moved things.
public struct OpportunityExplanation: Sendable {
    public struct Line: Sendable {
        public var touch: ResolvedTouch
        public var isKept: Bool
        public var roles: [String]
        /// The share as text: an exact fraction (`3/10`) or, for floating models, a decimal.
        public var share: String
        public var credit: Money?
        /// The merges that moved the touch's contact to the deal's contact.
        public var mergePath: [String]
    }

    public struct Correction: Sendable {
        public var seq: Int64
        public var id: String
        public var at: Timestamp
        public var summary: String
    }

    public var deal: Deal
    public var model: AttributionModelName
    public var view: AttributionView
    public var amount: Money?
    public var inScope: Bool
    public var lookbackStart: Timestamp
    public var windowEnd: Deal.Moment
    public var lines: [Line]
    public var corrections: [Correction]
    /// Where imported touches came from (file and line), by seq; set by the caller, which can
    /// read the store.
    public var origins: [Int64: EventOrigin] = [:]

    public init?(dealID: String, model: AttributionModelName, view: AttributionView, engine: AttributionEngine, facts: LedgerFacts) {
        let ledger = engine.ledger
        guard let deal = ledger.deals.first(where: { $0.id == dealID }) else { return nil }
        self.deal = deal
        self.model = model
        self.view = view
        let scope = engine.dealsInScope(view).first { $0.deal.id == dealID }
        inScope = scope != nil
        amount = scope?.amount ?? (view == .pipeline ? deal.amount : deal.revenue(through: engine.window.end))
        let selector = TouchSelector(ledger: ledger, rules: engine.rules.attribution)
        let toClose = engine.creditsToClose(model)
        let touches = selector.touches(of: deal, creditToClose: toClose)
        lookbackStart = Timestamp(microseconds: deal.created.at.microseconds - Int64(engine.rules.attribution.lookbackDays) * Timestamp.microsecondsPerDay)
        windowEnd = toClose ? (deal.close ?? deal.created) : deal.created

        var markov: MarkovModel?
        var shapley: ShapleyModel?
        if model.isDataDriven {
            let journeys = engine.journeys(view, selector: selector)
            if model == .markov { markov = MarkovModel(journeys: journeys) } else { shapley = ShapleyModel(journeys: journeys) }
        }
        var shares: [String] = []
        var credits: [Money] = []
        if !touches.touches.isEmpty {
            let weights = engine.weights(model, touches, markov: markov, shapley: shapley)
            if model.isDataDriven || model == .timeDecay {
                shares = weights.normalized.map(Self.decimal)
            } else {
                shares = RuleBasedShares.shares(model, for: touches, rules: engine.rules.attribution).map(\.description)
            }
            credits = Apportionment.split(amount ?? .zero, weights)
        }
        let roles = touches.roles
        func roleNames(_ index: Int) -> [String] {
            var names: [String] = []
            if roles.first == index { names.append("first") }
            if roles.leadCreation == index { names.append("lead creation") }
            if roles.opportunityCreation == index { names.append("opportunity creation") }
            if roles.closing == index { names.append("closing") }
            if roles.last == index { names.append("last") }
            return names
        }
        var lines = touches.touches.enumerated().map { index, touch in
            Line(touch: touch, isKept: true, roles: roleNames(index), share: shares[index], credit: credits[index],
                 mergePath: ledger.identity.path(touch.raw.contact, kind: .contact, at: touch.at))
        }
        lines += touches.excluded.map { touch in
            Line(touch: touch, isKept: false, roles: [], share: "0", credit: nil,
                 mergePath: ledger.identity.path(touch.raw.contact, kind: .contact, at: touch.at))
        }
        lines.sort { ($0.touch.at, $0.touch.seq) < ($1.touch.at, $1.touch.seq) }
        self.lines = lines
        corrections = Self.corrections(for: deal, facts: facts, identity: ledger.identity)
    }

    static func decimal(_ value: Double) -> String {
        let scaled = Int64((value * 1e6).rounded())
        let fraction = String(scaled % 1_000_000)
        return "\(scaled / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// Merges, unmerges and retractions that touch the deal, its contacts or its account.
    static func corrections(for deal: Deal, facts: LedgerFacts, identity: IdentityResolver) -> [Correction] {
        let far = Timestamp(microseconds: .max)
        let contacts = Set(deal.contacts)
        func concernsDeal(_ merge: Merge) -> Bool {
            switch merge.kind {
            case .contact: contacts.contains(identity.contact(merge.into, at: far)) || contacts.contains(merge.from) || contacts.contains(merge.into)
            case .account: identity.account(merge.into, at: far) == deal.account || merge.from == deal.account || merge.into == deal.account
            }
        }
        var related = Set<String>()
        var result: [Correction] = []
        for merge in facts.merges where concernsDeal(merge.value) {
            related.insert(merge.id)
            let status = facts.corrections.isInForce(merge.id) ? "in force" : "not in force"
            result.append(Correction(seq: merge.seq, id: merge.id, at: merge.at,
                                     summary: "merge \(merge.value.kind.rawValue) \(merge.value.from) into \(merge.value.into) (\(status))"))
        }
        for unmerge in facts.unmerges where related.contains(unmerge.value) {
            related.insert(unmerge.id)
            result.append(Correction(seq: unmerge.seq, id: unmerge.id, at: unmerge.at, summary: "unmerge of \(unmerge.value)"))
        }
        let dealEvents = Set((facts.opportunities[deal.id] ?? []).map(\.id) + (facts.adjustments[deal.id] ?? []).map(\.id))
        let contactTouches = Set(facts.touches.filter { contacts.contains(identity.contact($0.contact, at: $0.at)) }.map(\.id))
        for retraction in facts.retractions {
            let target = retraction.value
            guard dealEvents.contains(target) || contactTouches.contains(target) || related.contains(target) else { continue }
            related.insert(retraction.id)
            let status = facts.isVisible(retraction.eventID) ? "" : " (itself retracted)"
            result.append(Correction(seq: retraction.seq, id: retraction.id, at: retraction.at, summary: "retract \(target)\(status)"))
        }
        return result.sorted { $0.seq < $1.seq }
    }
}
