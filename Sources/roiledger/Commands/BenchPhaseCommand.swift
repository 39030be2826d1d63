import ArgumentParser
import Foundation
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore

/// One measured step of `bench`, run alone in its own process.
enum BenchPhase: String, CaseIterable, ExpressibleByArgument {
    case ingest, insert, scan, verify, full, compare, checkpoint
    case quarterResumed = "quarter-resumed"
    case quarterCold = "quarter-cold"

    /// What a child reports: the step's seconds, the process's peak memory, and the report's
    /// digest where there is one (so the parent can check two paths agree).
    struct Outcome {
        var seconds: Double
        var peak: Int64
        var digest: String
    }

    static let year = ReportWindow(from: LedgerDate("2026-01-01")!, to: LedgerDate("2026-12-31")!)
    static let quarter = ReportWindow(from: LedgerDate("2026-01-01")!, to: LedgerDate("2026-03-31")!)
    static let models: [AttributionModelName] = [.wShaped, .markov]

    /// Runs `roiledger bench phase <self> <arguments>` and reads its one line of figures.
    func runInChild(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        }
        process.arguments = ["bench", "phase", rawValue] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in line.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard process.terminationStatus == 0, let seconds = fields["seconds"].flatMap(Double.init), let peak = fields["peak"].flatMap(Int64.init) else {
            throw CommandFailure(message: "bench: the \(rawValue) phase failed (exit \(process.terminationStatus)): \(line)")
        }
        return Outcome(seconds: seconds, peak: peak, digest: fields["digest"] ?? "")
    }
}

/// `roiledger bench phase NAME`: one step of `bench`, timed, printing `seconds=… peak=…`.
struct BenchPhaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phase", abstract: "One step of `bench`, in a process of its own (used by `bench`).", shouldDisplay: false)

    @Argument var phase: BenchPhase
    @Option var db: String
    @Option var input: String?
    @Option var baseline: String?
    @Option var seq: Int64?

    func run() throws {
        var digest = ""
        var seconds = 0.0
        func timed(_ body: () throws -> Void) rethrows {
            let started = Terminal.monotonicSeconds()
            try body()
            seconds += Terminal.monotonicSeconds() - started
        }
        switch phase {
        case .ingest:
            let log = try EventLog.create(path: db, currency: "USD")
            try timed {
                _ = try Ingestor(log: log, options: IngestOptions(batchSize: 1_000_000)).ingest(try LineReader(path: input ?? ""), displayName: "sample")
            }
        case .insert:
            // The same rows through one prepared statement in one transaction, loaded a chunk
            // at a time; only the inserts and the commit are timed.
            let log = try EventLog(path: db, readOnly: true)
            let table = try RawEventsTable(path: baseline ?? db + ".baseline")
            var afterSeq: Int64 = 0
            while true {
                let rows = try BaselineRows(from: log, afterSeq: afterSeq, limit: 250_000)
                guard rows.count > 0 else { break }
                try timed { try table.insert(rows) }
                afterSeq = rows.lastSeq
            }
            try timed { try table.commit() }
        case .scan:
            let log = try EventLog(path: db, readOnly: true)
            _ = try log.rawScan()  // warm the page cache; the ledger's own phases read it warm too
            try timed { _ = try log.rawScan() }
        case .verify:
            let log = try EventLog(path: db, readOnly: true)
            _ = try log.rawScan()
            try timed {
                guard try log.verify().isValid else { throw CommandFailure(message: "bench: the ledger did not verify") }
            }
        case .full:
            let log = try EventLog(path: db, readOnly: true)
            _ = try log.rawScan()
            try timed { digest = try Self.report(log, window: BenchPhase.year, policy: .off).digest }
        case .compare:
            let log = try EventLog(path: db, readOnly: true)
            _ = try log.rawScan()
            try timed { _ = try BenchReportCommand.compare(log, window: BenchPhase.year, models: BenchPhase.models,
                                                           variant: BenchReportCommand.broaderQualification) }
        case .checkpoint:
            let log = try EventLog(path: db, readOnly: true)
            _ = try log.rawScan()
            try timed {
                _ = try log.fold(LedgerFacts.self, key: .facts, through: [seq ?? 0], policy: CheckpointPolicy(interval: 1, keep: 1))
            }
        case .quarterResumed, .quarterCold:
            let log = try EventLog(path: db, readOnly: true)
            _ = try log.rawScan()
            let policy = phase == .quarterCold ? CheckpointPolicy.off : CheckpointPolicy(interval: .max, keep: 1)
            try timed { digest = try Self.report(log, window: BenchPhase.quarter, policy: policy).digest }
        }
        Terminal.writeLine("seconds=\(seconds) peak=\(PeakMemory.peakBytes()) digest=\(digest.isEmpty ? "-" : digest)")
    }

    /// What `report --view all --model w_shaped,markov` does at the head: fold (through
    /// checkpoints under `policy`), settle the rule set, resolve, every view, render JSON,
    /// keeping the state until exit as the commands do (`KeptUntilExit`).
    static func report(_ log: EventLog, window: ReportWindow, policy: CheckpointPolicy) throws -> Report {
        let head = try log.head()?.seq ?? 0
        let facts = try log.fold(LedgerFacts.self, key: .facts, through: [head], policy: policy).states[0]
        let rules = (try? PublishedRuleSets(facts).inForce(at: window.to)?.ruleSet()) ?? .shippedDefault
        let ledger = ResolvedLedger(facts: facts, rules: rules)
        // As the commands do: the state is freed by the process's exit, not piece by piece.
        KeptUntilExit.keep((facts, ledger))
        let report = BenchReportCommand.report(facts: facts, ledger: ledger, rules: rules, window: window, models: BenchPhase.models)
        _ = report.renderJSON()
        return report
    }
}
