import TerminalSupport
import ArgumentParser
import LedgerCore
import LedgerApp
import LedgerStore

/// `roiledger verify`: re-walks the hash chain.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the whole hash chain and name the first bad seq.",
        discussion: """
        Checks that seq runs from 1 without gaps, recorded_at never goes back, every hash is \
        SHA-256 of the previous hash, seq, recorded_at and the canonical body, every body is \
        valid and canonical, and every typed column matches its body. A tail that was rewritten \
        and re-chained is consistent with itself: only an anchor kept outside the ledger (from \
        `roiledger head`) catches it. It also checks that the file keeps the guards (triggers, \
        the events table's definition) its migrations installed. Exit status 2 when the ledger \
        fails, is damaged or truncated, or has lost its guards.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "SEQ:HASH from an earlier `roiledger head`, kept elsewhere.")
    var anchor: String?

    func validate() throws {
        if let anchor, ChainAnchor(anchor) == nil {
            throw ValidationError("--anchor must be SEQ:HASH, the seq and the 64 hex digits printed by `roiledger head`")
        }
    }

    func run() throws {
        let log = try global.session(readOnly: true).store
        let started = Terminal.monotonicSeconds()
        let report = try log.verify(anchor: anchor.flatMap(ChainAnchor.init)) { (seq: Int64) in
            Terminal.progress("verify: \(Figures.grouped(seq)) events")
        }
        Terminal.clearProgress()
        let seconds = Figures.fixed(Terminal.monotonicSeconds() - started, decimals: 2)
        let anchorNote: String
        switch report.anchorMatched {
        case nil: anchorNote = "not checked against an anchor (a rewritten and re-chained tail is only caught by one: pass --anchor SEQ:HASH)"
        case true?: anchorNote = "anchor \(anchor ?? "") matched"
        case false?: anchorNote = "anchor \(anchor ?? "") did NOT match"
        }
        let schemaProblems = try log.schemaProblems()
        for problem in schemaProblems { Terminal.writeLine("FAILED: guard \(problem)") }
        if let failure = report.failure {
            Terminal.writeLine("FAILED at seq \(failure.seq): \(failure.reason)")
            if report.anchorMatched == false {
                // Only the anchor's row was compared with something outside the ledger: a
                // re-chained history is consistent with itself, so nothing before it is proven.
                Terminal.writeLine("the ledger's \(Figures.grouped(report.checkedCount)) events are consistent with each other, but the anchor proves none of them; "
                    + "where the history first differs cannot be known without the original")
            } else {
                Terminal.writeLine("\(Figures.grouped(failure.seq - 1)) events before it are intact; \(anchorNote)")
            }
            throw CommandFailure(message: "verify failed at seq \(failure.seq)", exitCode: 2)
        }
        if !schemaProblems.isEmpty {
            Terminal.writeLine("the \(Figures.grouped(report.checkedCount)) events' chain is intact, but the file has lost or changed the guards that keep it append-only; roiledger will not write to it")
            throw CommandFailure(message: "verify failed: the ledger's guards are missing or altered", exitCode: 2)
        }
        let head = report.head.map { "head seq \($0.seq) hash \($0.hash)" } ?? "empty ledger"
        Terminal.writeLine("ok: \(Figures.grouped(report.checkedCount)) events verified in \(seconds) s, \(head)")
        Terminal.writeLine(anchorNote)
    }
}
