import ArgumentParser
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger compare`: the same report under two rule sets, two models or two as-of points,
/// side by side, from one replay of the log.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Two reports side by side (two rule sets, two models or two as-of points) with the delta and percent change of every figure.",
        discussion: """
        Give exactly one of --rules-file, --rules, --model or --as-of twice; a single value of the others \
        applies to both sides. The log is replayed once: both sides fold the same pass, and when \
        the two rule sets map channels, dedupe and merge alike the ledger is resolved once too. \
        Each side carries its own provenance and digest, equal to the digest `report` prints for \
        the same options.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A rule-set JSON file; give it twice to compare two rule sets.")
    var rulesFile: [String] = []

    @Option(name: .long, help: "A rule set published in the log (NAME or NAME@VERSION); give it twice to compare two.")
    var rules: [String] = []

    @Option(name: .long, help: "A model; give it twice (or as A,B) to compare two models.")
    var model: [String] = []

    @Option(name: .long, help: "Replay what was recorded up to this time (RFC 3339); give it twice to compare two points.")
    var asOf: [String] = []

    @OptionGroup var window: WindowOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Views to compare: attribution, funnel, roi, completeness or all (default: all).")
    var view: [String] = []

    @Option(help: "Group rows by channel, campaign or attr:FIELD (not with the roi view).")
    var by = "channel"

    @Option(help: "table, json or csv")
    var format: ReportFormat = .table

    @Flag(help: "Show only the figures that differ (table and csv).")
    var changedOnly = false

    var models: [String] { ReportCommand.list(model) }
    var views: [ReportView] { ReportView.parse(view.isEmpty ? ["all"] : ReportCommand.list(view)).views }

    func validate() throws {
        let counts = [("--rules-file", rulesFile.count), ("--rules", rules.count), ("--model", models.count), ("--as-of", asOf.count)]
        let paired = counts.filter { $0.1 == 2 }
        guard paired.count == 1, counts.allSatisfy({ $0.1 <= 2 }), rulesFile.count + rules.count <= 2 else {
            throw ValidationError("give exactly one of --rules-file, --rules, --model or --as-of twice (the two sides); the others at most once, for both")
        }
        for name in models where AttributionModelName(rawValue: name) == nil {
            throw ValidationError("unknown model \(name); expected one of \(AttributionModelName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for point in asOf where RFC3339.parse(point) == nil {
            throw ValidationError("--as-of \(point) is not an RFC 3339 timestamp such as 2026-03-31T23:59:59Z")
        }
        if let unknown = ReportView.parse(ReportCommand.list(view)).unknown {
            throw ValidationError("unknown view \(unknown); expected attribution, funnel, roi, completeness or all")
        }
        guard let groupBy = GroupBy(by) else { throw ValidationError("--by must be channel, campaign or attr:FIELD") }
        if groupBy.isAttribute, views.contains(.roi) {
            throw ValidationError("the roi view groups by channel or campaign; pass --view without roi (e.g. --view attribution,funnel) to group by \(by)")
        }
    }

    func run() throws {
        let log = try global.openLedger(readOnly: true)
        let points = asOf.map { RFC3339.parse($0)!.timestamp }
        let heads = try points.isEmpty ? [log.head()] : points.map { try log.head(asOf: $0) }
        let folded = try PreparedReplay.fold(log, through: heads)
        // Both sides share one window: the one given, else the span of the latest facts.
        let latest = folded[heads.indices.max { (heads[$0]?.seq ?? 0) < (heads[$1]?.seq ?? 0) }!]
        let window = PreparedReplay.window(latest, from: self.window.from, to: self.window.to)
        let groupBy = GroupBy(by)!
        func pick<T>(_ values: [T], _ side: Int) -> T? { values.count == 2 ? values[side] : values.first }
        var sides: [Comparison.Side] = []
        var first: PreparedReplay?
        for side in 0..<2 {
            let headIndex = heads.count == 2 ? side : 0
            let prepared = try PreparedReplay.settle(facts: folded[headIndex], head: heads[headIndex], rulesFile: pick(rulesFile, side),
                                                     window: window, level: self.window.level, published: pick(rules, side), reusable: first)
            first = first ?? prepared
            let chosen = pick(models, side).flatMap(AttributionModelName.init(rawValue:)) ?? prepared.rules.attribution.model
            let report = prepared.report(models: [chosen], groupBy: groupBy, views: views, asOf: pick(asOf, side), reusing: sides.first?.report)
            sides.append(Comparison.Side(label: label(side), report: report))
        }
        let comparison = Comparison(a: sides[0], b: sides[1])
        switch format {
        case .table: Terminal.write(comparison.renderTable(changedOnly: changedOnly))
        case .json: Terminal.write(comparison.renderJSON())
        case .csv: Terminal.write(comparison.renderCSV(changedOnly: changedOnly))
        }
    }

    /// What distinguishes a side, for the header.
    func label(_ side: Int) -> String {
        if rulesFile.count == 2 { return "rules file \(rulesFile[side].split(separator: "/").last.map(String.init) ?? rulesFile[side])" }
        if rules.count == 2 { return "rules \(rules[side])" }
        if models.count == 2 { return "model \(models[side])" }
        return "as of \(asOf[side])"
    }
}
