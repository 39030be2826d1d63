import LedgerCore
public import LedgerProjections

/// The funnel view as tables: steps and the rate between each by the report's grouping, by
/// lead-month cohort and by close-month cohort, and the median days between steps.
public struct FunnelReport: Sendable {
    public var tables: [ReportTable]

    public init(funnel: FunnelView, groupBy: GroupBy, grouping: RowGrouping, reconciliation: FunnelReconciliation? = nil) {
        let title = groupBy.levels.allSatisfy(\.isAttribute) ? "Funnel by the lead's \(groupBy.name)" : "Funnel by \(groupBy.name) of the lead's source"
        tables = [
            Self.grouped(funnel, title: title, groupBy: groupBy, grouping: grouping),
            Self.table(funnel, key: "funnel.by_lead_month", title: "Funnel by lead-creation month", groupTitle: "lead month") {
                $0.reached[FunnelView.Step.lead.rawValue]!.month
            },
            Self.table(funnel, key: "funnel.by_close_month", title: "Funnel by close month of the lead's first deal", groupTitle: "close month") {
                $0.closed?.month ?? FunnelView.open
            },
            Self.velocity(funnel),
            Self.reached(funnel, groupBy: groupBy, grouping: grouping),
        ] + (reconciliation.map { [Self.reconciliation($0)] } ?? [])
    }

    /// Leads that reached each step by any path (a deal whose contact never recorded MQL
    /// counts at opportunity here, not in the strict funnel).
    static func reached(_ funnel: FunnelView, groupBy: GroupBy, grouping: RowGrouping) -> ReportTable {
        let counts = countsByPath(funnel, grouping) { $0.countAny($1) }
        var totals = Array(repeating: 0, count: FunnelView.Step.allCases.count)
        for path in funnel.paths { for step in FunnelView.Step.allCases { totals[step.rawValue] += path.countAny(step) } }
        func values(_ counts: [Int]) -> [ReportTable.Value] { counts.map { .count($0) } }
        return ReportTable(key: "funnel.reached", title: "Leads that reached each step by any path (the strict funnel counts a step only after every earlier one)",
                           groupTitle: groupBy.name, levels: groupBy.levels.map(\.name),
                           columns: [.init("leads", "leads"), .init("mql", "mql"), .init("sql", "sql"), .init("opportunities", "opps"), .init("won", "won")],
                           rows: counts.keys.sorted(by: grouping.precedes).map { .init(path: $0, values(counts[$0]!)) }, total: .init("total", values(totals)))
    }

    /// Per row path (and, nested, each parent path) the leads counted at each step by `count`.
    static func countsByPath(_ funnel: FunnelView, _ grouping: RowGrouping, _ count: (FunnelView.LeadPath, FunnelView.Step) -> Int) -> [[String]: [Int]] {
        var counts: [[String]: [Int]] = [:]
        for path in funnel.paths {
            let key = grouping.key(of: path)
            for depth in 1...key.count {
                let prefix = Array(key.prefix(depth))
                var row = counts[prefix] ?? Array(repeating: 0, count: FunnelView.Step.allCases.count)
                for step in FunnelView.Step.allCases { row[step.rawValue] += count(path, step) }
                counts[prefix] = row
            }
        }
        return counts
    }

    /// The funnel's opportunities tied to the deals attribution counts, line by line.
    static func reconciliation(_ r: FunnelReconciliation) -> ReportTable {
        ReportTable(
            key: "funnel.reconciliation", title: "The funnel's opportunities against the deals created in the window (the lines add up to the deals)",
            groupTitle: "line", columns: [.init("count", "count")],
            rows: [
                .init("funnel opportunities (strict)", [.count(r.funnelOpportunities)]),
                .init("- their deal was created outside the window", [.count(-r.dealCreatedOutsideWindow)]),
                .init("- a further lead of a deal already counted", [.count(-r.furtherLeadOfADeal)]),
                .init("+ deals whose lead skipped MQL or SQL", [.count(r.leadSkippedAStep)]),
                .init("+ deals that are not their lead's first deal", [.count(r.notTheLeadsFirstDeal)]),
                .init("+ deals whose lead is outside the window", [.count(r.leadOutsideWindow)]),
                .init("+ deals no contact of which has a lead stage", [.count(r.noLeadStage)]),
            ],
            total: .init("deals created in the window", [.count(r.deals)]))
    }

    /// The funnel by the report's grouping; nested, a subtotal row per parent (leads are one
    /// group each, so a parent's counts are its children's sums).
    static func grouped(_ funnel: FunnelView, title: String, groupBy: GroupBy, grouping: RowGrouping) -> ReportTable {
        let counts = countsByPath(funnel, grouping) { $0.count($1) }
        return ReportTable(key: "funnel.by_group", title: title, groupTitle: groupBy.name, levels: groupBy.levels.map(\.name), columns: columns,
                           rows: counts.keys.sorted(by: grouping.precedes).map { .init(path: $0, values(counts[$0]!)) },
                           total: .init("total", values(funnel.totals)))
    }

    static let columns: [ReportTable.Column] = [
        .init("leads", "leads"), .init("mql", "mql"), .init("mql_rate", "of leads"), .init("sql", "sql"), .init("sql_rate", "of mql"),
        .init("opportunities", "opps"), .init("opportunity_rate", "of sql"), .init("won", "won"), .init("won_rate", "of opps"),
        .init("lead_to_won", "lead to won"),
    ]

    static func values(_ counts: [Int]) -> [ReportTable.Value] {
        var values: [ReportTable.Value] = [.count(counts[0])]
        for step in 1..<counts.count {
            values += [.count(counts[step]), .percent(Ratio(Int64(counts[step]), Int64(counts[step - 1])))]
        }
        values.append(.percent(Ratio(Int64(counts.last!), Int64(counts[0]))))
        return values
    }

    static func table(_ funnel: FunnelView, key: String, title: String, groupTitle: String,
                      by group: (FunnelView.LeadPath) -> String,
                      order: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }) -> ReportTable {
        ReportTable(key: key, title: title, groupTitle: groupTitle, columns: columns,
                    rows: funnel.rows(by: group).sorted { order($0.group, $1.group) }.map { .init($0.group, values($0.counts)) },
                    total: .init("total", values(funnel.totals)))
    }

    static func velocity(_ funnel: FunnelView) -> ReportTable {
        let steps = FunnelView.Step.allCases
        let medians = funnel.medianDaysBetweenSteps
        let totals = funnel.totals
        return ReportTable(
            key: "funnel.velocity", title: "Velocity: median days between steps", groupTitle: "step",
            columns: [.init("leads_moving", "leads"), .init("median_days", "median days")],
            rows: (1..<steps.count).map { next in
                .init("\(steps[next - 1].name) to \(steps[next].name)",
                      [.count(totals[next]), .days(medians[next - 1].map { $0.scaled(places: 1) })])
            })
    }
}
