public import LedgerCore
public import LedgerProjections

/// What a report can hold; `completeness` comes with every report.
public enum ReportView: String, Sendable, CaseIterable, Comparable {
    case attribution
    case funnel
    case roi
    case completeness

    public static func < (lhs: ReportView, rhs: ReportView) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses `attribution,funnel`, `all`; adds completeness; nil names the bad one.
    public static func parse(_ names: [String]) -> (views: [ReportView], unknown: String?) {
        var views: Set<ReportView> = [.completeness]
        for name in names {
            if name == "all" {
                views.formUnion(allCases)
            } else if let view = ReportView(rawValue: name) {
                views.insert(view)
            } else {
                return ([], name)
            }
        }
        return (views.sorted(), nil)
    }
}

/// One report: the views asked for, all computed from one replay under one rule set, window
/// and as-of point, with the provenance that reproduces it and a digest of its content.
public struct Report: Sendable {
    public var provenance: Provenance
    public var attribution: AttributionReport?
    public var funnel: FunnelReport?
    public var roi: ROIReport?
    public var completeness: CompletenessView

    /// Computes the views in `provenance.views` from a resolved ledger. The first model drives
    /// ROI, the self-reported matrix and completeness' count of deals with no touch.
    public init(provenance: Provenance, facts: LedgerFacts, ledger: ResolvedLedger, rules: RuleSet, window: ReportWindow,
                groupBy: GroupBy) {
        precondition(!provenance.models.isEmpty, "a report needs a model")
        let views = Set(provenance.views)
        precondition(!views.contains(.roi) || !groupBy.isAttribute, "ROI groups by channel or campaign")
        self.provenance = provenance
        let engine = AttributionEngine(ledger: ledger, rules: rules, window: window)
        let runs = engine.runs(views.contains(.attribution) ? provenance.models : [provenance.models[0]])
        let funnel = FunnelView(ledger: ledger, facts: facts, rules: rules, window: window)
        let attributes = groupBy.isAttribute ? ledger.attributes(facts: facts) : [:]
        if views.contains(.attribution) {
            attribution = AttributionReport(models: provenance.models, runs: runs, groupBy: groupBy, attributes: attributes)
        }
        if views.contains(.funnel) {
            self.funnel = FunnelReport(funnel: funnel, groupBy: groupBy, attributes: attributes)
        }
        if views.contains(.roi) {
            let grouping: ROIView.Grouping = groupBy == .campaign ? .campaign : .channel
            let view = ROIView(facts: facts, ledger: ledger, rules: rules, window: window, grouping: grouping,
                               pipeline: runs[0].pipeline, revenue: runs[0].revenue, funnel: funnel)
            roi = ROIReport(model: provenance.models[0], view: view,
                            selfReported: SelfReportMatrix(facts: facts, ledger: ledger, window: window, pipeline: runs[0].pipeline))
        }
        completeness = CompletenessView(facts: facts, ledger: ledger, window: window, pipeline: runs[0].pipeline, funnel: funnel)
    }

    /// Every table, in view order, completeness last.
    public var tables: [ReportTable] {
        (attribution.map { [$0.table] } ?? []) + (funnel?.tables ?? []) + (roi?.tables ?? []) + [completeness.table]
    }
}
