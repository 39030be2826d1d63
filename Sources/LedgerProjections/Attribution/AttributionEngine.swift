public import LedgerCore

/// One deal's amount credited to one touch (or to `(no touch)`).
///
/// Small on purpose (an id, a reference and an amount): a report holds one credit per kept
/// touch of every deal in scope, for each model and view.
public struct Credit: Sendable, Equatable {
    public var dealID: String
    /// Nil for a deal with no kept touch.
    public var touch: ResolvedTouch?
    public var amount: Money

    public init(dealID: String, touch: ResolvedTouch?, amount: Money) {
        self.dealID = dealID
        self.touch = touch
        self.amount = amount
    }

    /// The touch's channel, or `(no touch)`.
    public var channel: String { touch?.channel ?? AttributionEngine.noTouch }
    /// The touch's campaign (nil without one, and for `(no touch)`).
    public var campaign: String? { touch?.campaign }
}

/// The credits of one model over one view.
public struct AttributionResult: Sendable {
    public var model: AttributionModelName
    public var view: AttributionView
    public var credits: [Credit]
    /// Deals in scope and their total amount; the credits sum to it exactly.
    public var dealCount: Int
    public var total: Money
    public var markov: MarkovModel?
    public var shapley: ShapleyModel?
}

/// Credits deals to touches under one model: picks each deal's touches, asks the model for
/// shares, and apportions the deal's amount exactly. Pure: a resolved ledger, a rule set and a
/// window in; credits out.
public struct AttributionEngine: Sendable {
    public static let noTouch = "(no touch)"

    public let ledger: ResolvedLedger
    public let rules: RuleSet
    public let window: ReportWindow

    /// Each deal's touches under the rule set's own window end, selected once and shared by
    /// every model and view of the report (selection sorts each deal's candidates).
    let selections: [String: DealTouches]

    public init(ledger: ResolvedLedger, rules: RuleSet, window: ReportWindow) {
        self.ledger = ledger
        self.rules = rules
        self.window = window
        let selector = TouchSelector(ledger: ledger, rules: rules.attribution)
        let toClose = rules.attribution.creditUntil == .close
        var selections: [String: DealTouches] = [:]
        for deal in ledger.deals where window.contains(deal.created.at) || deal.close.map({ window.contains($0.at) }) == true {
            selections[deal.id] = selector.touches(of: deal, creditToClose: toClose)
        }
        self.selections = selections
    }

    /// A deal's touches, from the shared selection when the window end matches.
    func touches(of deal: Deal, creditToClose: Bool, selector: TouchSelector) -> DealTouches {
        if creditToClose == (rules.attribution.creditUntil == .close), let selected = selections[deal.id] { return selected }
        return selector.touches(of: deal, creditToClose: creditToClose)
    }

    /// The deals a view counts, with the amount it credits.
    public func dealsInScope(_ view: AttributionView) -> [(deal: Deal, amount: Money)] {
        switch view {
        case .pipeline:
            return ledger.deals.filter { window.contains($0.created.at) }.map { ($0, $0.amount) }
        case .revenue:
            return ledger.deals.compactMap { deal in
                guard deal.isWon, let close = deal.close, window.contains(close.at), let revenue = deal.revenue(through: window.end) else { return nil }
                return (deal, revenue)
            }
        }
    }

    public func creditsToClose(_ model: AttributionModelName) -> Bool {
        model == .fullPath || rules.attribution.creditUntil == .close
    }

    /// Every model over both views, in model order. The data-driven models' journeys are built
    /// once per view and shared; each contact's in-window channels once for both views.
    public func runs(_ models: [AttributionModelName]) -> [(pipeline: AttributionResult, revenue: AttributionResult)] {
        var journeysByView: [AttributionView: JourneySet] = [:]
        if models.contains(where: \.isDataDriven) {
            let selector = TouchSelector(ledger: ledger, rules: rules.attribution)
            let contactJourneys = contactWindowJourneys()
            for view in AttributionView.allCases {
                journeysByView[view] = journeys(view, selector: selector, contactJourneys: contactJourneys)
            }
        }
        return models.map { model in
            (run(model, view: .pipeline, journeys: journeysByView[.pipeline]), run(model, view: .revenue, journeys: journeysByView[.revenue]))
        }
    }

