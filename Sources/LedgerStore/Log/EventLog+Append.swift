public import LedgerCore

/// The statements an append reuses for every event, prepared once per ledger.
struct AppendStatements {
    let insert: Statement
    let lookup: Statement

    init(_ connection: Connection) throws(StoreError) {
        let placeholders = Array(repeating: "?", count: EventColumns.all.count).joined(separator: ", ")
        insert = try connection.prepare(
            "INSERT INTO events (\(EventColumns.list())) VALUES (\(placeholders)) ON CONFLICT(id) DO NOTHING")
        lookup = try connection.prepare("SELECT seq, type, body FROM events WHERE id = ?")
    }
}

/// What happened to one event offered to the ledger.
public enum AppendOutcome: Sendable, Equatable {
    /// Appended at this seq.
    case appended(seq: Int64)
    /// The same id with the same canonical body is already at this seq: skipped.
    case duplicate(seq: Int64)
}

/// Appends events inside one write transaction (see `EventLog.append`, `PostgresLedger.append`).
/// It carries the chain's head forward in memory, so each append costs one insert and no read in
/// the common case. What differs between the file and the server is behind `AppendTarget`.
public final class EventAppender {
    let target: any AppendTarget
    /// Ledger time of every event in this transaction.
    public let recordedAt: Timestamp
    public private(set) var head: LedgerHead?
    public private(set) var appendedCount = 0
    public private(set) var duplicateCount = 0
    private var mergeGraph: MergeGraph?

    init(target: any AppendTarget, recordedAt: Timestamp, head: LedgerHead?) {
        self.target = target
        self.recordedAt = recordedAt
        self.head = head
    }

    /// Appends one validated event with its canonical body bytes, or recognises it as a
    /// duplicate; throws `StoreError.conflict` when its id already names other content and
    /// `.invalidReference` when it names an event it cannot refer to.
    @discardableResult
    public func append(_ event: Event, canonicalBody body: UnsafeRawBufferPointer) throws(StoreError) -> AppendOutcome {
        try checkReferences(event)
        let seq = (head?.seq ?? 0) + 1
        let hash = EventHash.link(previous: head?.hash ?? .genesis, seq: seq, recordedAt: recordedAt, body: body)
        switch try target.insert(event, body: body, seq: seq, recordedAt: recordedAt, hash: hash) {
        case .taken:
            return try resolveExisting(id: event.id, body: body)
        case .inserted(let stored):
            // The server links the chain itself; a different link would mean two chains.
            guard stored == hash else {
                throw .diverged(seq: seq, detail: "the store linked the event with hash \(stored), this program with \(hash)")
            }
            head = LedgerHead(seq: seq, recordedAt: recordedAt, hash: hash)
            appendedCount += 1
            if let correction = MergeGraph.Correction(event) { try applyToMergeGraph(correction) }
            return .appended(seq: seq)
        }
    }

    /// Runs `body` so that the events it appends land together or not at all: when it throws,
    /// the rows it appended are rolled back (a savepoint inside the batch's transaction) and the
    /// appender's head, counts and merge graph are as before. An import lands a CSV row whole.
    public func atomically<R>(_ body: () throws -> R) throws -> R {
        let saved = (head, appendedCount, duplicateCount, mergeGraph)
        try target.savepoint(.begin)
        do {
            let result = try body()
            try target.savepoint(.release)
            return result
        } catch {
            try? target.savepoint(.rollback)
            try? target.savepoint(.release)
            (head, appendedCount, duplicateCount, mergeGraph) = saved
            throw error
        }
    }

    /// The id is taken: the same canonical body is a duplicate, any other body a conflict.
    private func resolveExisting(id: String, body: UnsafeRawBufferPointer) throws(StoreError) -> AppendOutcome {
        guard let existing = try target.lookup(id: id) else {
            throw .sqlite(code: -1, message: "insert of id \"\(id)\" changed nothing and no row holds that id", sql: nil)
        }
        if existing.body.utf8.elementsEqual(body) {
            duplicateCount += 1
            return .duplicate(seq: existing.seq)
        }
        throw .conflict(id: id, existingSeq: existing.seq, existingBody: existing.body, newBody: String(decoding: body, as: UTF8.self))
    }

