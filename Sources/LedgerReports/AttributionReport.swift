public import LedgerCore
public import LedgerProjections

/// How report rows are grouped.
public enum GroupBy: Sendable, Equatable {
    case channel
    case campaign
    /// A contact attribute (`attr:segment`).
    case attribute(String)
    /// An attribute of the contact's account, from `account` events (`account:industry`).
    case accountAttribute(String)

    public init?(_ text: String) {
        switch text {
        case "channel": self = .channel
        case "campaign": self = .campaign
        default:
            if text.hasPrefix("attr:"), text.count > 5 {
                self = .attribute(String(text.dropFirst(5)))
            } else if text.hasPrefix("account:"), text.count > 8 {
                self = .accountAttribute(String(text.dropFirst(8)))
            } else {
                return nil
            }
        }
    }

    public var isAttribute: Bool {
        switch self {
        case .attribute, .accountAttribute: true
        default: false
        }
    }

    /// The attribute a row's group is read from, in the per-contact attributes the report is
    /// given (contact attributes, or the contact's account's).
    public var attributeField: String? {
        switch self {
        case .attribute(let field), .accountAttribute(let field): field
        default: nil
        }
    }

    public var name: String {
        switch self {
        case .channel: "channel"
        case .campaign: "campaign"
        case .attribute(let field): "attr:" + field
        case .accountAttribute(let field): "account:" + field
        }
    }
}

/// The attribution view: per group, per model, credited pipeline and revenue with deal counts;
/// totals; the data-driven models' fits.
public struct AttributionReport: Sendable {
    public struct Cell: Sendable, Equatable {
        public var pipeline = Money.zero
        public var pipelineDeals = 0
        public var revenue = Money.zero
        public var revenueDeals = 0
    }

    public struct Row: Sendable, Equatable {
        public var group: String
        /// One cell per model, in `models` order.
        public var cells: [Cell]
    }

    public var models: [AttributionModelName]
    public var groupBy: GroupBy
    public var rows: [Row]
    public var totals: [Cell]
    public var markov: [AttributionView: MarkovModel]
    public var shapley: [AttributionView: ShapleyModel]
    /// Grouped by campaign: the channels of each campaign's credited touches, sorted.
    public var channelsOfGroup: [String: [String]] = [:]

    public static let none = "(none)"

    /// Builds the view from one pipeline and one revenue run per model (in `models` order).
    /// `attributes` (per survivor contact) is needed only when grouping by an attribute.
    public init(models: [AttributionModelName], runs: [(pipeline: AttributionResult, revenue: AttributionResult)], groupBy: GroupBy,
                attributes: [String: [String: AttributeValue]] = [:], segment: SegmentRule? = nil) {
        precondition(models.count == runs.count, "one run per model")
        self.models = models
        self.groupBy = groupBy
        func key(_ credit: Credit) -> String {
            guard let touch = credit.touch else { return AttributionEngine.noTouch }
            switch groupBy {
            case .channel: return credit.channel
            case .campaign: return credit.campaign ?? Self.none
            case .attribute(let field), .accountAttribute(let field):
                let value = attributes[touch.contact]?[field]
                return segment?.label(of: value) ?? Self.attributeText(value)
            }
        }
        struct Slot: Hashable {
            var group: String
            var model: Int
        }
        var cells: [Slot: Cell] = [:]
        var pipelineDeals: [Slot: Set<String>] = [:]
        var revenueDeals: [Slot: Set<String>] = [:]
        var groups = Set<String>()
        var channels: [String: Set<String>] = [:]
        for (index, run) in runs.enumerated() {
            for (view, result) in [(AttributionView.pipeline, run.pipeline), (.revenue, run.revenue)] {
                for credit in result.credits {
                    let slot = Slot(group: key(credit), model: index)
                    groups.insert(slot.group)
                    if groupBy == .campaign { channels[slot.group, default: []].insert(credit.channel) }
                    let counts = credit.amount.units != 0 || credit.touch == nil
                    switch view {
                    case .pipeline:
                        cells[slot, default: Cell()].pipeline.units += credit.amount.units
                        if counts { pipelineDeals[slot, default: []].insert(credit.dealID) }
                    case .revenue:
                        cells[slot, default: Cell()].revenue.units += credit.amount.units
                        if counts { revenueDeals[slot, default: []].insert(credit.dealID) }
                    }
                }
            }
        }
        rows = groups.sorted(by: Self.groupOrder(groupBy, segment: segment)).map { group in
            Row(group: group, cells: runs.indices.map { index in
                let slot = Slot(group: group, model: index)
                var cell = cells[slot] ?? Cell()
                cell.pipelineDeals = pipelineDeals[slot]?.count ?? 0
                cell.revenueDeals = revenueDeals[slot]?.count ?? 0
                return cell
            })
        }
        totals = runs.map { Cell(pipeline: $0.pipeline.total, pipelineDeals: $0.pipeline.dealCount,
                                 revenue: $0.revenue.total, revenueDeals: $0.revenue.dealCount) }
        var markov: [AttributionView: MarkovModel] = [:]
        var shapley: [AttributionView: ShapleyModel] = [:]
        for run in runs {
            for result in [run.pipeline, run.revenue] {
                if let fit = result.markov { markov[result.view] = fit }
                if let fit = result.shapley { shapley[result.view] = fit }
            }
        }
        self.markov = markov
        self.shapley = shapley
        channelsOfGroup = channels.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }

    /// How rows are ordered: a segment rule's order; numbers by value for an attribute (`100`
    /// before `1000`, not after `10`); otherwise by name (UTF-8).
    public static func groupOrder(_ groupBy: GroupBy, segment: SegmentRule?) -> (String, String) -> Bool {
        if let segment { return segment.precedes }
        guard groupBy.isAttribute else { return { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        return { lhs, rhs in
            if let left = Fraction(decimal: lhs), let right = Fraction(decimal: rhs), left != right { return left < right }
            return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        }
    }

    /// An attribute's value as a group name; `(none)` when the contact lacks it.
    public static func attributeText(_ value: AttributeValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let text)?: text
        case .bool(let flag)?: flag ? "true" : "false"
        case nil: none
        }
    }
}
