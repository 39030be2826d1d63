import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerStore

/// An RFC 9457 problem: what the command line says of the same failure, as JSON, with the
/// status a client acts on. A refused parameter is named as the URL names it (`as_of`).
public struct Problem: Error, Sendable, Equatable {
    public var status: Int
    /// The last part of the problem's type URI (`invalid-parameter`).
    public var slug: String
    public var title: String
    public var detail: String
    public var parameter: String?
    /// Where the input is at fault (an ingested line): line, column, field.
    var location: [(key: String, value: JSONValue)] = []

    public init(status: Int, slug: String, title: String, detail: String, parameter: String? = nil) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.parameter = parameter
    }

    public static func == (lhs: Problem, rhs: Problem) -> Bool {
        lhs.status == rhs.status && lhs.slug == rhs.slug && lhs.detail == rhs.detail && lhs.parameter == rhs.parameter
    }

    var json: JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "type", value: .string("https://roiledger.dev/problems/\(slug)")),
            .init(key: "title", value: .string(title)),
            .init(key: "status", value: .number(String(status))),
            .init(key: "detail", value: .string(detail)),
        ]
        if let parameter { members.append(.init(key: "parameter", value: .string(parameter))) }
        members += location.map { .init(key: $0.key, value: $0.value) }
        return .object(JSONObject(members))
    }

    public var response: WebResponse {
        var headers: [(name: String, value: String)] = []
        if status == 401 { headers.append(("WWW-Authenticate", #"Bearer realm="roiledger""#)) }
        return WebResponse(status: status, contentType: WebResponse.problem, text: json.canonicalText + "\n", headers: headers)
    }

    // The server's own refusals.

    static func notFound(_ what: String) -> Problem {
        Problem(status: 404, slug: "not-found", title: "Not found", detail: what)
    }

    static func unknownParameter(_ name: String, allowed: [String]) -> Problem {
        Problem(status: 400, slug: "unknown-parameter", title: "Unknown parameter",
                detail: "\(name) is not a parameter of this resource; expected one of \(allowed.joined(separator: ", "))", parameter: name)
    }

    static func invalid(_ parameter: String, _ value: String, _ problem: String, expected: String) -> Problem {
        Problem(status: 400, slug: "invalid-parameter", title: "Invalid parameter", detail: "\(parameter) \(value) \(problem); expected \(expected)",
                parameter: parameter)
    }

    /// No detail beyond what the client sent: which token, if any, is not said.
    static let unauthorized = Problem(status: 401, slug: "unauthorized", title: "Unauthorized",
                                      detail: "this resource needs a valid bearer token (Authorization: Bearer rl_…)")

    static func forbidden(_ role: TokenRole) -> Problem {
        Problem(status: 403, slug: "forbidden", title: "Forbidden", detail: "this action needs a token with the \(role.rawValue) role")
    }

    static func methodNotAllowed(_ method: String, _ path: String) -> Problem {
        Problem(status: 405, slug: "method-not-allowed", title: "Method not allowed", detail: "\(path) does not take \(method)")
    }

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(status: 413, slug: "too-large", title: "Request body too large", detail: "the body is larger than \(limit) bytes; send it in parts")
    }

    /// The problem a use case's error is, in the server's words.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let error as AppError: return app(error)
        case let error as StoreError: return store(error)
        case let error as IngestError: return ingest(error)
        default: return Problem(status: 500, slug: "internal", title: "Internal error", detail: "the server could not answer; see its log")
        }
    }

    static func app(_ error: AppError) -> Problem {
        switch error {
        case .invalidParameter(let parameter, let value, let problem, let expected):
            return invalid(parameter.rawValue, value, problem, expected: expected)
        case .parameterConflict(let parameters, let problem):
            return Problem(status: 400, slug: "parameter-conflict", title: "Parameters conflict",
                           detail: "\(problem) (\(parameters.map(\.rawValue).joined(separator: ", ")))", parameter: parameters.first?.rawValue)
        case .cannotRead(let path, let reason):
            return Problem(status: 422, slug: "cannot-read", title: "Cannot read", detail: "cannot read \(path): \(reason)")
        case .cannotWrite(let path, let reason, let after):
            return Problem(status: 500, slug: "cannot-write", title: "Cannot write", detail: (after.map { "\($0), but " } ?? "") + "cannot write \(path): \(reason)")
        case .invalidRuleSetDocument(let source, let location, let problem, let expected):
            return Problem(status: 422, slug: "invalid-rule-set", title: "Invalid rule set",
                           detail: "\(source) \(location): \(problem)" + (expected.map { "; expected \($0)" } ?? ""))
        case .ruleSetNotPublished(let reference, let published):
            return Problem(status: 404, slug: "rule-set-not-published", title: "No such rule set",
                           detail: "no rule set \(reference) in the ledger (as of the replay point); published: \(published.isEmpty ? "none" : published.joined(separator: ", "))",
                           parameter: "rules")
        case .publishedRuleSetInvalid(let label, let problem):
            return Problem(status: 422, slug: "rule-set-does-not-load", title: "Rule set does not load",
                           detail: "the published rule set \(label) does not load under roiledger \(ProgramVersion.current): \(problem)", parameter: "rules")
        case .emptyLedger:
            return Problem(status: 404, slug: "empty-ledger", title: "Empty ledger", detail: "the ledger is empty (as of the replay point): nothing to report")
        case .windowUndetermined(let missing):
            return Problem(status: 400, slug: "window-undetermined", title: "Window undetermined",
                           detail: "the ledger has no touch or deal to take the window from; give \(missing.map(\.rawValue).joined(separator: " and ")) YYYY-MM-DD",
                           parameter: missing.first?.rawValue)
        case .unknownOpportunity(let id):
            return notFound("no opportunity \"\(id)\" with a visible created event in the ledger (as of the replay point)")
        case .periodNeverClosed(let period):
            return notFound("\(period) was never closed (as of the replay point)")
        case .periodAlreadyClosed(let period, let seq, let digest):
            return Problem(status: 409, slug: "period-already-closed", title: "Period already closed",
                           detail: "\(period) is already closed (seq \(seq), report digest \(digest)); nothing appended")
        case .periodNotEnded(let period, let lastDay, let today):
            return Problem(status: 409, slug: "period-not-ended", title: "Period not ended",
                           detail: "\(period) has not ended: its last day is \(lastDay) and today is \(today) (UTC)")
        case .reasonRequired(let action):
            return Problem(status: 400, slug: "reason-required", title: "Reason required",
                           detail: "\(action) refused, nothing appended: a reason is required (kept in the ledger for auditors)", parameter: "reason")
        case .eventRefused(let action, let field, let problem, let expected):
            return Problem(status: 422, slug: "event-refused", title: "Event refused",
                           detail: "\(action) refused, nothing appended: field `\(field)` \(problem); expected \(expected)")
        case .idTaken(let action, let id, let seq):
            return Problem(status: 409, slug: "id-taken", title: "Id taken",
                           detail: "\(action) refused, nothing appended: id \"\(id)\" already names other content at seq \(seq)", parameter: "id")
        case .recordedAtRefused(let problem):
            return Problem(status: 400, slug: "invalid-parameter", title: "Invalid parameter", detail: "recorded_at \(problem)", parameter: "recorded_at")
        case .notAReport(_, let problem):
            return Problem(status: 422, slug: "not-a-report", title: "Not a report",
                           detail: "the body is not a report saved with `roiledger report --format json`: \(problem)")
        case .ruleSetFileNeeded(let name):
            return Problem(status: 422, slug: "rule-set-file-needed", title: "Rule-set file needed",
                           detail: "the report used the rule-set file \(name), which the server does not have; audit it with the command line")
        case .sampleUnsuitable(let problem):
            return Problem(status: 500, slug: "internal", title: "Internal error", detail: problem)
        case .checkpointNotSaved(let seq):
            return Problem(status: 500, slug: "internal", title: "Internal error", detail: "could not save a checkpoint at seq \(seq)")
        case .store(let error):
            return store(error)
        case .ingest(let error):
            return ingest(error)
        case .importFailed(let failure):
            return Problem(status: 422, slug: "import-failed", title: "Import failed", detail: "\(failure)")
        case .tooManyBadRows(let summary, let limit, _):
            return Problem(status: 422, slug: "too-many-bad-rows", title: "Too many bad rows",
                           detail: "\(summary.rejectedRows) of \(summary.rows) rows are bad and max_bad_rows is \(limit); nothing appended")
        }
    }

    static func store(_ error: StoreError) -> Problem {
        switch error {
        case .busy:
            return Problem(status: 503, slug: "busy", title: "Ledger busy", detail: "the ledger is being written by another process; retry")
        case .conflict(let id, let seq, _, _):
            return Problem(status: 409, slug: "conflict", title: "Conflict",
                           detail: "id \"\(id)\" is already in the ledger at seq \(seq) with different content; give the new event its own id, or retract the old one")
        case .invalidReference(let field, let problem, let expected):
            return Problem(status: 422, slug: "event-refused", title: "Event refused", detail: "field `\(field)`: \(problem); expected \(expected)")
        case .unknownToken(let id):
            return notFound("no token \(id)")
        case .readOnly:
            return Problem(status: 503, slug: "read-only", title: "Read-only ledger", detail: "the ledger is read-only for this server")
        default:
            // Paths and SQLite messages stay in the server's log.
            return Problem(status: 500, slug: "ledger-error", title: "Ledger error", detail: "the ledger could not be read or written; see the server's log")
        }
    }

    static func ingest(_ error: IngestError) -> Problem {
        var problem = Problem(status: 422, slug: "invalid-event", title: "Invalid event", detail: error.description)
        if let line = error.line { problem.location.append(("line", .number(String(line)))) }
        if let column = error.column { problem.location.append(("column", .number(String(column)))) }
        if let field = error.field { problem.location.append(("field", .string(field))) }
        return problem
    }
}
