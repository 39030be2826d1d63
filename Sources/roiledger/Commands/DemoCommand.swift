import ArgumentParser
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger demo`: the main job on a generated sample, in one command.
///
/// For now the ledger core's story: generate a year of marketing events from a fixed seed, load
/// them, prove the chain, show the head an auditor keeps, and show that loading the same file
/// again changes nothing. Reports join it as they are built.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Walk through roiledger on a generated sample ledger (in a temporary folder).")

    @Option(help: "Events in the sample.")
    var events = 100_000

    @Option(help: "Seed of the sample.")
    var seed: UInt64 = 2026

    @Option(help: "Keep the files in this folder instead of a temporary one.")
    var workdir: String?

    func run() throws {
        let folder = try workdir ?? TemporaryFolder.make()
        let input = folder + "/sample.jsonl"
        let db = folder + "/demo.sqlite"
        TemporaryFolder.removeDatabase(db)

        heading("1. A year of B2B marketing, as producers send it")
        try SampleFile.write(SampleOptions(eventCount: events, seed: seed), to: input)
        Terminal.writeLine("roiledger sample --events \(events) --seed \(seed) --out \(input)")

        heading("2. Load it into an append-only ledger")
        let log = try EventLog.create(path: db, currency: "USD")
        var started = Terminal.monotonicSeconds()
        let summary = try Ingestor(log: log).ingest(try LineReader(path: input), displayName: input)
        let seconds = Terminal.monotonicSeconds() - started
        Terminal.writeLine("ingested \(Figures.grouped(summary.appended)) events in \(Figures.fixed(seconds, decimals: 2)) s")
        var table = TextTable([("type", .left), ("events", .right)])
        var counts: [EventType: Int] = [:]
        try log.events { counts[$0.type, default: 0] += 1 }
        for type in EventType.allCases where counts[type] != nil { table.append([type.rawValue, Figures.grouped(counts[type]!)]) }
        table.append(["total", Figures.grouped(summary.appended)])
        Terminal.write(table.render())

        heading("3. Loading the same file again is a no-op (idempotent by event id)")
        let again = try Ingestor(log: log).ingest(try LineReader(path: input), displayName: input)
        Terminal.writeLine("\(Figures.grouped(again.appended)) appended, \(Figures.grouped(again.duplicates)) duplicates skipped")

        heading("4. The auditor's anchor and a full re-walk of the hash chain")
        let head = try log.head()!
        Terminal.writeLine("head: seq \(head.seq), recorded_at \(head.recordedAt)")
        Terminal.writeLine("anchor (keep it elsewhere): \(head.seq):\(head.hash)")
        started = Terminal.monotonicSeconds()
        let verification = try log.verify(anchor: ChainAnchor(seq: head.seq, hash: head.hash))
        let verdict = verification.isValid ? "ok" : "FAILED at seq \(verification.failure?.seq ?? 0)"
        Terminal.writeLine("verify: \(verdict), \(Figures.grouped(verification.checkedCount)) events in \(Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 2)) s, anchor matched")

        heading("5. The CFO's question: Q1 pipeline and revenue by channel, rule-based against data-driven")
        let options = try ReplayOptions.parse(["--from", "2026-01-01", "--to", "2026-03-31"])
        let prepared = try PreparedReplay.prepare(log, options)
        let models: [AttributionModelName] = [.wShaped, .markov]
        let report = prepared.report(models: models, groupBy: .channel, views: [.attribution, .completeness], asOf: nil)
        Terminal.write(report.renderTable())
        Terminal.writeLine("roiledger report --db \(db) --from 2026-01-01 --to 2026-03-31 --model w_shaped markov")

        heading("Next")
        Terminal.writeLine("roiledger report --db \(db) --from 2026-01-01 --to 2026-03-31 --by campaign --format csv")
        if let deal = prepared.ledger.deals.first(where: { prepared.window.contains($0.created.at) }) {
            Terminal.writeLine("roiledger explain opportunity \(deal.id) --db \(db) --from 2026-01-01 --to 2026-03-31")
        }
        Terminal.writeLine("roiledger log --db \(db) --type merge --limit 5")
        Terminal.writeLine("roiledger verify --db \(db) --anchor \(head.seq):\(head.hash)")
        Terminal.writeLine("roiledger sample --events 1000 --seed 9 | roiledger ingest --db \(db) -")
        if workdir == nil { Terminal.writeLine("(files are in \(folder); delete the folder when done)") }
        guard verification.isValid else { throw CommandFailure(message: "demo: the ledger did not verify", exitCode: 2) }
    }

    private func heading(_ text: String) {
        Terminal.writeLine()
        Terminal.writeLine("== \(text)")
    }
}
