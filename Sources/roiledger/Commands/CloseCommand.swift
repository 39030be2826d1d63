import ArgumentParser
import Foundation
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger close PERIOD`: the report of a period as it stands, sealed by a `close` event
/// holding its digest.
struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a period: compute its report (every view), append a `close` event with the report's digest, print the report.",
        discussion: """
        PERIOD is a year (2026), a quarter (2026-Q1) or a month (2026-03); or give --from and --to \
        with any name. The report uses the rule set in force at the period's end (or --rules) and its \
        model. Save it with --format json: `audit` reproduces it from its provenance, and \
        `report --restatement PERIOD` explains what moved since.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The period: YYYY, YYYY-Qn, YYYY-MM, or a name with --from and --to.") var period: String
    @Option(help: "First day, for a period by name.") var from: String?
    @Option(help: "Last day, for a period by name.") var to: String?
    @Option(help: "A published rule set (NAME or NAME@VERSION) instead of the one in force.") var rules: String?
    @Option(help: "table, json or csv") var format: ReportFormat = .table
    @Option(help: "Business time of the close (RFC 3339; default: now).") var at: String?
    @Option(help: "Backfill: the ledger time to record the close at (RFC 3339; default: now).") var recordedAt: String?
    @Option(help: "Also save the report as JSON in this file (what `audit` takes).") var out: String?

    func validate() throws {
        if from != nil || to != nil {
            guard let from, let to, let first = LedgerDate(from), let last = LedgerDate(to), first <= last else {
                throw ValidationError("give both --from and --to as dates YYYY-MM-DD, --from not after --to")
            }
        } else if ReportingPeriod(period) == nil {
            throw ValidationError("PERIOD \(period) is not YYYY, YYYY-Qn or YYYY-MM; name any other period with --from and --to")
        }
    }

    func run() throws {
        let window = from.flatMap(LedgerDate.init).map { ReportingPeriod(name: period, from: $0, to: LedgerDate(to!)!) } ?? ReportingPeriod(period)!
        let log = try global.openLedger(readOnly: true)
        var arguments = ["--from", window.from.description, "--to", window.to.description]
        if let rules { arguments += ["--rules", rules] }
        let prepared = try PreparedReplay.prepare(log, try ReplayOptions.parse(arguments))
        let report = prepared.report(models: [prepared.rules.attribution.model], groupBy: .channel, views: ReportView.allCases, asOf: nil)
        var fields: [(String, JSONValue)] = [("period", .string(period)), ("from", .string(window.from.description)),
                                             ("to", .string(window.to.description)), ("report_digest", .string(report.digest))]
        if prepared.ruleSetSource == "log", let version = prepared.ruleSetVersion {
            fields.append(("rules", .object(JSONObject([.init(key: "name", value: .string(prepared.ruleSetName)),
                                                        .init(key: "version", value: .number(String(version)))]))))
        }
        var options = try CorrectionOptions.parse((at.map { ["--at", $0] } ?? []) + (recordedAt.map { ["--recorded-at", $0] } ?? []))
        options.id = "close:\(period)@\(prepared.head?.seq ?? 0)"
        var close = Correction(command: "close", fields: fields, idStem: "", options: options, globals: global)
        close.previewsAttribution = false
        close.quiet = true
        let seq = try close.run().seq
        if let out {
            do {
                try report.renderJSON().write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure(message: "error: the period is closed (seq \(seq.map(String.init) ?? "?")) but \(out) could not be written: \(error.localizedDescription); `roiledger report --restatement \(period)` still reproduces it")
            }
        }
        switch format {
        case .table: Terminal.write(report.renderTable())
        case .json: Terminal.write(report.renderJSON())
        case .csv: Terminal.write(report.renderCSV())
        }
        Terminal.writeError("closed \(period) (\(window.from) to \(window.to)) at seq \(seq.map(String.init) ?? "?"): report digest \(report.digest)")
    }
}
