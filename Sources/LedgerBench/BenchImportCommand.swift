#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerImport
import LedgerIngest
import LedgerReports
import LedgerStore
import TerminalSupport

/// `roiledger-bench import`: an export of N rows through a shipped mapping versus `ingest` of
/// the same events as JSON Lines, in one run.
struct BenchImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import of a generated touch-sheet export versus ingest of the same events as JSON Lines.")

    @Option(help: "Rows to generate.")
    var rows = 1_000_000

    @Option(help: "Folder for the temporary files (default: a new folder under /tmp).")
    var workdir: String?

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger-bench import`")
        #endif
        let folder = try workdir ?? TemporaryFolder.make(prefix: "roiledger-bench")
        let export = folder + "/touches.csv"
        let events = folder + "/touches.jsonl"
        let importedPath = folder + "/imported.sqlite"
        let ingestedPath = folder + "/ingested.sqlite"
        for path in [importedPath, ingestedPath] { TemporaryFolder.removeDatabase(path) }

        var started = Terminal.monotonicSeconds()
        let bytes = try Self.writeExport(rows: rows, to: export)
        Terminal.writeLine("generated \(Figures.grouped(rows)) rows (\(Figures.grouped(Int(bytes >> 20))) MiB) in \(Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 2)) s")

        _ = PeakMemory.reset()
        let importer = try LedgerSession.create(importedPath, currency: "USD", environment: AppEnvironment())
        started = Terminal.monotonicSeconds()
        let summary = try importer.importExports(ImportRequest(inputs: [export], mapping: "touch-sheet"))
        let importSeconds = Terminal.monotonicSeconds() - started
        let importPeak = PeakMemory.peakBytes()
        guard summary.appended == rows else {
            throw BenchFailure(message: "import appended \(summary.appended) of \(rows) rows (\(summary.rejectedRows) rejected)")
        }

        // The same events, as the import stored them, through ingest.
        let output = fopen(events, "w")!
        try importer.log.events { event in
            fputs(event.body, output)
            fputs("\n", output)
        }
        fclose(output)
        let ingester = try LedgerSession.create(ingestedPath, currency: "USD", environment: AppEnvironment())
        started = Terminal.monotonicSeconds()
        let ingested = try ingester.ingest(IngestRequest(input: events))
        let ingestSeconds = Terminal.monotonicSeconds() - started
        guard ingested.appended == rows else { throw BenchFailure(message: "ingest appended \(ingested.appended) of \(rows)") }

        let importRate = Double(rows) / importSeconds
        let ingestRate = Double(rows) / ingestSeconds
        var table = TextTable([("step", .left), ("rows", .right), ("seconds", .right), ("rows/s", .right), ("ratio", .right)])
        table.append(["ingest of the same events (JSON Lines)", Figures.grouped(rows), Figures.fixed(ingestSeconds, decimals: 2), Figures.grouped(Int(ingestRate)), "1.00"])
        table.append(["import touch-sheet.csv", Figures.grouped(rows), Figures.fixed(importSeconds, decimals: 2), Figures.grouped(Int(importRate)), Figures.fixed(importRate / ingestRate, decimals: 2)])
        Terminal.write(table.render())
        let ratio = importRate / ingestRate
        Terminal.writeLine("import / ingest = \(Figures.fixed(ratio, decimals: 2)) (goal >= 0.50: \(ratio >= 0.5 ? "met" : "NOT met")); import peak memory \(Figures.grouped(Int(importPeak >> 20))) MiB for a \(Figures.grouped(Int(bytes >> 20))) MiB export")
        if workdir == nil { TemporaryFolder.remove(folder, files: [export, events, importedPath, ingestedPath]) }
    }

    /// A touch sheet of `rows` rows: 100,000 contacts, a touch every 30 seconds through 2026,
    /// UTM fields from a few campaigns; returns its size in bytes.
    static func writeExport(rows: Int, to path: String) throws -> Int64 {
        guard let file = fopen(path, "w") else { throw BenchFailure(message: "cannot write \(path)") }
        defer { fclose(file) }
        let sources = [("google", "cpc"), ("linkedin", "paid_social"), ("newsletter", "email"), ("partner-site", "referral"), ("bing", "organic")]
        let types = ["ad_click", "form_fill", "email_click", "content_download", "webinar"]
        var text = "contact_id,timestamp,utm_source,utm_medium,utm_campaign,utm_content,touch_type\n"
        var written: Int64 = 0
        let start = LedgerDate("2026-01-01")!.startOfDay.microseconds
        for row in 0..<rows {
            let at = Timestamp(microseconds: start + Int64(row) * 30 * Timestamp.microsecondsPerSecond)
            let (source, medium) = sources[row % sources.count]
            text += "c-\(row % 100_000),\(at),\(source),\(medium),q\(row % 4 + 1)-\(source),v\(row % 3),\(types[row % types.count])\n"
            if text.utf8.count > 1 << 20 {
                fputs(text, file)
                written += Int64(text.utf8.count)
                text = ""
            }
        }
        fputs(text, file)
        return written + Int64(text.utf8.count)
    }
}
