import ArgumentParser
import Foundation
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore
import TerminalSupport

/// One measured step of `bench`, run alone in its own process.
enum BenchPhase: String, CaseIterable, ExpressibleByArgument {
    case ingest, insert, scan, verify, full, compare, checkpoint
    case quarterResumed = "quarter-resumed"
    case quarterCold = "quarter-cold"
    case merge, unmerge, retract

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
        process.arguments = ["phase", rawValue] + arguments
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
            throw BenchFailure(message: "bench: the \(rawValue) phase failed (exit \(process.terminationStatus)): \(line)")
        }
        return Outcome(seconds: seconds, peak: peak, digest: fields["digest"] ?? "")
    }
}

/// `roiledger-bench phase NAME`: one step of `bench`, timed, printing `seconds=… peak=…`.
struct BenchPhaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phase", abstract: "One step of `bench`, in a process of its own (used by `bench`).", shouldDisplay: false)

    @Argument var phase: BenchPhase
    @Option var db: String
    @Option var input: String?
    @Option var baseline: String?
    @Option var seq: Int64?
    @Option var from: String?
    @Option var into: String?
    @Option var event: String?

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
            let session = try LedgerSession.create(db, currency: "USD", environment: AppEnvironment())
            try timed { _ = try session.ingest(IngestRequest(input: input ?? "", batchSize: 1_000_000)) }
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
                guard try log.verify().isValid else { throw BenchFailure(message: "bench: the ledger did not verify") }
            }
        case .full:
            let session = try Self.session(db, checkpoints: .off)
            _ = try session.log.rawScan()
            try timed { digest = try Self.report(session, window: BenchPhase.year) }
        case .compare:
            let session = try Self.session(db, checkpoints: .off)
            _ = try session.log.rawScan()
            let variant = try Self.broaderQualificationFile(session, next: db + ".broader.json")
            try timed {
                let a = CompareRequest.Side(rules: .inForce), b = CompareRequest.Side(rules: .file(variant))
                _ = try session.compare(CompareRequest(a: a, b: b, from: BenchPhase.year.from.description, to: BenchPhase.year.to.description)).renderJSON()
            }
        case .checkpoint:
            let log = try EventLog(path: db, readOnly: true)
            _ = try log.rawScan()
            try timed {
                _ = try log.fold(LedgerFacts.self, key: .facts, through: [seq ?? 0], policy: CheckpointPolicy(interval: 1, keep: 1))
            }
        case .quarterResumed, .quarterCold:
            let policy = phase == .quarterCold ? CheckpointPolicy.off : CheckpointPolicy(interval: .max, keep: 1)
            let session = try Self.session(db, checkpoints: policy)
            _ = try session.log.rawScan()
            try timed { digest = try Self.report(session, window: BenchPhase.quarter) }
        case .merge, .unmerge, .retract:
            // The whole command as ops runs it, cold: open the ledger, validate by lookup, append.
            let action: CorrectionRequest.Action = switch phase {
            case .merge: .merge(kind: .contact, from: from ?? "", into: into ?? "")
            case .unmerge: .unmerge(mergeID: "bench-merge")
            default: .retract(eventID: event ?? "")
            }
            let context = ActionContext(id: phase == .merge ? "bench-merge" : nil, actor: "bench", reason: "benchmark")
            try timed {
                let session = try LedgerSession.open(db, readOnly: false, environment: AppEnvironment())
                guard case .appended = try session.correct(CorrectionRequest(action, context: context)) else {
                    throw BenchFailure(message: "the \(phase.rawValue) was not appended")
                }
            }
        }
        Terminal.writeLine("seconds=\(seconds) peak=\(PeakMemory.peakBytes()) digest=\(digest.isEmpty ? "-" : digest)")
    }

    /// A read-only session as the commands open one, keeping the replay's state until exit as
    /// they do (`KeptUntilExit`), with the checkpoint policy the phase measures.
    static func session(_ db: String, checkpoints: CheckpointPolicy) throws -> LedgerSession {
        let environment = AppEnvironment(retain: { KeptUntilExit.keep($0) }, checkpoints: checkpoints)
        return try LedgerSession.open(db, readOnly: true, environment: environment)
    }

    /// What `report --view all --model w_shaped,markov --format json` does over `window`: the
    /// same use case; returns the digest.
    static func report(_ session: LedgerSession, window: ReportWindow) throws -> String {
        let request = ReportRequest(replay: ReplayRequest(from: window.from.description, to: window.to.description),
                                    models: BenchPhase.models, views: ReportView.allCases)
        let report = try session.report(request)
        _ = report.renderJSON()
        return report.digest
    }

    /// The analyst's what-if: the published rule set with a broader qualification, as a file.
    static func broaderQualificationFile(_ session: LedgerSession, next path: String) throws -> String {
        var body: JSONValue = try JSONParser.parse(RuleSet.shippedDefault.canonicalJSON)
        if let shown = try? session.showRules("default") { body = try JSONParser.parse(shown.json) }
        guard case .object(var object) = body else { throw BenchFailure(message: "the rule set is not a JSON object") }
        object["qualification"] = .object(JSONObject([
            .init(key: "mql", value: .string("score >= 40 and employees >= 100 or stage('mql')")),
            .init(key: "sql", value: .string("stage('sql')")),
        ]))
        try (JSONValue.object(object).canonicalText + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
