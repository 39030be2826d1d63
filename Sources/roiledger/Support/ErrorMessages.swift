import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerStore

/// The one place the command line words what the library reports: `AppError` (and the store's
/// and ingest's errors it carries) become a message naming this program's flags and commands,
/// and an exit status (1: refused or failed; 2: the ledger cannot be trusted as it stands;
/// 64: a usage error).
enum ErrorMessages {
    static func message(for error: any Error) -> (text: String, exitCode: Int32)? {
        switch error {
        case let error as AppError: return app(error)
        case let error as StoreError: return ("error: " + store(error), error.isBadLedger ? 2 : 1)
        case let error as IngestError: return ("error: \(error)", 1)
        case let error as CommandFailure: return (error.message, error.exitCode)
        default: return nil
        }
    }

    /// `asOf` → `--as-of`.
    static func flag(_ parameter: Parameter) -> String {
        switch parameter {
        case .file, .event, .merge, .period: parameter.rawValue.uppercased()
        default: "--" + parameter.rawValue.replacingOccurrences(of: "_", with: "-")
        }
    }

    static func app(_ error: AppError) -> (String, Int32) {
        switch error {
        case .invalidParameter(let parameter, let value, let problem, let expected):
            return ("error: \(flag(parameter)) \(value) \(problem); expected \(expected)", 64)
        case .parameterConflict(let parameters, let problem):
            return ("error: \(problem) (\(parameters.map(flag).joined(separator: ", ")))", 64)
        case .cannotRead(let path, let reason):
            return ("error: cannot read \(path): \(reason)", 1)
        case .cannotWrite(let path, let reason, let after):
            return ("error: " + (after.map { "\($0), but " } ?? "") + "cannot write \(path): \(reason)", 1)
        case .invalidRuleSetDocument(let source, let location, let problem, let expected):
            let place = location.hasPrefix("field") ? "\(source): \(location)" : "\(source):\(location)"
            return ("error: \(place): \(problem)" + (expected.map { "; expected \($0)" } ?? ""), 1)
        case .ruleSetNotPublished(let reference, let published):
            return ("error: no rule set \(reference) in the ledger (as of the replay point); published: \(published.isEmpty ? "none" : published.joined(separator: ", ")). See `roiledger rules list`", 1)
        case .publishedRuleSetInvalid(let label, let problem):
            return ("error: the published rule set \(label) does not load under roiledger \(ProgramVersion.current): \(problem); publish a corrected version, or choose another with --rules NAME@VERSION", 1)
        case .emptyLedger:
            return ("error: the ledger is empty (as of the replay point): nothing to report; add events with `roiledger ingest FILE`", 1)
        case .windowUndetermined(let missing):
            return ("error: the ledger has no touch or deal to take the window from; give \(missing.map(flag).joined(separator: " and ")) YYYY-MM-DD", 1)
        case .unknownOpportunity(let id):
            return ("error: no opportunity \"\(id)\" with a visible `created` event in the ledger (as of the replay point); check the id with `roiledger log --type opportunity`", 1)
        case .periodNeverClosed(let period):
            return ("error: \(period) was never closed (as of the replay point); close it first with `roiledger close \(period)`", 1)
        case .periodAlreadyClosed(let period, let seq, let digest):
            return ("error: \(period) is already closed (seq \(seq), report digest \(digest)); nothing appended. To close it again deliberately, pass --reclose --reason TEXT; restatements then start from the new close", 1)
        case .periodNotEnded(let period, let lastDay, let today):
            return ("error: \(period) has not ended: its last day is \(lastDay) and today is \(today) (UTC); close it after it ends", 1)
        case .reasonRequired(let action):
            return ("error: \(action) refused, nothing appended: a reason is required (kept in the ledger for auditors); pass --reason TEXT", 64)
        case .eventRefused(let action, let field, let problem, let expected):
            return ("error: \(action) refused, nothing appended: field `\(field)` \(problem); expected \(expected)", 1)
        case .idTaken(let action, let id, let seq):
            return ("error: \(action) refused, nothing appended: id \"\(id)\" already names other content at seq \(seq); pass another --id", 1)
        case .recordedAtRefused(let problem):
            return ("error: refused, nothing appended: --recorded-at \(problem)", 1)
        case .notAReport(let path, let problem):
            return ("error: \(path) is not a report saved with `roiledger report --format json`: \(problem)", 1)
        case .ruleSetFileNeeded(let name):
            return ("error: the report used the rule-set file \(name); pass it with --rules-file", 64)
        case .sampleUnsuitable(let problem):
            return ("demo: \(problem); try another --seed or more --events", 1)
        case .checkpointNotSaved(let seq):
            return ("error: could not save a checkpoint at seq \(seq)", 1)
        case .store(let error):
            return ("error: " + store(error), error.isBadLedger ? 2 : 1)
        case .ingest(let error):
            return ("error: \(error)", 1)
        case .importFailed(let failure):
            return ("error: \(failure)", 1)
        case .tooManyBadRows(let summary, let limit, _):
            return ("error: \(summary.rejectedRows) of \(summary.rows) rows are bad and --max-bad-rows is \(limit); nothing appended", 1)
        }
    }

    /// The store's facts, with what to do about them here.
    static func store(_ error: StoreError) -> String {
        switch error {
        case .noLedger(let path):
            return "\(error); create one with `roiledger init --db \(path)`"
        case .alreadyInitialized:
            return "\(error); use another --db path to start a new one"
        case .formatTooNew:
            return "\(error); upgrade roiledger"
        case .invalidRecordedAt(let problem):
            return "--recorded-at: \(problem)"
        case .busy:
            return "\(error); retry, or wait longer with --wait SECONDS"
        case .readOnly:
            return "\(error); read commands work on it, to add events copy it somewhere writable"
        case .damaged, .guardsAltered:
            return "\(error); restore it from a copy, and check the copy with `roiledger verify`"
        case .sqlite(let code, _, _) where code & 0xFF == 26:
            return "the file is not a roiledger ledger (SQLite cannot read it as a database)"
        default:
            return "\(error)"
        }
    }
}

extension StoreError {
    /// A ledger that cannot be trusted as it stands (not a ledger, damaged, guards gone): exit 2,
    /// as `verify` does for a broken chain.
    var isBadLedger: Bool {
        switch self {
        case .notALedger, .damaged, .guardsAltered: true
        case .sqlite(let code, _, _): code & 0xFF == 11 || code & 0xFF == 26
        default: false
        }
    }
}
