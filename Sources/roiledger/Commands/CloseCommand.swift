import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerReports

/// `roiledger close PERIOD`: the report of a period as it stands, sealed by a `close` event
/// holding its digest.
struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a period: compute its report (every view), append a `close` event with the report's digest, print the report.",
        discussion: """
        PERIOD is a year (2026), a quarter (2026-Q1) or a month (2026-03); or give --from and --to \
        with any name. The period must have ended, and may be closed once: a deliberate second close \
        needs --reclose --reason TEXT (restatements then start from it). The report uses the rule set \
        in force at the period's end (or --rules) and its model. `audit` takes the JSON report: \
        save it with --out FILE.json --format json; --out writes the format asked for (with --format \
        csv and a folder, one CSV per table). `report --closed PERIOD` reproduces it from the ledger \
        at any time, and `report --restatement PERIOD` explains what moved since.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The period: YYYY, YYYY-Qn, YYYY-MM, or a name with --from and --to.") var period: String
    @Option(help: "First day, for a period by name.") var from: String?
    @Option(help: "Last day, for a period by name.") var to: String?
    @Option(help: "A published rule set (NAME or NAME@VERSION) instead of the one in force.") var rules: String?
    @Option(help: "table, json or csv") var format: ReportFormat = .table
    @Option(help: "Write the report here (in --format) instead of standard output.") var out: String?
    @Flag(help: "Close a period that is closed already (needs --reason).") var reclose = false
    @Option(help: "Why (kept in the ledger; required with --reclose).") var reason: String?
    @Option(help: "Who closes it (kept in the ledger; default: the user running roiledger).") var actor: String?
    @Option(help: "Business time of the close (RFC 3339; default: now).") var at: String?
    @Option(help: "Backfill: the ledger time to record the close at (RFC 3339; default: now).") var recordedAt: String?

    func run() throws {
        let request = CloseRequest(period: period, from: from, to: to, rules: rules, reclose: reclose,
                                   context: ActionContext(at: at, recordedAt: recordedAt, actor: actor, reason: reason))
        let result = try global.session(readOnly: false).close(request)
        let seq: Int64 = switch result.appended {
        case .appended(let seq, _), .alreadyPresent(let seq, _): seq
        }
        try ReportOutput.write(result.report, format: format, to: out,
                               after: "the period is closed (seq \(seq)); `roiledger report --closed \(period)` reproduces its report")
        let again = result.supersedes.map { ", superseding the close at seq \($0)" } ?? ""
        Terminal.writeError("closed \(period) (\(result.period.from) to \(result.period.to)) at seq \(seq)\(again): report digest \(result.report.digest)"
            + (out.map { "; report written to \($0)" } ?? ""))
    }
}
