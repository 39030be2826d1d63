public import LedgerCore
public import LedgerProjections

/// The ROI view as tables: spend against pipeline and revenue with ROI and the verdict, cost per
/// funnel step, and what buyers said against what tracking saw.
public struct ROIReport: Sendable {
    public var model: AttributionModelName
    public var view: ROIView
    public var selfReported: SelfReportMatrix
    public var tables: [ReportTable]

    public init(model: AttributionModelName, view: ROIView, selfReported: SelfReportMatrix, groupBy: GroupBy) {
        self.model = model
        self.view = view
        self.selfReported = selfReported
        let group = groupBy.name
        let levels = groupBy.levels.map(\.name)
        // The CFO's questions first: what a pipeline dollar cost, pipeline per dollar and what to
        // do about it, what a sales-qualified lead cost; then the cost, what it produced and ROI.
        func money(_ row: ROIRow) -> [ReportTable.Value] {
            [.perDollar(row.costPerPipelineDollar), .ratio(row.pipelinePerCost), .text(row.verdict(view.thresholds)?.rawValue ?? ROIView.noSpend),
             .optionalMoney(row.costPer(.sql)), .money(row.cost), .money(row.directSpend), .money(row.sharedSpend), .money(row.pipeline),
             .money(row.expectedRevenue), .money(row.bookedRevenue), .money(row.revenue), .percent(row.roi),
             .percent(row.marginROI(grossMargin: view.grossMargin))]
        }
        func perStep(_ row: ROIRow) -> [ReportTable.Value] {
            var values: [ReportTable.Value] = [.money(row.cost)]
            for step in FunnelView.Step.allCases where step != .won {
                values += [.count(row.funnel[step.rawValue]), .optionalMoney(row.costPer(step))]
            }
            // On deals too: the deals the group sourced created and won in the window.
            return values + [.count(row.sourcedDeals), .optionalMoney(row.costPerSourcedDeal), .count(row.wonDeals), .optionalMoney(row.costPerWonDeal)]
        }
        func deals(_ row: ROIRow) -> [ReportTable.Value] {
            [.money(row.sourcedPipeline), .count(row.sourcedDeals), .optionalMoney(row.averageDealValue), .money(row.influencedPipeline),
             .count(row.influencedDeals), .count(row.wonDeals), .count(row.lostDeals), .percent(row.winRate),
             .days(row.salesCycleDays.map { $0.scaled(places: 1) }), .money(row.bookedRevenue), .money(row.revenue)]
        }
        var thresholds = "investigate below \(Self.decimal(view.thresholds.investigate))x, scale above \(Self.decimal(view.thresholds.scale))x"
        if let scope = view.costScope {
            // Said only when the rule set narrows the cost, so reports without a scope read as before.
            let total = Money(units: view.spendLeftOut.reduce(0) { $0 + $1.amount.units })
            let detail = view.spendLeftOut.map { "\($0.category) \(MoneyText.cents($0.amount))" }.joined(separator: ", ")
            thresholds += "; cost scope \(scope.joined(separator: ", ")): \(MoneyText.cents(total)) of spend left out" + (detail.isEmpty ? "" : " (\(detail))")
        }
        if let split = view.segmentAllocation {
            thresholds += "; cost to segments \(split.rawValue), channel by channel"
        }
        // Grouped by campaign, each row says which channel(s) the campaign ran in.
        let byCampaign = groupBy == .campaign
        func channel(_ group: String) -> [ReportTable.Value] {
            byCampaign ? [.text((view.channelsOfGroup[group] ?? []).joined(separator: ", "))] : []
        }
        tables = [
            ReportTable(
                key: "roi", title: "ROI by \(group) under \(model.rawValue) (shared spend \(view.allocation.rawValue); gross margin \(Self.decimal(view.grossMargin)); \(thresholds))",
                groupTitle: group, levels: levels,
                columns: (byCampaign ? [.init("channel", "channel")] : []) + [
                    .init("cost_per_pipeline_dollar", "cost per $ pipeline"), .init("pipeline_per_cost", "pipeline/cost"), .init("verdict", "verdict"),
                    .init("cost_per_sql", "per sql"), .init("cost", "cost"), .init("direct_spend", "direct spend"), .init("shared_spend", "shared spend"),
                    .init("pipeline", "pipeline"), .init("expected_revenue", "expected rev"), .init("booked_revenue", "booked rev"),
                    .init("revenue", "net revenue"), .init("roi", "ROI"), .init("margin_roi", "margin ROI"),
                ],
                rows: view.rows.map { .init(path: $0.path, channel($0.group) + money($0)) }, total: .init("total", channel("") + money(view.total)),
                absent: channel("") + money(ROIRow(path: [""]))),
            ReportTable(
                key: "roi.deals", title: "Deals by \(group): sourced (the lead's source) and influenced (any kept touch), win rate, sales cycle, booked and net revenue",
                groupTitle: group, levels: levels,
                columns: [.init("sourced_pipeline", "sourced pipeline"), .init("sourced_deals", "deals"), .init("average_deal", "avg deal"),
                          .init("influenced_pipeline", "influenced pipeline"), .init("influenced_deals", "deals"), .init("won", "won"),
                          .init("lost", "lost"), .init("win_rate", "win rate"), .init("sales_cycle_days", "cycle days"),
                          .init("booked_revenue", "booked rev"), .init("revenue", "net revenue")],
                rows: view.rows.map { .init(path: $0.path, deals($0)) }, total: .init("total", deals(view.total)),
                absent: deals(ROIRow(path: [""]))),
            ReportTable(
                key: "roi.cost_per_step",
                title: groupBy.levels.allSatisfy(\.isAttribute) ? "Cost per funnel step by the lead's \(group) (opps: strict funnel; deals: created or won in the window, by the deal's lead's source)"
                    : "Cost per funnel step by \(group) of the lead's source (opps: strict funnel; deals: created or won in the window, by the deal's lead's source)", groupTitle: group, levels: levels,
                columns: [.init("cost", "cost"), .init("leads", "leads"), .init("cost_per_lead", "per lead"), .init("mql", "mql"),
                          .init("cost_per_mql", "per mql"), .init("sql", "sql"), .init("cost_per_sql", "per sql"),
                          .init("opportunities", "opps"), .init("cost_per_opportunity", "per opp"),
                          .init("deals_created", "deals created"), .init("cost_per_deal_created", "per deal"),
                          .init("deals_won", "deals won"), .init("cost_per_deal_won", "per won deal")],
                rows: view.rows.map { .init(path: $0.path, perStep($0)) }, total: .init("total", perStep(view.total)),
                absent: perStep(ROIRow(path: [""]))),
            Self.matrix(selfReported.firstTouch, key: "self_reported.first_touch", title: "Self-reported source vs first-touch channel "
                        + "(\(selfReported.firstTouchAgreements) of \(selfReported.contacts) agree)"),
            Self.matrix(selfReported.model, key: "self_reported.model", title: "Self-reported source vs \(model.rawValue)'s top channel "
                        + "(\(selfReported.modelAgreements) of \(selfReported.contacts) agree)"),
            Self.darkFunnel(selfReported),
        ]
    }

