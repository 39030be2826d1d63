public import ArgumentParser
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

/// Options every correction command shares.
struct CorrectionOptions: ParsableArguments {
    @Option(help: "Business time of the correction (RFC 3339; default: now).")
    var at: String?

    @Option(help: "The event id (default: derived from the correction and its time).")
    var id: String?

    @Option(help: "Backfill: the ledger time to record it at (RFC 3339; not before the ledger's last, not in the future; default: now).")
    var recordedAt: String?

    @Flag(help: "Validate and show the before/after credit of the deals it moves, without appending anything.")
    var preview = false

    @Option(help: "The model the preview credits under (default: the rule set's).")
    var model: AttributionModelName?

    @OptionGroup var window: WindowOptions

    func validate() throws {
        if let at, RFC3339.parse(at) == nil { throw ValidationError("--at must be an RFC 3339 timestamp such as 2026-03-31T12:00:00Z") }
        if let recordedAt, RFC3339.parse(recordedAt) == nil {
            throw ValidationError("--recorded-at must be an RFC 3339 timestamp such as 2026-03-31T23:59:59Z")
        }
    }
}

extension AttributionModelName: ExpressibleByArgument {}

/// Appends one correction event the way `ingest` appends a line (same validation, same chain),
/// or with `--preview` validates it in a transaction that is rolled back and shows what it would
/// move.
struct Correction {
    var command: String
    var fields: [(String, JSONValue)]
    var idStem: String
    var options: CorrectionOptions
    var globals: GlobalOptions
    /// Checks against what the ledger knows (unknown ids), before anything is appended.
    var check: (LedgerFacts) throws -> Void = { _ in }
    /// Whether `--preview` shows the attribution the event would move (corrections) or only
    /// validates it (publications).
    var previewsAttribution = true
    /// An id stem that depends on the ledger (a rule set's next version), in place of `idStem`.
    var stem: ((LedgerFacts) -> String)?
    /// Whether to leave the "appended" line to the caller.
    var quiet = false

    /// What `run` did: the seq appended (nil for a preview or a duplicate), and the facts of
    /// the ledger it checked the event against (before it).
    struct Outcome {
        var seq: Int64?
        var factsBefore: LedgerFacts
    }

