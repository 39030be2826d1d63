public import LedgerCore
import LedgerStore

/// Appends one event a use case composed (a correction, a close, a publication) exactly as
/// `ingest` appends a line: the same decoder, the same reference checks against the ledger (the
/// ids it names, the merges in force, read by lookup, not by a replay), the same chain. With
/// `dryRun` the append runs in a transaction that is rolled back.
struct EventWriter {
    let session: LedgerSession

    /// The event `{id, type, at, fields…}`, validated; `action` names it in errors.
    func compose(action: String, type: EventType, id: String, at: Timestamp, fields: [(String, JSONValue)]) throws -> EventDecoder.Decoded {
        let event = JSONValue.object(JSONObject([.init(key: "id", value: .string(id)), .init(key: "type", value: .string(type.rawValue)),
                                                 .init(key: "at", value: .string(RFC3339.format(at, nanosecondRemainder: 0)))]
                                                + fields.map { .init(key: $0.0, value: $0.1) }))
        do {
            return try EventDecoder(currency: session.log.currency).decode(event)
        } catch {
            throw AppError.eventRefused(action: action, field: error.field, problem: error.problem, expected: error.expected)
        }
    }

    /// Appends the event: `.appended`, or `.alreadyPresent` when the same id holds the same content.
    func append(_ decoded: EventDecoder.Decoded, action: String, recordedAt: Timestamp?) throws -> AppendResult {
        var result = AppendResult.alreadyPresent(seq: 0, id: decoded.event.id)
        try write(decoded, action: action, recordedAt: recordedAt) { outcome in
            switch outcome {
            case .appended(let seq): result = .appended(seq: seq, id: decoded.event.id)
            case .duplicate(let seq): result = .alreadyPresent(seq: seq, id: decoded.event.id)
            }
        }
        return result
    }

    /// Runs every check an append makes, then rolls the transaction back.
    func validate(_ decoded: EventDecoder.Decoded, action: String, recordedAt: Timestamp?) throws {
        do {
            try write(decoded, action: action, recordedAt: recordedAt) { _ in throw DryRunRollback() }
        } catch is DryRunRollback {
            // Validated like a real append; nothing landed.
        }
    }

    private func write(_ decoded: EventDecoder.Decoded, action: String, recordedAt: Timestamp?, then: (AppendOutcome) throws -> Void) throws {
        var writer = CanonicalJSONWriter(reservingCapacity: 1024)
        writer.write(.object(decoded.canonicalBody))
        do {
            try session.store.append(recordedAt: recordedAt) { appender in
                let outcome = try writer.bytes.withUnsafeBytes { (body) throws(StoreError) in try appender.append(decoded.event, canonicalBody: body) }
                try then(outcome)
            }
        } catch let rollback as DryRunRollback {
            throw rollback
        } catch StoreError.invalidReference(let field, let problem, let expected) {
            throw AppError.eventRefused(action: action, field: field, problem: problem, expected: expected)
        } catch StoreError.invalidRecordedAt(let problem) {
            throw AppError.recordedAtRefused(problem: problem)
        } catch StoreError.conflict(let id, let seq, _, _) {
            throw AppError.idTaken(action: action, id: id, seq: seq)
        } catch {
            throw AppError.wrap(error)
        }
    }
}

struct DryRunRollback: Error {}

/// Who acted, when and why, as every correction, close and publication records them.
public struct ActionContext: Sendable, Equatable {
    /// Business time of the action (RFC 3339); nil: now.
    public var at: String?
    /// The event id; nil: derived from the action and its time.
    public var id: String?
    /// Backfill: the ledger time to record it at (RFC 3339); nil: now.
    public var recordedAt: String?
    /// Who; nil: the environment's default actor.
    public var actor: String?
    /// Why (required for corrections and recloses).
    public var reason: String?

    public init(at: String? = nil, id: String? = nil, recordedAt: String? = nil, actor: String? = nil, reason: String? = nil) {
        self.at = at
        self.id = id
        self.recordedAt = recordedAt
        self.actor = actor
        self.reason = reason
    }

    func atTimestamp(_ environment: AppEnvironment) throws -> Timestamp {
        try at.map { try RequestValues.timestamp($0, .at) } ?? environment.clock.now()
    }

    func recordedAtTimestamp() throws -> Timestamp? {
        try recordedAt.map { try RequestValues.timestamp($0, .recordedAt) }
    }

    /// `actor` and `reason` as event fields (a blank reason counts as none).
    func whoAndWhy(_ environment: AppEnvironment, requireReason action: String?) throws -> [(String, JSONValue)] {
        let reason = self.reason.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        if let action, reason == nil { throw AppError.reasonRequired(action: action) }
        return [("actor", .string(actor ?? environment.defaultActor))] + (reason.map { [("reason", JSONValue.string($0))] } ?? [])
    }
}
