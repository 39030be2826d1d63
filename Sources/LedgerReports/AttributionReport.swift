public import LedgerCore
public import LedgerProjections

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
        /// One group per level (a subtotal row of a nested grouping: a prefix).
        public var path: [String]
        /// One cell per model, in `models` order.
        public var cells: [Cell]

        public var group: String { path.last ?? "" }
    }

    public var models: [AttributionModelName]
    public var groupBy: GroupBy
    /// Every row, a parent before its children, in the grouping's order.
    public var rows: [Row]
    public var totals: [Cell]
    public var markov: [AttributionView: MarkovModel]
    public var shapley: [AttributionView: ShapleyModel]
    /// Grouped by campaign: the channels of each campaign's credited touches, sorted.
    public var channelsOfGroup: [String: [String]] = [:]

    /// Builds the view from one pipeline and one revenue run per model (in `models` order),
    /// rows keyed by `grouping`. Nested, a parent row counts its own deals (a deal in two of its
    /// children counts once), so its deal counts are not the sum of its children's.
    public init(models: [AttributionModelName], runs: [(pipeline: AttributionResult, revenue: AttributionResult)], groupBy: GroupBy,
                grouping: RowGrouping) {
        precondition(models.count == runs.count, "one run per model")
        self.models = models
        self.groupBy = groupBy
        struct Slot: Hashable {
            var path: [String]
            var model: Int
        }
        var cells: [Slot: Cell] = [:]
        var pipelineDeals: [Slot: Set<String>] = [:]
        var revenueDeals: [Slot: Set<String>] = [:]
        var paths = Set<[String]>()
        var channels: [String: Set<String>] = [:]
        let byCampaign = groupBy == .campaign
        for (index, run) in runs.enumerated() {
            for (view, result) in [(AttributionView.pipeline, run.pipeline), (.revenue, run.revenue)] {
                for credit in result.credits {
                    let key = grouping.key(of: credit)
                    if byCampaign { channels[key[0], default: []].insert(credit.channel) }
                    let counts = credit.amount.units != 0 || credit.touch == nil
                    for depth in 1...key.count {
                        let slot = Slot(path: depth == key.count ? key : Array(key.prefix(depth)), model: index)
                        paths.insert(slot.path)
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
        }
        rows = paths.sorted(by: grouping.precedes).map { path in
            Row(path: path, cells: runs.indices.map { index in
                let slot = Slot(path: path, model: index)
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
}
