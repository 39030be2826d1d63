#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore
import TerminalSupport

/// `roiledger-bench models`: the data-driven models against the rule-based ones and against
/// ChannelAttribution (the Python package from PyPI) on the same journeys, in one run.
struct BenchModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Markov and Shapley: their cost in a report over linear, the fits alone, and ChannelAttribution's markov_model on the same journeys.")

    @Option(help: "Events of the generated ledger (8,650,000 give about a million journeys).")
    var events = 8_650_000

    @Option(help: "Seed of the generated ledger.")
    var seed: UInt64 = 7

    @Option(help: "Use this ledger instead of generating one.")
    var db: String?

    @Option(help: "Runs of each timing (the median is printed).")
    var repeats = 3

    @Option(help: "Folder for the temporary files (default: a new folder under /tmp).")
    var workdir: String?

    @Option(help: "The virtual environment for ChannelAttribution (created on first use).")
    var venv = NSHomeDirectory() + "/.cache/roiledger-bench/channelattribution-venv"

    @Flag(help: "Leave ChannelAttribution out.")
    var skipPeer = false

    @Flag(help: "Leave the whole reports out (the attribution and fits alone are timed on one replay).")
    var skipReports = false

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger-bench models`")
        #endif
        let folder = try workdir ?? TemporaryFolder.make(prefix: "roiledger-bench")
        let sample = try BenchSampleLedger(db: db, events: events, seed: seed, folder: folder, name: "models")
        let ledgerPath = sample.path
        var made = sample.made
        let session = try LedgerSession.open(ledgerPath, readOnly: true, environment: AppEnvironment(checkpoints: .off))
        let replay = ReplayRequest(from: "2026-01-01", to: "2026-12-31")

        // Whole reports, replay included, under each model.
        func report(_ model: AttributionModelName) throws -> Double {
            try median { _ = try session.report(ReportRequest(replay: replay, models: [model], views: [.attribution])) }
        }
        let linearReport = skipReports ? 0 : try report(.linear)
        let markovReport = skipReports ? 0 : try report(.markov)
        let shapleyReport = skipReports ? 0 : try report(.shapley)

        // One replay, then the attribution alone: the models' marginal cost and the fits.
        let prepared = try session.prepareReplay(replay)
        let engine = AttributionEngine(ledger: prepared.ledger, rules: prepared.rules, window: prepared.window)
        func attribution(_ model: AttributionModelName) -> Double {
            median { _ = engine.runs([model]) }
        }
        let linearRun = attribution(.linear)
        let markovRun = attribution(.markov)
        let shapleyRun = attribution(.shapley)
        let selector = TouchSelector(ledger: prepared.ledger, rules: prepared.rules.attribution)
        var sets: [AttributionView: JourneySet] = [:]
        let journeysSeconds = median { for view in AttributionView.allCases { sets[view] = engine.journeys(view, selector: selector) } }
        var fits: [AttributionView: (markov: Double, shapley: Double)] = [:]
        for view in AttributionView.allCases {
            let journeys = sets[view]!
            fits[view] = (median { _ = MarkovModel(journeys: journeys) }, median { _ = ShapleyModel(journeys: journeys) })
        }

        var table = TextTable([("step", .left), ("seconds", .right), ("ratio", .right)])
        if !skipReports {
            table.append(["report, linear (replay included)", Figures.fixed(linearReport, decimals: 3), "1.00"])
            table.append(["report, markov", Figures.fixed(markovReport, decimals: 3), Figures.fixed(markovReport / linearReport, decimals: 2)])
            table.append(["report, shapley", Figures.fixed(shapleyReport, decimals: 3), Figures.fixed(shapleyReport / linearReport, decimals: 2)])
        }
        table.append(["attribution alone, linear (both views)", Figures.fixed(linearRun, decimals: 3), "1.00"])
        table.append(["attribution alone, markov", Figures.fixed(markovRun, decimals: 3), Figures.fixed(markovRun / linearRun, decimals: 2)])
        table.append(["attribution alone, shapley", Figures.fixed(shapleyRun, decimals: 3), Figures.fixed(shapleyRun / linearRun, decimals: 2)])
        table.append(["journeys, both views", Figures.fixed(journeysSeconds, decimals: 3), ""])
        Terminal.write(table.render())
        var verdict = "markov over linear: +\(Figures.fixed(markovRun - linearRun, decimals: 3)) s of attribution"
        if !skipReports {
            verdict += "; the report under markov is \(Figures.fixed(markovReport / linearReport, decimals: 2))x the report under linear (goal <= 1.20: \(markovReport / linearReport <= 1.2 ? "met" : "NOT met"))"
        }
        Terminal.writeLine(verdict)

        // The same journeys for ChannelAttribution, as its path/count table.
        var peer: [String: Double] = [:]
        var tables: [String] = []
        for view in AttributionView.allCases {
            let path = folder + "/journeys-\(view.rawValue).csv"
            try Self.writePathTable(sets[view]!, to: path)
            tables.append(path)
        }
        made += tables
        if !skipPeer {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ChannelAttribution/run.sh").path
            // The package prints banners on standard output too: only the JSON lines are results.
            for line in try Self.runPeer(script: script, venv: venv, tables: tables) where line.hasPrefix("{") {
                guard case .object(let object) = try JSONParser.parse(line), case .string(let file)? = object["file"],
                      case .number(let seconds)? = object["seconds"], let value = Double(seconds) else { continue }
                peer[file] = value
            }
        }
        var peerTable = TextTable([("view", .left), ("journeys", .right), ("paths", .right), ("roiledger markov fit", .right),
                                   ("roiledger shapley fit", .right), ("ChannelAttribution markov_model", .right), ("ratio (CA / roiledger markov)", .right)])
        var allMet = true
        for (view, table) in zip(AttributionView.allCases, tables) {
            let journeys = sets[view]!
            let fit = fits[view]!
            let peerSeconds = peer[table]
            let ratio = peerSeconds.map { $0 / fit.markov }
            if let ratio, ratio < 5 { allMet = false }
            peerTable.append([view.rawValue, Figures.grouped(journeys.count), Figures.grouped(journeys.pathCounts().count),
                              Figures.fixed(fit.markov, decimals: 4), Figures.fixed(fit.shapley, decimals: 4),
                              peerSeconds.map { Figures.fixed($0, decimals: 3) } ?? "skipped", ratio.map { Figures.fixed($0, decimals: 1) } ?? ""])
        }
        Terminal.write(peerTable.render())
        if !peer.isEmpty {
            Terminal.writeLine("roiledger's exact Markov fit against ChannelAttribution's simulated one on the same journeys (goal >= 5x per view: \(allMet ? "met" : "NOT met"))")
        }
        if workdir == nil {
            TemporaryFolder.remove(folder, files: made)
        } else {
            Terminal.writeLine("path tables: \(tables.joined(separator: ", "))")
        }
    }

    /// The median of `repeats` timings of `body`.
    private func median(_ body: () throws -> Void) rethrows -> Double {
        try medianSeconds(repeats: repeats, body)
    }

    /// `path,total_conversions,total_null`, paths as "a > b > c".
    static func writePathTable(_ journeys: JourneySet, to path: String) throws {
        var text = "path,total_conversions,total_null\n"
        for row in journeys.pathCounts() {
            text += "\"\(row.path.joined(separator: " > "))\",\(row.converting),\(row.nonConverting)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Runs the peer's script; its standard output, line by line (its progress goes to ours).
    static func runPeer(script: String, venv: String, tables: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, venv] + tables
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure(message: "ChannelAttribution's script failed (exit \(process.terminationStatus)); rerun with --skip-peer to measure roiledger alone")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
