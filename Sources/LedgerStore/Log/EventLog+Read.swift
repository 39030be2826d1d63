public import LedgerCore

extension EventLog {
    /// Streams stored events in `seq` order, from `since` (exclusive) up to `through`
    /// (inclusive), optionally of one type. The rows come from one read transaction, so a
    /// concurrent ingest is seen whole or not at all.
    public func events(since: Int64 = 0, through: Int64 = .max, type: EventType? = nil, limit: Int? = nil,
                       _ body: (StoredEvent) throws -> Void) throws {
        var sql = "SELECT seq, id, type, at, recorded_at, hash, body FROM events WHERE seq > ? AND seq <= ?"
        if type != nil { sql += " AND type = ?" }
        sql += " ORDER BY seq"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        let statement = try connection.prepare(sql)
        try statement.bind(1, since)
        try statement.bind(2, through)
        if let type { try statement.bind(3, type.rawValue) }
        try connection.transaction(immediate: false) {
            while try statement.step() {
                let stored = StoredEvent(
                    seq: statement.int64(0),
                    id: statement.string(1),
                    type: EventType(rawValue: statement.string(2)) ?? .touch,
                    at: Timestamp(microseconds: statement.int64(3)),
                    recordedAt: Timestamp(microseconds: statement.int64(4)),
                    hash: statement.withBytes(5) { EventHash(bytes: $0) } ?? .genesis,
                    body: statement.string(6))
                try body(stored)
            }
        } as Void
    }
}
