import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerImport

/// `roiledger import FILE… --mapping NAME|PATH`: CRM and ad-platform exports in.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the events CRM and ad-platform exports (CSV) state, through a mapping.",
        discussion: """
        A mapping says how to read one export format: its dialect (encoding, delimiter, preamble, \
        totals and footer lines), its numbers and times, its columns (by label or API name) and \
        the events each row states. `roiledger import --list` shows the shipped ones; --mapping \
        also takes the path of your own mapping file (README: "Writing a mapping").

        Event ids come from the source records and facts, so importing the same export again \
        appends nothing and a later export appends only what changed. A recorded fact that \
        changed (a stage date that moved) is refused as ID_CONFLICT with both values, never \
        overwritten; a figure the source revises (a day's ad spend) retracts the old event and \
        appends the new one, so restatements show the move. The ledger keeps each imported \
        event's file (SHA-256) and physical line beside the log; `explain` shows them.

        By default the import lands whole or not at all: one bad row and nothing is appended. \
        With --max-bad-rows N the good rows land when at most N rows are bad. Every bad row is \
        reported as FILE:LINE:COLUMN with a code (CAST_NUMBER, AMBIGUOUS_NUMBER, CAST_DATE, \
        CURRENCY_MISMATCH, REQUIRED_EMPTY, ID_CONFLICT, UNKNOWN_STAGE, …); --rejects FILE writes \
        them all as JSON Lines. --dry-run prints the events that would be appended (JSON Lines, \
        standard output) and appends nothing.

        Shipped mappings: \(ShippedMappings.names().joined(separator: ", ")). `--list` says what \
        each reads; the README's "Importing exports" says which events each row states and how to \
        write a mapping.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Export files (CSV).")
    var inputs: [String] = []

    @Option(help: ArgumentHelp("A shipped mapping's name (see --list) or a mapping file's path.", valueName: "name|path"))
    var mapping: String?

    @Flag(help: "List the shipped mappings and exit.")
    var list = false

    @Flag(help: "Read and check everything, print the events that would be appended, append nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Land the good rows when at most N rows are bad (default 0: all or nothing).", valueName: "N"))
    var maxBadRows = 0

    @Option(help: ArgumentHelp("Write every rejected row to FILE as JSON Lines.", valueName: "file"))
    var rejects: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Commit every N rows (for very large exports; at least 1).", valueName: "rows"))
    var batchSize: Int?

    @Option(help: "Backfill: the ledger time (RFC 3339) of every event, never before the ledger's last recorded_at.")
    var recordedAt: String?

    @Option(help: ArgumentHelp("The IANA time zone of the export's times without an offset (overrides the mapping's; an export's zone is its account's or user's).", valueName: "zone"))
    var timeZone: String?

    func validate() throws {
        if list { return }
        guard mapping != nil else { throw ValidationError("give --mapping NAME|PATH (see `roiledger import --list`)") }
        guard !inputs.isEmpty else { throw ValidationError("give at least one export file") }
    }

    func run() throws {
        if list {
            try printList()
            return
        }
        // A dry run appends inside a transaction it rolls back, so it needs the write lock too.
        let session = try global.session(readOnly: false)
        let request = ImportRequest(inputs: inputs, mapping: mapping!, dryRun: dryRun, maxBadRows: maxBadRows, rejectsPath: rejects,
                                    batchSize: batchSize, recordedAt: recordedAt, timeZone: timeZone)
        let started = Terminal.monotonicSeconds()
        let summary: ImportSummary
        do {
            summary = try session.importExports(request, onEvent: dryRun ? { Terminal.writeLine($0) } : nil, onProgress: { rows, bytes, total in
                let elapsed = max(Terminal.monotonicSeconds() - started, 1e-6)
                var text = "import: \(Figures.grouped(rows)) rows, \(Figures.grouped(Int(Double(rows) / elapsed)))/s"
                if let total, total > 0 { text += ", \(bytes * 100 / total)%" }
                Terminal.progress(text)
            })
        } catch AppError.tooManyBadRows(let summary, let limit, let committed) {
            Terminal.clearProgress()
            printRejects(summary)
            let landed = committed ? "batches committed before the limit was passed stay in the ledger" : "nothing appended"
            throw CommandFailure(message: "error: \(Figures.grouped(summary.rejectedRows)) of \(Figures.grouped(summary.rows)) rows are bad and --max-bad-rows is \(limit): \(landed). Fix the rows (see above\(rejects.map { " and \($0)" } ?? "")), or pass --max-bad-rows to land the good ones", exitCode: 1)
        }
        Terminal.clearProgress()
        printRejects(summary)
        let seconds = Terminal.monotonicSeconds() - started
        for file in summary.files {
            var line = "\(dryRun ? "would import" : "imported") \(file.name) (\(summary.mapping) v\(summary.mappingVersion)): "
            line += "\(Figures.grouped(file.rows)) rows → \(Figures.grouped(file.events)) events: "
            line += "\(Figures.grouped(file.appended)) \(dryRun ? "new" : "appended"), \(Figures.grouped(file.duplicates)) already in the ledger"
            if file.retracted > 0 { line += ", \(Figures.grouped(file.retracted)) revised (old figure retracted)" }
            if file.rejectedRows > 0 { line += ", \(Figures.grouped(file.rejectedRows)) rows rejected" }
            if file.skippedRows > 0 { line += ", \(Figures.grouped(file.skippedRows)) total rows skipped" }
            write(line)
        }
        var total = "\(dryRun ? "dry run, nothing appended" : "done"): \(Figures.grouped(summary.appended)) events"
        if !dryRun, let first = summary.firstSeq, let last = summary.lastSeq { total += " (seq \(first)-\(last))" }
        total += ", times in \(summary.timeZone), \(Figures.fixed(seconds, decimals: 2)) s"
        if seconds > 0, summary.rows > 0 { total += " (\(Figures.grouped(Int(Double(summary.rows) / seconds))) rows/s)" }
        write(total)
    }

    /// The summary goes to standard error in a dry run, whose standard output is the events.
    private func write(_ line: String) {
        if dryRun { Terminal.writeError(line) } else { Terminal.writeLine(line) }
    }

    private func printRejects(_ summary: ImportSummary) {
        guard summary.rejectedRows > 0 else { return }
        for reject in summary.firstRejects { Terminal.writeError(reject.description) }
        if summary.rejectedRows > summary.firstRejects.count {
            Terminal.writeError("… and \(Figures.grouped(summary.rejectedRows - summary.firstRejects.count)) more\(rejects.map { " (all in \($0))" } ?? "; --rejects FILE writes them all")")
        }
        let counts = summary.rejectCounts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \(Figures.grouped($0.value))" }
        Terminal.writeError("rejected rows by code: \(counts.joined(separator: ", "))")
    }

    private func printList() throws {
        let mappings = try LedgerSession.shippedMappings()
        let width = mappings.map(\.name.count).max() ?? 0
        for mapping in mappings {
            let name = mapping.name.padding(toLength: width, withPad: " ", startingAt: 0)
            Terminal.writeLine("\(name)  v\(mapping.version)  \(mapping.description)")
        }
    }
}
