public import LedgerCore
public import LedgerImport
public import LedgerIngest
public import LedgerStore

/// Every way a use case can refuse or fail, stated as facts: what, where, and what would be
/// right. None names a command-line flag or an HTTP field: a request's parameters are named by
/// `Parameter`, and each front end (the command line, the server) renders these in its own
/// words and exit codes or statuses (`roiledger`'s `ErrorMessages`).
public enum AppError: Error, Sendable, Equatable {
    /// A request parameter's value cannot be used.
    case invalidParameter(Parameter, value: String, problem: String, expected: String)
    /// Parameters that cannot be given together, or one that needs another.
    case parameterConflict([Parameter], problem: String)
    /// A file could not be read (a rule set, a saved report, an input).
    case cannotRead(path: String, reason: String)
    /// A file could not be written; `after` says what had already happened (a close appended).
    case cannotWrite(path: String, reason: String, after: String?)
    /// A rule-set document that does not parse or is not a rule set: where, and what is wrong.
    case invalidRuleSetDocument(source: String, location: String, problem: String, expected: String?)
    /// A published rule set (name or name@version) the ledger does not hold as of the replay point.
    case ruleSetNotPublished(reference: String, published: [String])
    /// A rule set published in the log whose body no longer loads under this program.
    case publishedRuleSetInvalid(label: String, problem: String)
    /// The ledger has no event (as of the replay point) and the use case needs one.
    case emptyLedger
    /// The ledger has no touch or deal to take the window's missing ends from.
    case windowUndetermined(missing: [Parameter])
    /// No opportunity with this id has a visible `created` event.
    case unknownOpportunity(id: String)
    /// The period has no close in the ledger (as of the replay point).
    case periodNeverClosed(period: String)
    /// The period is closed already; closing again is a deliberate reclose with a reason.
    case periodAlreadyClosed(period: String, seq: Int64, digest: String)
    /// The period's last day has not ended yet.
    case periodNotEnded(period: String, lastDay: LedgerDate, today: LedgerDate)
    /// An action that changes what reports say needs a reason in the ledger.
    case reasonRequired(action: String)
    /// The event the use case would append fails validation: field, problem, what is expected.
    case eventRefused(action: String, field: String, problem: String, expected: String)
    /// The id the appended event would take already names other content.
    case idTaken(action: String, id: String, seq: Int64)
    /// A backfill's ledger time cannot be used.
    case recordedAtRefused(problem: String)
    /// A file that should be a saved report is not one.
    case notAReport(path: String, problem: String)
    /// A report made from a rule-set file needs that file to be audited.
    case ruleSetFileNeeded(name: String)
    /// The sample does not hold what the demo's story needs.
    case sampleUnsuitable(problem: String)
    /// A checkpoint could not be saved where one was asked for.
    case checkpointNotSaved(seq: Int64)
    /// The ledger file refused or failed (busy, read-only, damaged, not a ledger, …).
    case store(StoreError)
    /// An input line was refused (file, line, column, field).
    case ingest(IngestError)
    /// An import could not read a file or its mapping (the failure names the file and line).
    case importFailed(ImportFailure)
    /// More rows were bad than the request allows: nothing appended (or nothing after the last
    /// committed batch).
    case tooManyBadRows(ImportSummary, limit: Int, batchesCommitted: Bool)
}

/// The parameters of the use cases' requests, named once for every front end: the command
/// line turns `asOf` into `--as-of`, the server into `as_of`.
public enum Parameter: String, Sendable, CaseIterable {
    case asOf = "as_of"
    case from, to, level, rules
    case rulesFile = "rules_file"
    case model, view
    case groupBy = "by"
    case format, period, id, at
    case recordedAt = "recorded_at"
    case reason, actor, file, event, merge, contact, account, into, name
    case effectiveFrom = "effective_from"
    case batchSize = "batch_size"
    case events, seed, workdir, out
    case mapping
    case timeZone = "time_zone"
    case maxBadRows = "max_bad_rows"
    case rejects
    case every, type, after, limit, channel, campaign, digest, role, token, segment, db
}

extension AppError {
    /// Wraps what lower layers throw so callers see one vocabulary.
    static func wrap(_ error: any Error) -> any Error {
        switch error {
        case let error as StoreError: AppError.store(error)
        case let error as IngestError: AppError.ingest(error)
        case let error as ImportFailure: AppError.importFailed(error)
        default: error
        }
    }
}
