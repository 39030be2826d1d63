import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

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

    @Option(name: .long, parsing: .upToNextOption, help: "Views to compare: attribution, funnel, roi, handoff, completeness or all (default: all).")
    var view: [String] = []

    @Option(help: "Group rows by channel, campaign, attr:FIELD or account:FIELD, or several nested (channel,campaign).")
    var by = "channel"

    @Option(help: "A series: the comparison for each week, month, quarter or year of side A's rule set's calendar, plus the window's.")
    var every: String?

    @Option(help: "table, json or csv (one sheet: table,group,metric,a,b,delta,change)")
    var format: ReportFormat = .table

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Flag(help: "Show only the figures that differ (table and csv).")
    var changedOnly = false

    func validate() throws {
        let models = try ListOption.models(model)
        let counts = [("--rules-file", rulesFile.count), ("--rules", rules.count), ("--model", models.count), ("--as-of", asOf.count)]
        guard counts.filter({ $0.1 == 2 }).count == 1, counts.allSatisfy({ $0.1 <= 2 }), rulesFile.count + rules.count <= 2 else {
            throw ValidationError("give exactly one of --rules-file, --rules, --model or --as-of twice (the two sides); the others at most once, for both")
        }
        _ = try ListOption.views(view, default: "all")
        if try ListOption.groupBy(by).period != nil { throw ValidationError("compare groups rows by channel, campaign or attributes; for periods give --every") }
        _ = try ListOption.every(every)
    }

    func run() throws {
        let models = try ListOption.models(model)
        func pick<T>(_ values: [T], _ side: Int) -> T? { values.count == 2 ? values[side] : values.first }
        func side(_ index: Int) -> CompareRequest.Side {
            let choice = pick(rulesFile, index).map(RuleChoice.file) ?? pick(rules, index).map(RuleChoice.published) ?? .inForce
            return CompareRequest.Side(rules: choice, model: pick(models, index), asOf: pick(asOf, index))
        }
        let request = CompareRequest(a: side(0), b: side(1), from: window.from, to: window.to, level: window.level,
                                     views: try ListOption.views(view, default: "all"), groupBy: try ListOption.groupBy(by), period: window.period)
        if let unit = try ListOption.every(every) {
            let series = try global.session(readOnly: true).compareSeries(request, every: unit)
            let text = switch format {
            case .table: series.renderTable(changedOnly: changedOnly)
            case .json: series.renderJSON()
            case .csv: series.renderCSV(changedOnly: changedOnly)
            }
            if let out { return try ReportOutput.save(text, to: out, after: nil) }
            return Terminal.write(text)
        }
        let comparison = try global.session(readOnly: true).compare(request)
        let text = switch format {
        case .table: comparison.renderTable(changedOnly: changedOnly)
        case .json: comparison.renderJSON()
        case .csv: comparison.renderCSV(changedOnly: changedOnly)
        }
        if let out { return try ReportOutput.save(text, to: out, after: nil) }
        Terminal.write(text)
    }
}
