import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore
import TerminalSupport

/// `roiledger-bench` (`bench scale`): at each size, the machine's own SQLite limits measured on
/// the very rows roiledger stores (raw insert, raw sequential scan), then roiledger's ingest,
/// verify, full replay, compare and an as-of report resumed from a checkpoint, each as events
/// per second, as a ratio to its limit, and with the phase's own peak memory.
struct BenchScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Everything at 1M and 10M events: limits, ingest, verify, full replay, compare, checkpointed as-of replay, peak memory.")

    @Option(help: "Ledger sizes to measure, comma-separated.")
    var sizes = "1000000,10000000"

    @Option(help: "Seed of the generated ledgers.")
    var seed: UInt64 = 7

    @Option(help: "Event ids: readable (sequential) or uuid (random, the hard case for the UNIQUE index).")
    var ids: SampleIDStyle = .readable

    @Option(help: "Folder for the generated files (default: a new folder under /tmp, removed afterwards).")
    var workdir: String?

    func validate() throws {
        guard !parsedSizes.isEmpty, parsedSizes.allSatisfy({ $0 >= 1_000 }) else {
            throw ValidationError("--sizes takes event counts of at least 1000, comma-separated: 1000000,10000000")
        }
    }

    var parsedSizes: [Int] { sizes.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) } }

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger-bench`")
        #endif
        let folder = try workdir ?? TemporaryFolder.make(prefix: "roiledger-bench")
        var results: [ScaleRun] = []
        for size in parsedSizes {
            Terminal.writeLine("\n== \(Figures.grouped(size)) events (seed \(seed), \(ids.rawValue) ids) ==")
            let run = try ScaleRun.measure(events: size, seed: seed, ids: ids, folder: folder)
            Terminal.write(run.table.render())
            for line in run.notes { Terminal.writeLine("  " + line) }
            results.append(run)
        }
        Terminal.writeLine("\n== goals ==")
        Terminal.write(ScaleRun.goals(results).render())
        if workdir == nil { TemporaryFolder.remove(folder, files: []) }
    }
}

/// One size's measurements. Every phase runs in a child process of its own (`roiledger-bench phase`), so
/// each starts from a clean heap and its peak memory is that process's high-water mark.
struct ScaleRun {
    var events: Int
    var table = TextTable([("step", .left), ("events/s", .right), ("seconds", .right), ("ratio", .right), ("of", .left), ("peak memory", .right)])
    var notes: [String] = []
    var ratios: [String: Double] = [:]
    var replayPeak: Int64 = 0
    var corrections: [(String, BenchPhase.Outcome)] = []

    static func measure(events: Int, seed: UInt64, ids: SampleIDStyle, folder: String) throws -> ScaleRun {
        var run = ScaleRun(events: events)
        let input = folder + "/sample-\(events).jsonl"
        let ledgerPath = folder + "/ledger-\(events).sqlite"
        let baselinePath = folder + "/baseline-\(events).sqlite"
        for path in [ledgerPath, baselinePath] { TemporaryFolder.removeDatabase(path) }
        defer {
            CheckpointStore(ledgerPath: ledgerPath).removeAll()
            TemporaryFolder.removeDatabase(input)
            TemporaryFolder.removeDatabase(ledgerPath)
            TemporaryFolder.removeDatabase(baselinePath)
        }
        let started = Terminal.monotonicSeconds()
        try SampleFile.write(SampleOptions(eventCount: events, seed: seed, idStyle: ids), to: input)
        run.notes.append("generated the sample in \(Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 1)) s")
        func phase(_ name: BenchPhase, _ extra: [String] = []) throws -> BenchPhase.Outcome {
            Terminal.progress("bench: \(name.rawValue) at \(Figures.grouped(events)) events")
            defer { Terminal.clearProgress() }
            return try name.runInChild(["--db", ledgerPath] + extra)
        }
        let ingest = try phase(.ingest, ["--input", input])
        TemporaryFolder.removeDatabase(input)
        let insert = try phase(.insert, ["--baseline", baselinePath])
        TemporaryFolder.removeDatabase(baselinePath)
        let scan = try phase(.scan)
        let verify = try phase(.verify)
        let full = try phase(.full)
        let compare = try phase(.compare)
        let checkpointSeq = Int64(events - events / 100)
        let save = try phase(.checkpoint, ["--seq", String(checkpointSeq)])
        let resumed = try phase(.quarterResumed)
        let cold = try phase(.quarterCold)
        guard resumed.digest == cold.digest, !cold.digest.isEmpty else {
            throw BenchFailure(message: "bench: the report resumed from a checkpoint differs from the one replayed from seq 1")
        }
        // Last, as they change the ledger: one correction of each kind, each a cold process.
        let (merged, survivor, touch) = try Self.correctionTargets(ledgerPath)
        let merge = try phase(.merge, ["--from", merged, "--into", survivor])
        let unmerge = try phase(.unmerge)
        let retract = try phase(.retract, ["--event", touch])
        let store = CheckpointStore(ledgerPath: ledgerPath)
        let checkpointBytes = store.entries().first.map { store.size(of: $0) } ?? 0
        run.replayPeak = full.peak

        let insertRate = Double(events) / insert.seconds
        let scanRate = Double(events) / scan.seconds
        func row(_ name: String, _ outcome: BenchPhase.Outcome, events count: Int, ratio: Double?, of limit: String) {
            run.table.append([name, Figures.grouped(Int(Double(count) / outcome.seconds)), Figures.fixed(outcome.seconds, decimals: 2),
                              ratio.map { Figures.fixed($0, decimals: 2) } ?? "", limit, Figures.bytes(outcome.peak)])
        }
        run.ratios = [
            "ingest": (Double(events) / ingest.seconds) / insertRate,
            "replay": (Double(events) / full.seconds) / scanRate,
            "verify": (Double(events) / verify.seconds) / scanRate,
            "checkpoint": resumed.seconds / full.seconds,
        ]
        row("raw SQLite insert (limit)", insert, events: events, ratio: 1, of: "")
        row("raw SQLite scan (limit)", scan, events: events, ratio: 1, of: "")
        row("ingest", ingest, events: events, ratio: run.ratios["ingest"], of: "raw insert")
        row("verify", verify, events: events, ratio: run.ratios["verify"], of: "raw scan")
        row("full replay: all views, 2 models", full, events: events, ratio: run.ratios["replay"], of: "raw scan")
        row("compare (qualification differs)", compare, events: events, ratio: compare.seconds / full.seconds, of: "x full replay")
        row("checkpoint at \(Figures.grouped(checkpointSeq)) (fold + save)", save, events: Int(checkpointSeq), ratio: nil, of: Figures.bytes(checkpointBytes))
        row("Q1 as of head, from seq 1", cold, events: events, ratio: cold.seconds / full.seconds, of: "x full replay")
        row("Q1 as of head, from checkpoint", resumed, events: events, ratio: resumed.seconds / full.seconds, of: "x full replay")
        for (name, outcome) in [("merge (open, validate by lookup, append)", merge), ("unmerge", unmerge), ("retract", retract)] {
            run.table.append([name, "", Figures.fixed(outcome.seconds, decimals: 3), "", "", Figures.bytes(outcome.peak)])
            run.corrections.append((name, outcome))
        }
        return run
    }

    /// Two contacts that touch (neither merged) and a touch to retract, read from the first
    /// touches in the ledger.
    static func correctionTargets(_ path: String) throws -> (String, String, String) {
        let log = try EventLog(path: path, readOnly: true)
        var contacts: [String] = []
        var touch: String?
        try log.events(type: .touch, limit: 500) { stored in
            guard case .object(let body)? = try? JSONParser.parse(stored.body), case .string(let contact)? = body["contact"] else { return }
            touch = touch ?? stored.id
            if !contacts.contains(contact) { contacts.append(contact) }
        }
        guard contacts.count >= 2, let touch else { throw BenchFailure(message: "the ledger has too few touches to correct") }
        return (contacts[0], contacts[1], touch)
    }

    /// Each goal against the measured figure, per size.
    static func goals(_ runs: [ScaleRun]) -> TextTable {
        var table = TextTable([("goal", .left), ("size", .right), ("measured", .right), ("", .left)])
        let goals: [(String, String, Double, Bool)] = [
            ("ingest >= 0.50 of raw insert", "ingest", 0.5, true),
            ("full replay >= 0.25 of raw scan", "replay", 0.25, true),
            ("verify >= 0.35 of raw scan", "verify", 0.35, true),
            ("as-of with checkpoint <= 0.10 of full replay", "checkpoint", 0.10, false),
        ]
        for (name, key, target, atLeast) in goals {
            for run in runs {
                let value = run.ratios[key] ?? 0
                let met = atLeast ? value >= target : value <= target
                table.append([name, Figures.grouped(run.events), Figures.fixed(value, decimals: 2), met ? "met" : "NOT met"])
            }
        }
        for run in runs {
            let slowest = run.corrections.map(\.1.seconds).max() ?? 0
            let largest = run.corrections.map(\.1.peak).max() ?? 0
            table.append(["corrections < 0.3 s (slowest of merge, unmerge, retract)", Figures.grouped(run.events), Figures.fixed(slowest, decimals: 3),
                          slowest < 0.3 ? "met" : "NOT met"])
            table.append(["corrections < 100 MB peak", Figures.grouped(run.events), Figures.bytes(largest), largest < 100_000_000 ? "met" : "NOT met"])
        }
        if let small = runs.min(by: { $0.events < $1.events }), let large = runs.max(by: { $0.events < $1.events }), large.events > small.events {
            let ratio = Double(large.replayPeak) / Double(max(small.replayPeak, 1))
            table.append(["peak memory of full replay, \(Figures.grouped(large.events)) / \(Figures.grouped(small.events)) <= 1.5", "",
                          Figures.fixed(ratio, decimals: 2), ratio <= 1.5 ? "met" : "NOT met"])
        }
        return table
    }
}
