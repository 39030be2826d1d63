import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerIngest

/// `roiledger ingest FILE…|-`: validates and appends JSON Lines.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Append events from JSON Lines files (or - for standard input).",
        discussion: """
        Each input lands whole or not at all. An event whose id is already in the ledger with the \
        same content is skipped and counted; the same id with other content rejects the input. \
        With --batch-size N every N lines are committed and acknowledged, so a re-run after a \
        crash skips what already landed.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "JSON Lines files, or - for standard input.")
    var inputs: [String]

    @Option(parsing: .unconditional, help: ArgumentHelp("Commit and acknowledge every N lines (for very large loads; at least 1).", valueName: "lines"))
    var batchSize: Int?

    @Option(help: "Backfill: the ledger time (RFC 3339) of every event, never before the ledger's last recorded_at.")
    var recordedAt: String?

    func run() throws {
        let session = try global.session(readOnly: false)
        for input in inputs {
            let request = IngestRequest(input: input, batchSize: batchSize, recordedAt: recordedAt)
            let displayName = request.displayName
            let started = Terminal.monotonicSeconds()
            let summary: IngestSummary
            do {
                summary = try session.ingest(request, onLine: { lines, bytes, total in
                    let elapsed = max(Terminal.monotonicSeconds() - started, 1e-6)
                    var text = "ingest \(displayName): \(Figures.grouped(lines)) lines, \(Figures.grouped(Int(Double(lines) / elapsed)))/s"
                    if let total, total > 0 { text += ", \(bytes * 100 / total)%" }
                    Terminal.progress(text)
                }, onCommit: { ack in
                    guard batchSize != nil else { return }
                    Terminal.clearProgress()
                    let head = ack.head.map { "head seq \($0.seq)" } ?? "empty ledger"
                    Terminal.writeLine("committed \(displayName) lines \(ack.firstLine)-\(ack.lastLine): \(ack.appended) appended, \(ack.duplicates) duplicates, \(head)")
                })
            } catch {
                Terminal.clearProgress()
                if batchSize != nil, case AppError.ingest = error {
                    Terminal.writeError("roiledger: batches committed before this error stay in the ledger; fix the input and re-run: landed events are skipped as duplicates")
                }
                throw error
            }
            Terminal.clearProgress()
            let seconds = Terminal.monotonicSeconds() - started
            var line = "ingested \(displayName): \(Figures.grouped(summary.lines)) lines, \(Figures.grouped(summary.appended)) appended"
            if let first = summary.firstSeq, let last = summary.lastSeq { line += " (seq \(first)-\(last))" }
            line += ", \(Figures.grouped(summary.duplicates)) duplicates, \(Figures.fixed(seconds, decimals: 2)) s"
            if seconds > 0, summary.lines > 0 { line += " (\(Figures.grouped(Int(Double(summary.lines) / seconds))) events/s)" }
            Terminal.writeLine(line)
        }
    }
}
