public import LedgerCore
public import LedgerProjections

/// What a report can hold; `completeness` comes with every report.
public enum ReportView: String, Sendable, CaseIterable, Comparable {
    case attribution
    case funnel
    case roi
    case handoff
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
    public var handoff: HandoffReport?
    public var completeness: CompletenessView
    /// Changes of the rule set in force inside the window (the report applied one rule set to all
    /// of it); each affected table is flagged.
    public var ruleChanges: [RuleChange] = []
    /// What was computed on the way, for a second report over the same resolved ledger.
    let parts: Parts

    struct Parts: Sendable {
        var resolution: ResolutionToken
        var window: ReportWindow
        var groupBy: GroupBy
        /// The rule set's segments, which label attribute groups.
        var segments: [String: SegmentRule]
        /// What self-reported answers mean.
        var selfReportMapping: [SelfReportRule]
        var attribution: AttributionRules
        var models: [AttributionModelName]
        var runs: [(pipeline: AttributionResult, revenue: AttributionResult)]
        var funnelBase: FunnelView.Base
        var qualification: QualificationRules
        var funnel: FunnelView?
    }

    /// Computes the views in `provenance.views` from a resolved ledger. The first model drives
    /// ROI, the self-reported matrix and completeness' count of deals with no touch.
    ///
    /// `reusing` a report made from the very same resolved ledger and window takes over what
    /// does not depend on the rules that differ: the funnel's leads always, the
    /// attribution runs (and the tables made only from them) when the attribution rules and
    /// models are the same, the qualified funnel when the qualification rules are. That is what
    /// lets `compare` of two rule sets cost little more than one report.
    public init(provenance: Provenance, facts: LedgerFacts, ledger: ResolvedLedger, rules: RuleSet, window: ReportWindow,
                groupBy: GroupBy, reusing previous: Report? = nil) {
        precondition(!provenance.models.isEmpty, "a report needs a model")
        let views = Set(provenance.views)
        precondition(groupBy.period == nil, "a report by period is a series of reports")
        self.provenance = provenance
        let models = views.contains(.attribution) ? provenance.models : [provenance.models[0]]
        let samePrevious = previous.flatMap { $0.parts.resolution === ledger.resolution && $0.parts.window == window ? $0 : nil }
        let same = samePrevious?.parts
        // The previous report, when its runs are these runs: so are the tables made only from them.
        let sameRuns = samePrevious.flatMap { $0.parts.attribution == rules.attribution && $0.parts.models == models ? $0 : nil }
        // Attribution and the funnel's leads read the same resolved ledger and nothing of each
        // other: one core each; then the leads are qualified on both.
        let qualifies = views.contains(.funnel) || views.contains(.roi) || views.contains(.handoff)
        let (runs, funnelBase) = onBothCores({
            sameRuns?.parts.runs ?? AttributionEngine(ledger: ledger, rules: rules, window: window).runs(models)
        }, {
            // Leads are counted by every report (completeness); qualified only for the funnel and ROI.
            same?.funnelBase ?? FunnelView.Base(ledger: ledger, facts: facts, window: window)
        })
        let funnel = !qualifies ? nil
            : same.flatMap { $0.qualification == rules.qualification ? $0.funnel : nil } ?? FunnelView(base: funnelBase, rules: rules)
        let grouping = groupBy.rowGrouping(ledger: ledger, facts: facts, rules: rules)
        // Then the tables: attribution and the ROI view on one core; the funnel's, completeness
        // and the self-reported matrix on the other.
        let ((attribution, roiView), (funnelReport, completeness, selfReported)) = onBothCores({
            var attribution: AttributionReport?
            var roiView: ROIView?
            if views.contains(.attribution) {
                attribution = sameRuns.flatMap { $0.parts.groupBy == groupBy && $0.parts.segments == rules.segments ? $0.attribution : nil }
                    ?? AttributionReport(models: provenance.models, runs: runs, groupBy: groupBy, grouping: grouping)
            }
            if views.contains(.roi) {
                roiView = ROIView(facts: facts, ledger: ledger, rules: rules, window: window, grouping: grouping,
                                  pipeline: runs[0].pipeline, revenue: runs[0].revenue, funnel: funnel!)
            }
            return (attribution, roiView)
        }, {
            let funnelReport = views.contains(.funnel)
                ? FunnelReport(funnel: funnel!, groupBy: groupBy, grouping: grouping, reconciliation: FunnelReconciliation(ledger: ledger, funnel: funnel!, window: window))
                : nil
            // Completeness reads the leads (not their qualification) and the first run's deals.
            let completeness = sameRuns?.completeness
                ?? CompletenessView(facts: facts, ledger: ledger, window: window, pipeline: runs[0].pipeline, leads: funnelBase)
            let selfReported = !views.contains(.roi) ? nil
                : sameRuns.flatMap { $0.parts.selfReportMapping == rules.selfReportMapping ? $0.roi?.selfReported : nil }
                    ?? SelfReportMatrix(facts: facts, ledger: ledger, window: window, pipeline: runs[0].pipeline, mapping: rules.selfReportMapping)
            return (funnelReport, completeness, selfReported)
        })
        let roi = roiView.map { ROIReport(model: provenance.models[0], view: $0, selfReported: selfReported!, groupBy: groupBy) }
        handoff = !views.contains(.handoff) ? nil
            : HandoffReport(view: HandoffView(ledger: ledger, funnel: funnel!, rules: rules.handoff, grouping: grouping), groupBy: groupBy)
        self.attribution = attribution
        self.funnel = funnelReport
        self.roi = roi
        self.completeness = completeness
        parts = Parts(resolution: ledger.resolution, window: window, groupBy: groupBy, segments: rules.segments, selfReportMapping: rules.selfReportMapping,
                      attribution: rules.attribution, models: models,
                      runs: runs, funnelBase: funnelBase, qualification: rules.qualification, funnel: funnel)
    }

    /// Every table, in view order, completeness last.
    public var tables: [ReportTable] {
        let tables = (attribution.map { [$0.table] } ?? []) + (funnel?.tables ?? []) + (roi?.tables ?? []) + (handoff?.tables ?? []) + [completeness.table]
        guard !ruleChanges.isEmpty else { return tables }
        return tables.map { table in
            var flagged = table
            flagged.notComparable = ruleChanges.filter { $0.affects(table.key) }
            return flagged
        }
    }
}
