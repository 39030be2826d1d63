import ArgumentParser
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger bench` (`bench scale`): at each size, the machine's own SQLite limits measured on
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
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger bench`")
        #endif
        let folder = try workdir ?? TemporaryFolder.make()
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

/// One size's measurements. Every phase runs in a child process of its own (`bench phase`), so
/// each starts from a clean heap and its peak memory is that process's high-water mark.
struct ScaleRun {
    var events: Int
    var table = TextTable([("step", .left), ("events/s", .right), ("seconds", .right), ("ratio", .right), ("of", .left), ("peak memory", .right)])
    var notes: [String] = []
    var ratios: [String: Double] = [:]
    var replayPeak: Int64 = 0

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
            throw CommandFailure(message: "bench: the report resumed from a checkpoint differs from the one replayed from seq 1")
        }
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
        return run
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
        if let small = runs.min(by: { $0.events < $1.events }), let large = runs.max(by: { $0.events < $1.events }), large.events > small.events {
            let ratio = Double(large.replayPeak) / Double(max(small.replayPeak, 1))
            table.append(["peak memory of full replay, \(Figures.grouped(large.events)) / \(Figures.grouped(small.events)) <= 1.5", "",
                          Figures.fixed(ratio, decimals: 2), ratio <= 1.5 ? "met" : "NOT met"])
        }
        return table
    }
}