    /// The dark funnel: per channel buyers named, how many of them tracking never saw in it.
    static func darkFunnel(_ matrix: SelfReportMatrix) -> ReportTable {
        func values(_ contacts: Int, _ unseen: Int) -> [ReportTable.Value] {
            [.count(contacts), .count(contacts - unseen), .count(unseen), .percent(Ratio(Int64(unseen), Int64(contacts)))]
        }
        let contacts = matrix.darkFunnel.reduce(0) { $0 + $1.contacts }
        let unseen = matrix.darkFunnel.reduce(0) { $0 + $1.unseen }
        let share = Ratio(Int64(unseen), Int64(contacts)).map { Ratio.decimalText($0.scaled(places: 3), places: 1) + "%" } ?? "n/a"
        return ReportTable(
            key: "self_reported.dark_funnel",
            title: "Dark funnel: buyers who named a channel tracking never saw for them (\(unseen) of \(contacts), \(share); \(matrix.unmappedContacts) answers unmapped)",
            groupTitle: "self-reported",
            columns: [.init("contacts", "contacts"), .init("seen", "seen by tracking"), .init("unseen", "never seen"), .init("dark_share", "dark share")],
            rows: matrix.darkFunnel.map { .init($0.channel, values($0.contacts, $0.unseen)) }, total: .init("total", values(contacts, unseen)))
    }

    /// A contingency table: reported sources down, tracked channels across, contacts in cells.
    static func matrix(_ cells: [SelfReportMatrix.Cell], key: String, title: String) -> ReportTable {
        let tracked = Set(cells.map(\.tracked)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let reported = Set(cells.map(\.reported)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var counts: [String: [String: Int]] = [:]
        for cell in cells { counts[cell.reported, default: [:]][cell.tracked] = cell.contacts }
        func row(_ group: String, _ count: (String) -> Int) -> ReportTable.Row {
            let values = tracked.map(count)
            return .init(group, values.map { .count($0) } + [.count(values.reduce(0, +))])
        }
        return ReportTable(
            key: key, title: title, groupTitle: "self-reported",
            columns: tracked.map { .init($0, $0) } + [.init("contacts", "contacts")],
            rows: reported.map { source in row(source) { counts[source]?[$0] ?? 0 } },
            total: row("total") { channel in cells.filter { $0.tracked == channel }.reduce(0) { $0 + $1.contacts } })
    }

    /// An exact fraction as a short decimal (`0.8`, `3`), for titles.
    static func decimal(_ fraction: Fraction) -> String {
        var text = Ratio(fraction.numerator, fraction.denominator)!.decimal(places: 4)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
