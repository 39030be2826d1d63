public import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// The reporting window and level, shared by every command that replays the ledger.
struct WindowOptions: ParsableArguments {
    @Option(help: "First day of the window (YYYY-MM-DD, UTC, inclusive; default: the first day with a touch or deal).")
    var from: String?

    @Option(help: "Last day of the window (YYYY-MM-DD, UTC, inclusive; default: the last day with a touch or deal).")
    var to: String?

    @Option(help: "contact or account: whose touches a deal sees (default: the rule set's).")
    var level: AttributionLevel?

    @Option(help: "A named period as the window instead of --from/--to: YYYY, YYYY-Qn or YYYY-MM (fiscal years and quarters when the rule set's calendar says so).")
    var period: String?
}

/// Options of every command that replays the ledger once: the as-of point, the rule set and the
/// reporting window. The library checks the values (`ReplayRequest`); this only gathers them.
struct ReplayOptions: ParsableArguments {
    @Option(help: "Replay only what the ledger had recorded at this time (RFC 3339; default: everything).")
    var asOf: String?

    @Option(help: "A rule-set JSON file (a what-if); default: the rule set published in the log in force at the window's end, else the shipped default.")
    var rulesFile: String?

    @Option(help: "A rule set published in the log: NAME (its latest version as of --as-of) or NAME@VERSION.")
    var rules: String?

    @OptionGroup var window: WindowOptions

    func validate() throws {
        if rules != nil, rulesFile != nil { throw ValidationError("give --rules NAME[@VERSION] or --rules-file PATH, not both") }
    }

    var request: ReplayRequest {
        ReplayRequest(asOf: asOf, rules: rulesFile.map(RuleChoice.file) ?? rules.map(RuleChoice.published) ?? .inForce,
                      from: window.from, to: window.to, level: window.level, period: window.period)
    }
}

extension AttributionLevel: ExpressibleByArgument {}
extension AttributionModelName: ExpressibleByArgument {}

/// Values given as repeated options, comma lists or both: read as every front end reads them
/// (`OptionValues`), refused as a usage error in the command line's words.
enum ListOption {
    static func values(_ values: [String]) -> [String] { OptionValues.list(values) }

    static func models(_ values: [String]) throws -> [AttributionModelName] { try usage { try OptionValues.models(values) } }

    static func views(_ values: [String], default fallback: String) throws -> [ReportView] {
        try usage { try OptionValues.views(values, default: fallback) }
    }

    static func groupBy(_ text: String) throws -> GroupBy { try usage { try OptionValues.groupBy(text) } }

    static func every(_ text: String?) throws -> ReportingCalendar.Unit? { try usage { try OptionValues.every(text) } }

    /// The library's refusal as ArgumentParser's usage error, in the words `ErrorMessages` gives it.
    static func usage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AppError {
            let text = ErrorMessages.app(error).0
            throw ValidationError(text.hasPrefix("error: ") ? String(text.dropFirst(7)) : text)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