    /// A retract must name an earlier event that may be retracted; an unmerge an earlier merge.
    private func checkReferences(_ event: Event) throws(StoreError) {
        switch event.payload {
        case .retract(let retraction):
            guard let target = try lookupType(retraction.eventID) else {
                throw .invalidReference(field: "event", problem: "names \"\(retraction.eventID)\", which is neither in the ledger nor earlier in this batch",
                                        expected: "the id of an earlier event")
            }
            guard target.isRetractable else {
                throw .invalidReference(field: "event", problem: "names \"\(retraction.eventID)\", a \(target.rawValue) event, which cannot be retracted",
                                        expected: "a retractable event; publish a new rule-set version or close the period again instead")
            }
        case .unmerge(let unmerge):
            guard let target = try lookupType(unmerge.mergeEventID) else {
                throw .invalidReference(field: "merge", problem: "names \"\(unmerge.mergeEventID)\", which is neither in the ledger nor earlier in this batch",
                                        expected: "the id of an earlier merge event")
            }
            guard target == .merge else {
                throw .invalidReference(field: "merge", problem: "names \"\(unmerge.mergeEventID)\", a \(target.rawValue) event",
                                        expected: "the id of a merge event")
            }
        default:
            return
        }
    }

    /// Checks a new correction against the merges in force (loaded from the ledger on first
    /// need in this transaction; a refusal rolls the whole batch back, graph included).
    private func applyToMergeGraph(_ correction: MergeGraph.Correction) throws(StoreError) {
        if mergeGraph == nil { mergeGraph = try target.mergeGraph(before: head?.seq ?? 0) }
        do {
            try mergeGraph!.apply(correction, validating: true)
        } catch {
            throw .invalidReference(field: error.field, problem: error.problem, expected: error.expected)
        }
    }

    private func lookupType(_ id: String) throws(StoreError) -> EventType? {
        try target.lookup(id: id).flatMap { EventType(rawValue: $0.type) }
    }
}

extension EventAppender {
    /// The ledger time of a new batch, in either store: the backfill time given, never earlier
    /// than the last `recorded_at` and never in the future; else now, or the last `recorded_at`
    /// when the clock has stepped back (the chain's order must not break).
    static func recordedAt(requested: Timestamp?, after head: LedgerHead?, now: Timestamp) throws(StoreError) -> Timestamp {
        guard let requested else { return max(now, head?.recordedAt ?? now) }
        if let last = head?.recordedAt, requested < last {
            throw .invalidRecordedAt(problem: "\(requested) is earlier than the ledger's last recorded_at \(last); ledger time never goes backwards")
        }
        if requested > now {
            throw .invalidRecordedAt(problem: "\(requested) is in the future (now is \(now))")
        }
        return requested
    }
}

extension EventLog {
    /// Runs `body` in one write transaction that appends events: all of them land, or (when
    /// `body` throws) none. Every event gets the same `recorded_at`: the clock's now, or the
    /// backfill time given, never earlier than the ledger's last `recorded_at` and never in the
    /// future. With `synchronous=FULL`, a batch is durable once this returns.
    public func append<R>(recordedAt requested: Timestamp? = nil, _ body: (EventAppender) throws -> R) throws -> R {
        if appendStatements == nil { appendStatements = try AppendStatements(connection) }
        return try Self.naming(path: connection.path, waitSeconds: waitSeconds) {
            try appendTransaction(recordedAt: requested, body)
        }
    }

    private func appendTransaction<R>(recordedAt requested: Timestamp?, _ body: (EventAppender) throws -> R) throws -> R {
        try connection.transaction {
            let head = try self.head()
            let recordedAt = try EventAppender.recordedAt(requested: requested, after: head, now: clock.now())
            let appender = EventAppender(target: SQLiteAppendTarget(statements: appendStatements!, connection: connection), recordedAt: recordedAt, head: head)
            return try body(appender)
        }
    }
}
