import LedgerApp
import LedgerIngest
import TerminalSupport

/// The ledger a benchmark measures: the one given, or a generated sample ingested into
/// `folder/NAME.sqlite` (its files listed in `made`, for the caller to remove).
struct BenchSampleLedger {
    var path: String
    var made: [String] = []

    init(db: String?, events: Int, seed: UInt64, folder: String, name: String) throws {
        if let db {
            path = db
            return
        }
        path = folder + "/\(name).sqlite"
        let input = folder + "/\(name).jsonl"
        TemporaryFolder.removeDatabase(path)
        let started = Terminal.monotonicSeconds()
        try SampleFile.write(SampleOptions(eventCount: events, seed: seed), to: input)
        let session = try LedgerSession.create(path, currency: "USD", environment: AppEnvironment())
        _ = try session.ingest(IngestRequest(input: input))
        Terminal.writeLine("generated and ingested \(Figures.grouped(events)) events in \(Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 1)) s")
        made = [input, path]
    }
}