    /// One model over one view; `journeys` (for the data-driven models) are built when not given.
    public func run(_ model: AttributionModelName, view: AttributionView, journeys given: JourneySet? = nil) -> AttributionResult {
        let selector = TouchSelector(ledger: ledger, rules: rules.attribution)
        let scope = dealsInScope(view)
        var markov: MarkovModel?
        var shapley: ShapleyModel?
        if model.isDataDriven {
            let journeys = given ?? journeys(view, selector: selector)
            if model == .markov { markov = MarkovModel(journeys: journeys) } else { shapley = ShapleyModel(journeys: journeys) }
        }
        // The fit's value of each channel, by name, read once per distinct channel mapping.
        var values = ChannelValues(markov: markov, shapley: shapley, names: ledger.channelNames)
        var credits: [Credit] = []
        var total: Int64 = 0
        for (deal, amount) in scope {
            total += amount.units
            let dealTouches = touches(of: deal, creditToClose: creditsToClose(model), selector: selector)
            guard !dealTouches.touches.isEmpty else {
                credits.append(Credit(dealID: deal.id, touch: nil, amount: amount))
                continue
            }
            let weights = self.weights(model, dealTouches, values: &values)
            let parts = Apportionment.split(amount, weights)
            for (touch, part) in zip(dealTouches.touches, parts) {
                credits.append(Credit(dealID: deal.id, touch: touch, amount: part))
            }
        }
        precondition(credits.reduce(0) { $0 + $1.amount.units } == total, "credit must be conserved to the unit")
        return AttributionResult(model: model, view: view, credits: credits, dealCount: scope.count, total: Money(units: total),
                                 markov: markov, shapley: shapley)
    }

    /// The shares of a deal's touches under a model: exact for the rule-based models, binary64
    /// for the floating ones (all zero or undefined: linear).
    func weights(_ model: AttributionModelName, _ touches: DealTouches, markov: MarkovModel?, shapley: ShapleyModel?) -> ShareWeights {
        var values = ChannelValues(markov: markov, shapley: shapley, names: ledger.channelNames)
        return weights(model, touches, values: &values)
    }

    func weights(_ model: AttributionModelName, _ touches: DealTouches, values: inout ChannelValues) -> ShareWeights {
        switch model {
        case .timeDecay:
            let halfLife = rules.attribution.halfLifeDays.doubleValue
            let created = touches.deal.created.at.microseconds
            let shares = touches.touches.map { touch in
                let days = Double(created - touch.at.microseconds) / Double(Timestamp.microsecondsPerDay)
                return pow2(-days / halfLife)
            }
            return .real(orLinear: shares)
        case .markov, .shapley:
            // Each touch's channel value, split evenly among the deal's touches of that channel
            // (channels compared by code: one per name in the resolution).
            let codes = touches.touches.map(\.mapping.code)
            let shares = codes.map { code in
                values.value(of: code) / Double(codes.reduce(0) { $1 == code ? $0 + 1 : $0 })
            }
            return .real(orLinear: shares)
        default:
            return .exact(Apportionment.integerWeights(RuleBasedShares.shares(model, for: touches, rules: rules.attribution)))
        }
    }

    /// The journeys the data-driven models fit (product.md, "Markov and Shapley"): one per deal
    /// of the view's population with a kept touch, and one non-converting journey per contact
    /// with a touch in the window that is on no deal of that population.
    public func journeys(_ view: AttributionView, selector: TouchSelector) -> JourneySet {
        journeys(view, selector: selector, contactJourneys: contactWindowJourneys())
    }

