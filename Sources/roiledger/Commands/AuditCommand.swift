import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore

/// `roiledger audit REPORT.json`: proves a saved report is what the ledger says.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Re-run a saved JSON report from its provenance and check its digest, the ledger head it names and the chain up to it.",
        discussion: """
        Exit 0 when the report is reproduced byte for byte; 2 when it was edited by hand (its digest \
        no longer matches its content), when the ledger was rewritten or shortened after it was \
        issued (the head it names is gone or has another hash, or the chain does not verify), or \
        when the ledger replays to other numbers. A report made with --rules-file needs that file again.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A report saved with `report --format json` or `close --format json`.") var file: String
    @Option(help: "The rule-set file a report made with --rules-file used (checked against its hash).") var rulesFile: String?

    func run() throws {
        let session = try global.session(readOnly: true)
        let result = try session.audit(reportFile: file, rulesFile: rulesFile)
        if result.contentMatches { Terminal.writeLine("content: matches its digest \(result.digest)") }
        if result.eventsVerified > 0 {
            Terminal.writeLine("ledger: seq \(result.headSeq) has the hash the report names; the chain verifies (\(result.eventsVerified) events)")
        }
        let failure: String
        switch result.verdict {
        case .reproduced(let ruleSet, let source, let window):
            Terminal.writeLine("replay: reproduced byte for byte under \(ruleSet.replacingOccurrences(of: "@", with: " v")) (\(source)), \(window.from) to \(window.to)")
            Terminal.writeLine("audit passed")
            return
        case .edited(let contentDigest, let digest):
            failure = "the report was edited after it was issued: its content hashes to \(contentDigest), not to its digest \(digest)"
        case .ledgerShortened(let events, let seq):
            failure = "the ledger is shorter than when the report was issued: it has \(events) events, the report names seq \(seq)"
        case .ledgerRewritten(let seq, let hash, let named):
            failure = "the ledger was rewritten after the report was issued: seq \(seq) has hash \(hash) now, the report names \(named)"
        case .chainBroken(let seq, let reason):
            failure = "the ledger's chain is broken at seq \(seq): \(reason)"
        case .ruleSetMissing(let reference, let seq):
            failure = "the rule set \(reference) the report names is not in the ledger up to seq \(seq)"
        case .ruleSetDiffers(let hash, let named):
            failure = "the rule set has hash \(hash), the report names \(named)"
        case .replayDiffers(let digest, let named, let issuedBy):
            let program = issuedBy.map { " (it was issued by \($0); this is \(ProgramVersion.program))" } ?? ""
            failure = "the ledger replays to a different report: digest \(digest), the report says \(named)\(program)"
        }
        throw CommandFailure(message: "audit FAILED: \(failure)", exitCode: 2)
    }
}
