import ArgumentParser
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

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
        let log = try global.openLedger(readOnly: true)
        let store = log.checkpoints
        if clear {
            let removed = store.removeAll()
            Terminal.writeLine("removed \(removed) checkpoint\(removed == 1 ? "" : "s") from \(store.folder)")
            return
        }
        if list {
            let entries = store.entries()
            guard !entries.isEmpty else {
                Terminal.writeLine("no checkpoints in \(store.folder)")
                return
            }
            let current = CheckpointStore.tag(.facts)
            var table = TextTable([("projection", .left), ("seq", .right), ("size", .right), ("usable by this program", .left), ("file", .left)])
            for entry in entries {
                let usable = entry.keyTag == current ? ((try? log.head(seq: entry.seq)) != nil ? "yes" : "no: the ledger is shorter") : "no: another version"
                table.append([entry.projection, Figures.grouped(entry.seq), Figures.bytes(store.size(of: entry)), usable,
                              String(entry.path.split(separator: "/").last ?? "")])
            }
            Terminal.write(table.render())
            return
        }
        guard let head = try log.head() else {
            Terminal.writeLine("empty ledger: nothing to checkpoint")
            return
        }
        let started = Terminal.monotonicSeconds()
        var policy = CheckpointPolicy.fromEnvironment
        policy.isEnabled = true
        policy.interval = 1
        policy.defersSave = false
        let folded = try log.fold(LedgerFacts.self, key: .facts, through: [head.seq], policy: policy)
        for problem in folded.skipped { Terminal.writeError("note: checkpoint skipped: \(problem)") }
        let seconds = Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 2)
        if let saved = folded.savedAt {
            let from = folded.resumedFrom.map { "from the checkpoint at seq \(Figures.grouped($0))" } ?? "from seq 1"
            Terminal.writeLine("saved a checkpoint at seq \(Figures.grouped(saved)) (replayed \(Figures.grouped(folded.foldedEvents)) events \(from) in \(seconds) s)")
        } else if folded.resumedFrom == head.seq {
            Terminal.writeLine("a checkpoint at the head (seq \(Figures.grouped(head.seq))) already exists")
        } else {
            throw CommandFailure(message: "error: could not save a checkpoint at seq \(head.seq)")
        }
    }
}
