import LedgerCore

/// One stored row arriving from the other copy of a ledger (`push`, `pull`): it is taken only
/// as the next link of this copy's chain, with a body that is canonical and valid under the
/// contract, because the typed columns this copy stores are derived from it again.
enum MirroredRow {
    /// The row's event, or why it cannot follow `head` here.
    static func event(of row: StoredEvent, after head: LedgerHead?, decoder: EventDecoder, writer: inout CanonicalJSONWriter) throws -> Event {
        let expectedSeq = (head?.seq ?? 0) + 1
        guard row.seq == expectedSeq else {
            throw StoreError.diverged(seq: expectedSeq, detail: "the source's next event is seq \(row.seq), not \(expectedSeq)")
        }
        if let last = head?.recordedAt, row.recordedAt < last {
            throw StoreError.diverged(seq: row.seq, detail: "its recorded_at \(row.recordedAt) is earlier than the last one here (\(last))")
        }
        let link = Array(row.body.utf8).withUnsafeBytes {
            EventHash.link(previous: head?.hash ?? .genesis, seq: row.seq, recordedAt: row.recordedAt, body: $0)
        }
        guard link == row.hash else {
            throw StoreError.diverged(seq: row.seq, detail: "its stored hash is not the next link of this copy's chain")
        }
        let decoded: EventDecoder.Decoded
        do {
            let bytes = Array(row.body.utf8)
            let value = try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) }
            decoded = try decoder.decode(value)
        } catch {
            throw StoreError.damaged(path: "seq \(row.seq)", detail: "its body is not a valid event: \(error)")
        }
        writer.reset()
        writer.write(.object(decoded.canonicalBody))
        guard writer.bytes.elementsEqual(row.body.utf8) else {
            throw StoreError.damaged(path: "seq \(row.seq)", detail: "its body is not in canonical form")
        }
        return decoded.event
    }
}

extension EventLog {
    /// Appends rows copied from another copy of this ledger (`pull`) with their own seq,
    /// recorded_at and hash, in one transaction: each must be the next link of this file's chain.
    public func appendMirrored(_ rows: [StoredEvent]) throws {
        if appendStatements == nil { appendStatements = try AppendStatements(connection) }
        let decoder = EventDecoder(currency: currency)
        try Self.naming(path: connection.path, waitSeconds: waitSeconds) {
            try connection.transaction {
                var head = try self.head()
                var writer = CanonicalJSONWriter()
                let insert = appendStatements!.insert
                for row in rows {
                    let event = try MirroredRow.event(of: row, after: head, decoder: decoder, writer: &writer)
                    defer { insert.reset() }
                    let body = Array(row.body.utf8)
                    try body.withUnsafeBytes { bytes in
                        try SQLiteAppendTarget.bind(insert, event: event, body: bytes, seq: row.seq, recordedAt: row.recordedAt, hash: row.hash)
                    }
                    _ = try insert.step()
                    head = LedgerHead(seq: row.seq, recordedAt: row.recordedAt, hash: row.hash)
                }
            } as Void
        }
    }
}

extension PostgresLedger {
    /// Appends rows copied from another copy of this ledger (`push`) with their own seq and
    /// recorded_at, in one transaction with the head locked; the server links each and must
    /// arrive at the row's own hash.
    public func appendMirrored(_ rows: [StoredEvent]) throws {
        let decoder = EventDecoder(currency: currency)
        try connection.transaction {
            var head = try PostgresLedger.head(connection.execute("SELECT seq, recorded_at, hash FROM roiledger.lock_head()"))
            var writer = CanonicalJSONWriter()
            for row in rows {
                let event = try MirroredRow.event(of: row, after: head, decoder: decoder, writer: &writer)
                let result = try connection.executePrepared(PostgresAppendTarget.appendSQL, [
                    event.id, event.type.rawValue, String(event.schemaVersion), String(event.at.microseconds),
                    String(row.recordedAt.microseconds), PostgresAppendTarget.columnsArray(of: event), row.body,
                ])
                if result.string(0, 0) == "t" {
                    throw StoreError.diverged(seq: row.seq, detail: "its id \"\(event.id)\" is already on the server at seq \(result.string(0, 1) ?? "?")")
                }
                guard result.int64(0, 1) == row.seq, result.bytes(0, 2).flatMap({ EventHash(bytes: $0) }) == row.hash else {
                    throw StoreError.diverged(seq: row.seq, detail: "the server linked it differently")
                }
                head = LedgerHead(seq: row.seq, recordedAt: row.recordedAt, hash: row.hash)
            }
        } as Void
    }
}

extension PostgresLedger {
    /// Re-walks the server's whole log from one snapshot: seq gapless from 1, recorded_at never
    /// decreasing, every hash recomputed from the previous one, every body canonical and valid
    /// under the contract; and the head row equal to the last event. Stops at the first bad seq.
    public func verify(anchor: ChainAnchor? = nil, progress: ((Int64) -> Void)? = nil) throws -> VerifyReport {
        let decoder = EventDecoder(currency: currency)
        var writer = CanonicalJSONWriter()
        var report = VerifyReport(failure: nil, checkedCount: 0, head: nil, anchorMatched: anchor == nil ? nil : false)
        struct Stop: Error {}
        do {
            try events(since: 0, through: .max) { row in
                do {
                    _ = try MirroredRow.event(of: row, after: report.head, decoder: decoder, writer: &writer)
                } catch let error as StoreError {
                    let reason: String
                    switch error {
                    case .diverged(_, let detail), .damaged(_, let detail): reason = detail
                    default: reason = error.description
                    }
                    report.failure = .init(seq: row.seq, reason: reason)
                    throw Stop()
                }
                report.head = LedgerHead(seq: row.seq, recordedAt: row.recordedAt, hash: row.hash)
                report.checkedCount += 1
                if let anchor, anchor.seq == row.seq { report.anchorMatched = anchor.hash == row.hash }
                if report.checkedCount % 100_000 == 0 { progress?(report.checkedCount) }
            }
        } catch is Stop {}
        if report.failure == nil, try head() != report.head {
            report.failure = .init(seq: (report.head?.seq ?? 0) + 1, reason: "the head row does not name the last event")
        }
        return report
    }
}