    @discardableResult
    func run() throws -> Outcome {
        let log = try globals.openLedger()
        let now = SystemClock().now()
        let at = options.at.flatMap { RFC3339.parse($0)?.timestamp } ?? now
        let atText = RFC3339.format(at, nanosecondRemainder: 0)
        let prepared = try PreparedReplay.prepare(log, try ReplayOptions.parse(Self.windowArguments(options.window)))
        try check(prepared.facts)
        let id = options.id ?? "\(stem?(prepared.facts) ?? idStem)@\(atText)"
        let event = JSONValue.object(JSONObject([.init(key: "id", value: .string(id)), .init(key: "type", value: .string(command)),
                                                 .init(key: "at", value: .string(atText))] + fields.map { .init(key: $0.0, value: $0.1) }))
        let decoded: EventDecoder.Decoded
        do {
            decoded = try EventDecoder(currency: log.currency).decode(event)
        } catch {
            throw CommandFailure(message: "error: \(command) refused, nothing appended: field `\(error.field)` \(error.problem); expected \(error.expected)")
        }
        var writer = CanonicalJSONWriter(reservingCapacity: 1024)
        writer.write(.object(decoded.canonicalBody))
        var appendedSeq: Int64?
        do {
            try log.append(recordedAt: options.recordedAt.flatMap { RFC3339.parse($0)?.timestamp }) { appender in
                let outcome = try writer.bytes.withUnsafeBytes { (body) throws(StoreError) in try appender.append(decoded.event, canonicalBody: body) }
                if case .appended(let seq) = outcome { appendedSeq = seq }
                if options.preview { throw PreviewRollback() }
            }
        } catch is PreviewRollback {
            // Validated like a real append; nothing landed.
        } catch StoreError.invalidReference(let field, let problem, let expected) {
            throw CommandFailure(message: "error: \(command) refused, nothing appended: field `\(field)` \(problem); expected \(expected)")
        } catch StoreError.invalidRecordedAt(let problem) {
            throw CommandFailure(message: "error: \(command) refused, nothing appended: --recorded-at \(problem)")
        } catch StoreError.conflict(let conflictID, let seq, _, _) {
            throw CommandFailure(message: "error: \(command) refused, nothing appended: id \"\(conflictID)\" already names other content at seq \(seq); pass another --id")
        }
        guard options.preview else {
            if quiet { return Outcome(seq: appendedSeq, factsBefore: prepared.facts) }
            if let appendedSeq {
                Terminal.writeLine("appended seq \(appendedSeq): \(command) \(id)")
            } else {
                Terminal.writeLine("already in the ledger (same id and content): \(command) \(id); nothing appended")
            }
            return Outcome(seq: appendedSeq, factsBefore: prepared.facts)
        }
        guard previewsAttribution else {
            Terminal.writeLine("preview: \(command) \(id) is valid (nothing appended)")
            return Outcome(seq: nil, factsBefore: prepared.facts)
        }
        let model = options.model ?? prepared.rules.attribution.model
        let record = ReplayRecord(seq: (prepared.head?.seq ?? 0) + 1, recordedAt: now, event: decoded.event)
        Terminal.writeLine("preview of \(command) \(id) (nothing appended); \(model.rawValue), \(prepared.window.from) to \(prepared.window.to)")
        for view in AttributionView.allCases {
            let preview = CorrectionPreview(facts: prepared.facts, correction: record, rules: prepared.rules, window: prepared.window,
                                            model: model, view: view)
            Terminal.write(CorrectionPreviewText.render(preview, view: view))
        }
        return Outcome(seq: nil, factsBefore: prepared.facts)
    }

    static func windowArguments(_ window: WindowOptions) -> [String] {
        (window.from.map { ["--from", $0] } ?? []) + (window.to.map { ["--to", $0] } ?? []) + (window.level.map { ["--level", $0.rawValue] } ?? [])
    }

    /// Every contact and account id the ledger has named, for "unknown id" errors.
    static func knownIDs(_ facts: LedgerFacts, kind: MergeKind) -> Set<String> {
        var ids = Set<String>()
        switch kind {
        case .contact:
            for touch in facts.touches { ids.insert(touch.contact) }
            ids.formUnion(facts.contactAccounts.keys)
            ids.formUnion(facts.contactAttributes.keys)
            ids.formUnion(facts.stages.keys)
            ids.formUnion(facts.selfReports.keys)
            for events in facts.opportunities.values { for event in events { ids.formUnion(event.change.contacts) } }
        case .account:
            for touch in facts.touches { if let account = touch.account, !account.isEmpty { ids.insert(account) } }
            for statements in facts.contactAccounts.values { for statement in statements { ids.insert(statement.value) } }
            for events in facts.opportunities.values { for event in events { ids.insert(event.change.account) } }
        }
        for merge in facts.merges where merge.value.kind == kind { ids.insert(merge.value.into) }
        return ids
    }
}

struct PreviewRollback: Error {}

/// The preview as text: per view, the deals whose credit moves, channel by channel.
enum CorrectionPreviewText {
    static func render(_ preview: CorrectionPreview, view: AttributionView) -> String {
        guard !preview.changes.isEmpty else { return "\(view.rawValue): no deal's credit moves\n" }
        var table = TextTable([("deal", .left), ("channel", .left), ("before", .right), ("after", .right), ("delta", .right)])
        var previous: String?
        for change in preview.changes {
            let delta = Money(units: change.after.units - change.before.units)
            table.append([change.dealID == previous ? "" : change.dealID, change.channel, MoneyText.cents(change.before),
                          MoneyText.cents(change.after), (delta.units > 0 ? "+" : "") + MoneyText.cents(delta)])
            previous = change.dealID
        }
        return "\(view.rawValue): \(preview.dealsMoved) deal(s) move\n" + table.render()
    }
}
