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

/// Values given as repeated options, comma lists or both.
enum ListOption {
    static func values(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
    }

    static func models(_ values: [String]) throws -> [AttributionModelName] {
        try self.values(values).map { name in
            guard let model = AttributionModelName(rawValue: name) else {
                throw ValidationError("unknown model \(name); expected one of \(AttributionModelName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return model
        }
    }

    static func views(_ values: [String], default fallback: String) throws -> [ReportView] {
        let parsed = ReportView.parse(values.isEmpty ? [fallback] : self.values(values))
        if let unknown = parsed.unknown { throw ValidationError("unknown view \(unknown); expected attribution, funnel, roi, handoff, completeness or all") }
        return parsed.views
    }

    static func groupBy(_ text: String) throws -> GroupBy {
        guard let groupBy = GroupBy(text) else {
            throw ValidationError("--by must be channel, campaign, attr:FIELD or account:FIELD, several of them nested (channel,campaign), or week, month or quarter alone; got \(text)")
        }
        return groupBy
    }

    static func every(_ text: String?) throws -> ReportingCalendar.Unit? {
        guard let text else { return nil }
        guard let unit = ReportingCalendar.Unit(rawValue: text) else {
            throw ValidationError("--every must be week, month, quarter or year; got \(text)")
        }
        return unit
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