    /// Each contact's non-converting journey (the channels of its touches in the window, in
    /// order; contacts without one left out), and where each contact's journey is. Made once and
    /// shared by both views' journey sets, so a contact's name is hashed once, not once per view.
    struct ContactJourneys {
        var journeys: JourneySet
        var indexOfContact: [String: Int] = [:]
    }

    /// Channel codes are the resolution's (each touch's channel mapping holds its code).
    func contactWindowJourneys() -> ContactJourneys {
        var result = ContactJourneys(journeys: JourneySet(channelNames: ledger.channelNames))
        result.indexOfContact.reserveCapacity(ledger.touchesByContact.count)
        var path: [UInt32] = []
        for (contact, touches) in ledger.touchesByContact {
            path.removeAll(keepingCapacity: true)
            for touch in touches where window.contains(touch.at) { path.append(touch.mapping.code) }
            guard !path.isEmpty else { continue }
            result.indexOfContact[contact] = result.journeys.count
            result.journeys.append(path, converts: false)
        }
        return result
    }

    func journeys(_ view: AttributionView, selector: TouchSelector, contactJourneys: ContactJourneys) -> JourneySet {
        let population: [(deal: Deal, converts: Bool)]
        switch view {
        case .pipeline:
            population = ledger.deals.filter { window.contains($0.created.at) }.map { ($0, true) }
        case .revenue:
            population = ledger.deals.compactMap { deal in
                let won = deal.isWon && deal.close.map { window.contains($0.at) } == true
                return won || window.contains(deal.created.at) ? (deal, won) : nil
            }
        }
        var journeys = JourneySet(channelNames: ledger.channelNames)
        // Which contacts' journeys belong to a deal of the population (marked by position).
        var onDeal = [Bool](repeating: false, count: contactJourneys.journeys.count)
        for (deal, converts) in population {
            let kept = touches(of: deal, creditToClose: rules.attribution.creditUntil == .close, selector: selector).touches
            journeys.append(kept.lazy.map(\.mapping.code), converts: converts)
            let contacts = switch rules.attribution.level {
            case .contact: deal.contacts
            case .account: ledger.contactsOfAccount[deal.account] ?? []
            }
            for contact in contacts {
                if let index = contactJourneys.indexOfContact[contact] { onDeal[index] = true }
            }
        }
        // Journey order does not matter: both fits count, and counts are exact.
        for index in onDeal.indices where !onDeal[index] {
            journeys.append(contactJourneys.journeys, index)
        }
        return journeys
    }
}

/// The fitted value of each channel, by code: looked up by name once per channel, not per touch.
struct ChannelValues {
    let markov: MarkovModel?
    let shapley: ShapleyModel?
    let names: [String]
    private var byCode: [Double?]

    init(markov: MarkovModel?, shapley: ShapleyModel?, names: [String]) {
        self.markov = markov
        self.shapley = shapley
        self.names = names
        byCode = [Double?](repeating: nil, count: names.count)
    }

    mutating func value(of code: UInt32) -> Double {
        if let known = byCode[Int(code)] { return known }
        let name = names[Int(code)]
        let value = markov?.removalEffect(of: name) ?? shapley?.value(of: name) ?? 0
        byCode[Int(code)] = value
        return value
    }
}

/// 2^x without Foundation.
func pow2(_ x: Double) -> Double {
    // exp2 via the standard library's floating-point primitives: split into integer and fraction.
    let whole = x.rounded(.down)
    let fraction = x - whole
    // 2^fraction = e^(fraction·ln 2), by its series (fraction in [0, 1)).
    let y = fraction * 0.693_147_180_559_945_3
    var term = 1.0
    var sum = 1.0
    for k in 1...25 {
        term *= y / Double(k)
        sum += term
    }
    guard whole > -1074 else { return 0 }
    guard whole < 1024 else { return .infinity }
    return sum * Double(sign: .plus, exponent: Int(whole), significand: 1)
}
