public import LedgerCore
public import LedgerProjections
public import LedgerReports
public import LedgerStore

/// A replay settled: the ledger's facts as of a point, the rule set that applies, the window and
/// the ledger resolved under those rules. Every view a use case shows is computed from one.
public struct PreparedReplay {
    public var facts: LedgerFacts
    public var rules: RuleSet
    public var ruleSet: RuleSetIdentity
    public var window: ReportWindow
    public var head: LedgerHead?
    public var ledger: ResolvedLedger
    /// Where the rule set in force changed inside the window.
    public var ruleChanges: [RuleChange]

    public init(facts: LedgerFacts, rules: RuleSet, ruleSet: RuleSetIdentity, window: ReportWindow, head: LedgerHead?, ledger: ResolvedLedger,
                ruleChanges: [RuleChange] = []) {
        self.facts = facts
        self.rules = rules
        self.ruleSet = ruleSet
        self.window = window
        self.head = head
        self.ledger = ledger
        self.ruleChanges = ruleChanges
    }

    /// The report of these views under this replay; `reusing` an earlier report over the same
    /// resolved ledger shares what both would compute.
    public func report(models: [AttributionModelName], groupBy: GroupBy, views: [ReportView], asOf: String?, reusing previous: Report? = nil) -> Report {
        var report = Report(provenance: provenance(models: models, groupBy: groupBy, asOf: asOf, views: views), facts: facts, ledger: ledger,
                            rules: rules, window: window, groupBy: groupBy, reusing: previous)
        report.ruleChanges = ruleChanges
        return report
    }

    public func provenance(models: [AttributionModelName], groupBy: GroupBy, asOf: String?,
                           views: [ReportView] = [.attribution, .completeness]) -> Provenance {
        Provenance(program: ProgramVersion.program, headSeq: head?.seq ?? 0,
                   headHash: head?.hash.description ?? EventHash.genesis.description, asOf: asOf,
                   ruleSetName: ruleSet.name, ruleSetVersion: ruleSet.version, ruleSetHash: rules.contentHash.description,
                   ruleSetSource: ruleSet.source.rawValue, window: (window.from, window.to), models: models,
                   level: rules.attribution.level, groupBy: groupBy.name, views: views,
                   timeZone: window.utcOffsetMinutes == 0 ? nil : rules.calendar.timeZone)
    }
}

/// Which rule set a replay applied, as provenance names it.
public struct RuleSetIdentity: Sendable, Equatable {
    public enum Source: String, Sendable {
        case file
        case log
        case shippedDefault = "shipped default"
    }

    public var name: String
    public var version: Int?
    public var source: Source

    public init(name: String, version: Int?, source: Source) {
        self.name = name
        self.version = version
        self.source = source
    }

    public static let shippedDefault = RuleSetIdentity(name: "default", version: nil, source: .shippedDefault)

    /// `name@version` for a published set, the file's name, or `default`.
    public var label: String { version.map { "\(name)@\($0)" } ?? name }
}
