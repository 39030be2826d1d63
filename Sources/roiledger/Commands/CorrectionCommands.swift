import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerProjections

/// `roiledger merge`: two records are one; `--contact FROM --into INTO` or `--account`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Append a merge: FROM becomes an alias of INTO (undo it with unmerge).",
        discussion: """
        Validated as `ingest` validates the same event, by lookup (no replay): refused, with nothing \
        appended, for a record merged into itself, a record already merged elsewhere, or a merge that \
        would close a cycle. A record the ledger has not seen is accepted (CRM exports name merged-away \
        records that appear nowhere else) and counted in the report's data completeness.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The contact that is a duplicate.") var contact: String?
    @Option(help: "The account that is a duplicate.") var account: String?
    @Option(help: "The surviving record.") var into: String
    @OptionGroup var options: CorrectionOptions

    func validate() throws {
        guard (contact == nil) != (account == nil) else { throw ValidationError("give exactly one of --contact FROM or --account FROM") }
    }

    func run() throws {
        try options.run(.merge(kind: contact != nil ? .contact : .account, from: contact ?? account!, into: into), global: global)
    }
}

/// `roiledger unmerge MERGE_ID`: undo a merge in force.
struct UnmergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmerge",
        abstract: "Append an unmerge: split a merge's FROM (and what was merged into it) back off.",
        discussion: "Refused, with nothing appended, for an id that is not a merge, or a merge no longer in force (unmerged twice).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The id of the merge event to undo.") var merge: String
    @OptionGroup var options: CorrectionOptions

    func run() throws {
        try options.run(.unmerge(mergeID: merge), global: global)
    }
}

/// `roiledger retract EVENT_ID --reason TEXT`: an earlier event was wrong.
struct RetractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract",
        abstract: "Append a retraction: projections stop seeing the event (retract the retraction to reinstate it).",
        discussion: "Refused, with nothing appended, for an id the ledger does not hold, or a rules or close event (publish a new version or close again).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The id of the event to retract.") var event: String
    @OptionGroup var options: CorrectionOptions

    func run() throws {
        try options.run(.retract(eventID: event), global: global)
    }
}
