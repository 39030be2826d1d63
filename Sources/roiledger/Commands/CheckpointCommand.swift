import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerReports

/// `roiledger checkpoint`: saves the replay state at the head now (say, after a nightly ingest),
/// lists the checkpoints, or clears them. Reports save checkpoints on their own after a long
/// replay; this is for doing it at a chosen moment and for looking.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Save the replay state at the head (a cache beside the ledger), or --list or --clear them.",
        discussion: """
        Checkpoints live in <ledger>.checkpoints/, keyed by (projection code version, rule set hash, seq) and \
        checked against the ledger's hash at their seq. They are a cache: deleting them changes no output, \
        only how long the next report takes. Saving one deletes those another program version wrote. \
        `audit` and `verify` never read them. Set ROILEDGER_CHECKPOINTS=off \
        to neither read nor write them, ROILEDGER_CHECKPOINT_INTERVAL=N to change how many newly replayed \
        events make a report save one (default 100000).
        """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "List the checkpoints instead of saving one.")
    var list = false

    @Flag(help: "Delete every checkpoint of this ledger.")
    var clear = false

    func validate() throws {
        if list && clear { throw ValidationError("give --list or --clear, not both") }
    }

    func run() throws {
        let session = try global.session(readOnly: true)
        if clear {
            let removed = session.clearCheckpoints()
            Terminal.writeLine("removed \(removed) checkpoint\(removed == 1 ? "" : "s") from \(session.checkpointFolder)")
            return
        }
        if list {
            let entries = try session.listCheckpoints()
            guard !entries.isEmpty else {
                Terminal.writeLine("no checkpoints in \(session.checkpointFolder)")
                return
            }
            var table = TextTable([("projection", .left), ("seq", .right), ("size", .right), ("usable by this program", .left), ("file", .left)])
            for entry in entries {
                table.append([entry.projection, Figures.grouped(entry.seq), Figures.bytes(entry.bytes), entry.usable ? "yes" : "no: \(entry.whyNot ?? "")", entry.file])
            }
            Terminal.write(table.render())
            return
        }
        let result = try session.saveCheckpoint(clock: Terminal.monotonicSeconds)
        let seconds = Figures.fixed(result.seconds, decimals: 2)
        switch result.outcome {
        case .emptyLedger:
            Terminal.writeLine("empty ledger: nothing to checkpoint")
        case .saved(let seq, let folded, let resumedFrom):
            let from = resumedFrom.map { "from the checkpoint at seq \(Figures.grouped($0))" } ?? "from seq 1"
            Terminal.writeLine("saved a checkpoint at seq \(Figures.grouped(seq)) (replayed \(Figures.grouped(folded)) events \(from) in \(seconds) s)")
        case .alreadyAtHead(let seq):
            Terminal.writeLine("a checkpoint at the head (seq \(Figures.grouped(seq))) already exists")
        }
    }
}
