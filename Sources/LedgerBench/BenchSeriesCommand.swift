import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerReports
import LedgerStore
import TerminalSupport

/// `roiledger-bench series`: a monthly series (twelve reports and the year's, from one replay)
/// against one report of the year, on the same ledger, in one run.
struct BenchSeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series",
        abstract: "report --every month over a year against one report of the year: the ratio, cold (fold from the log) and warm (from a checkpoint).")

    @Option(help: "Events of the generated ledger.")
    var events = 1_000_000

    @Option(help: "Seed of the generated ledger.")
    var seed: UInt64 = 7

    @Option(help: "Use this ledger instead of generating one.")
    var db: String?

    @Option(help: "Runs of each timing (the median is printed).")
    var repeats = 3

    @Option(help: "Folder for the temporary files (default: a new folder under /tmp).")
    var workdir: String?

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger-bench series`")
        #endif
        let folder = try workdir ?? TemporaryFolder.make(prefix: "roiledger-bench")
        let sample = try BenchSampleLedger(db: db, events: events, seed: seed, folder: folder, name: "series")
        let ledgerPath = sample.path
        let request = ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-12-31"), views: ReportView.allCases)
        var table = TextTable([("replay", .left), ("one report of the year (s)", .right), ("12 months and the year (s)", .right), ("ratio", .right)])
        var verdicts: [String] = []
        for (name, policy) in [("cold: fold from the log", CheckpointPolicy.off), ("warm: fold from a checkpoint", CheckpointPolicy(defersSave: false))] {
            let session = try LedgerSession.open(ledgerPath, readOnly: policy == .off, environment: AppEnvironment(checkpoints: policy))
            if policy != .off { _ = try session.report(request) }  // saves the checkpoint the warm runs start from
            var periods = 0
            let one = try median { _ = try session.report(request) }
            let series = try median { periods = try session.series(SeriesRequest(report: request, every: .month)).periods.count }
            precondition(periods == 12, "a year has twelve months")
            let ratio = series / one
            table.append([name, Figures.fixed(one, decimals: 3), Figures.fixed(series, decimals: 3), Figures.fixed(ratio, decimals: 2)])
            verdicts.append("\(name.split(separator: ":")[0]) \(Figures.fixed(ratio, decimals: 2))x (goal <= 1.50: \(ratio <= 1.5 ? "met" : "NOT met"))")
        }
        Terminal.write(table.render())
        Terminal.writeLine("every view, monthly over 2026: " + verdicts.joined(separator: "; "))
        if workdir == nil {
            // The warm runs left checkpoints beside a generated ledger.
            if db == nil { CheckpointStore(ledgerPath: ledgerPath).removeAll() }
            TemporaryFolder.remove(folder, files: sample.made)
        }
    }

    private func median(_ body: () throws -> Void) rethrows -> Double {
        try medianSeconds(repeats: repeats, body)
    }
}
