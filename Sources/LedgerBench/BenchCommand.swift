#if canImport(Glibc)
import Glibc
#endif
public import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerReports
import LedgerStore
import TerminalSupport

/// `roiledger-bench`: measurements that print figures, run in release mode, over the same use
/// cases the commands call (`LedgerApp`).
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roiledger-bench",
        abstract: "Measure roiledger against the machine's own SQLite limits (run with swift run -c release roiledger-bench).",
        subcommands: [BenchScaleCommand.self, BenchIngestCommand.self, BenchImportCommand.self, BenchModelsCommand.self, BenchSeriesCommand.self, BenchPhaseCommand.self, BenchServeCommand.self, BenchPostgresCommand.self],
        defaultSubcommand: BenchScaleCommand.self)

    /// Renders the library's errors as the command line does, briefly.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as BenchFailure {
            Terminal.writeError("roiledger-bench: \(failure.message)")
            Terminal.exit(1)
        } catch let error as AppError {
            Terminal.writeError("roiledger-bench: \(error)")
            Terminal.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// A benchmark that could not measure what it set out to.
struct BenchFailure: Error {
    var message: String
}

/// `roiledger-bench ingest`: raw SQLite inserts of the same rows versus a full `ingest`.
struct BenchIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest of a generated ledger versus raw inserts of the same rows through the SQLite C API.")

    @Option(help: "Events to generate.")
    var events = 1_000_000

    @Option(help: "Seed of the generated ledger.")
    var seed: UInt64 = 7

    @Option(help: "Event ids: uuid (random, the hard case for the UNIQUE index) or readable.")
    var ids: SampleIDStyle = .uuid

    @Option(help: "Folder for the temporary files (default: a new folder under /tmp).")
    var workdir: String?

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger-bench ingest`")
        #endif
        let folder = try workdir ?? TemporaryFolder.make(prefix: "roiledger-bench")
        let input = folder + "/sample.jsonl"
        let ledgerPath = folder + "/ingest.sqlite"
        let baselinePath = folder + "/baseline.sqlite"
        for path in [ledgerPath, baselinePath] { TemporaryFolder.removeDatabase(path) }

        var started = Terminal.monotonicSeconds()
        try SampleFile.write(SampleOptions(eventCount: events, seed: seed, idStyle: ids), to: input)
        let generateSeconds = Terminal.monotonicSeconds() - started
        Terminal.writeLine("generated \(Figures.grouped(events)) events (\(ids.rawValue) ids, seed \(seed)) in \(Figures.fixed(generateSeconds, decimals: 2)) s")

        // Parse, validate, canonicalise and hash alone: how much of ingest is not SQLite.
        started = Terminal.monotonicSeconds()
        let parsed = try Self.parseOnly(input)
        let parseSeconds = Terminal.monotonicSeconds() - started

        let session = try LedgerSession.create(ledgerPath, currency: "USD", environment: AppEnvironment())
        let log = session.log
        started = Terminal.monotonicSeconds()
        let summary = try session.ingest(IngestRequest(input: input))
        let ingestSeconds = Terminal.monotonicSeconds() - started
        guard summary.appended == events else {
            throw BenchFailure(message: "error: ingest appended \(summary.appended) of \(events) events")
        }

        let rows = try BaselineRows(from: log)
        started = Terminal.monotonicSeconds()
        try rows.insertRaw(into: baselinePath)
        let rawSeconds = Terminal.monotonicSeconds() - started

        let rawRate = Double(rows.count) / rawSeconds
        let ingestRate = Double(events) / ingestSeconds
        let parseRate = Double(parsed) / parseSeconds
        var table = TextTable([("step", .left), ("events", .right), ("seconds", .right), ("events/s", .right), ("ratio", .right)])
        table.append(["raw SQLite insert (baseline)", Figures.grouped(rows.count), Figures.fixed(rawSeconds, decimals: 2), Figures.grouped(Int(rawRate)), "1.00"])
        table.append(["parse+validate+canonical+hash", Figures.grouped(parsed), Figures.fixed(parseSeconds, decimals: 2), Figures.grouped(Int(parseRate)), Figures.fixed(parseRate / rawRate, decimals: 2)])
        table.append(["roiledger ingest", Figures.grouped(events), Figures.fixed(ingestSeconds, decimals: 2), Figures.grouped(Int(ingestRate)), Figures.fixed(ingestRate / rawRate, decimals: 2)])
        Terminal.write(table.render())
        let ratio = ingestRate / rawRate
        Terminal.writeLine("ingest / raw insert = \(Figures.fixed(ratio, decimals: 2)) (goal >= 0.50: \(ratio >= 0.5 ? "met" : "NOT met")); SQLite \(Connection.sqliteVersion)")
        if workdir == nil { TemporaryFolder.remove(folder, files: [input, ledgerPath, baselinePath]) }
    }

    /// Runs everything ingest does per line except the SQLite insert.
    static func parseOnly(_ path: String) throws -> Int {
        let reader = try LineReader(path: path)
        let decoder = EventDecoder(currency: "USD")
        var writer = CanonicalJSONWriter(reservingCapacity: 4096)
        var previous = EventHash.genesis
        var count = 0
        while let line = try reader.nextLine() {
            let decoded = try decoder.decode(try JSONParser.parse(line))
            writer.reset()
            writer.write(.object(decoded.canonicalBody))
            count += 1
            previous = writer.bytes.withUnsafeBytes {
                EventHash.link(previous: previous, seq: Int64(count), recordedAt: decoded.event.at, body: $0)
            }
        }
        return count
    }
}

extension SampleIDStyle: ExpressibleByArgument {}
