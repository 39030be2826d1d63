import ArgumentParser
import LedgerCore
import LedgerProjections

/// `roiledger merge`: two records are one; `--contact FROM --into INTO` or `--account`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Append a merge: FROM becomes an alias of INTO (undo it with unmerge).",
        discussion: "Refused, with nothing appended, for an id the ledger never named, a record merged into itself, a record already merged elsewhere, or a merge that would close a cycle.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The contact that is a duplicate.") var contact: String?
    @Option(help: "The account that is a duplicate.") var account: String?
    @Option(help: "The surviving record.") var into: String
    @OptionGroup var options: CorrectionOptions

    func validate() throws {
        guard (contact == nil) != (account == nil) else { throw ValidationError("give exactly one of --contact FROM or --account FROM") }
    }

    func run() throws {
        let kind: MergeKind = contact != nil ? .contact : .account
        let from = contact ?? account!
        var correction = Correction(command: "merge", fields: [("kind", .string(kind.rawValue)), ("from", .string(from)), ("into", .string(into))],
                                    idStem: "merge:\(kind.rawValue):\(from)>\(into)", options: options, globals: global)
        correction.check = { facts in
            let known = Correction.knownIDs(facts, kind: kind)
            for (flag, id) in [(kind == .contact ? "--contact" : "--account", from), ("--into", into)] where !known.contains(id) {
                throw CommandFailure(message: "error: merge refused, nothing appended: \(flag) \"\(id)\" names no \(kind.rawValue) the ledger has seen; check the id with `roiledger log`")
            }
        }
        try correction.run()
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
        try Correction(command: "unmerge", fields: [("merge", .string(merge))], idStem: "unmerge:\(merge)", options: options, globals: global).run()
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
    @Option(help: "Why (kept in the ledger).") var reason: String
    @OptionGroup var options: CorrectionOptions

    func run() throws {
        try Correction(command: "retract", fields: [("event", .string(event)), ("reason", .string(reason))], idStem: "retract:\(event)",
                       options: options, globals: global).run()
    }
}
