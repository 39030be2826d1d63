public import LedgerCore

/// The outcome of `verify`.
public struct VerifyReport: Sendable, Equatable {
    /// The first event that fails, and why; nil when everything checked out.
    public struct Failure: Sendable, Equatable {
        public var seq: Int64
        public var reason: String
    }

    public var failure: Failure?
    /// Events checked before stopping (all of them when there is no failure).
    public var checkedCount: Int64
    /// The head as recomputed; what `head` should print.
    public var head: LedgerHead?
    /// Whether an anchor was given and matched; a rewritten and re-chained tail is only caught
    /// by an anchor kept outside the ledger.
    public var anchorMatched: Bool?

    public var isValid: Bool { failure == nil && anchorMatched != false }
}

/// A `(seq, hash)` pair an auditor kept from an earlier `head`.
public struct ChainAnchor: Sendable, Equatable {
    public var seq: Int64
    public var hash: EventHash

    public init(seq: Int64, hash: EventHash) {
        self.seq = seq
        self.hash = hash
    }

    /// Parses `SEQ:HASH`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let seq = Int64(parts[0]), seq >= 1, let hash = EventHash(hex: String(parts[1])) else { return nil }
        self.init(seq: seq, hash: hash)
    }
}

extension EventLog {
    /// Re-walks the whole log: seq gapless from 1, recorded_at never decreasing, every hash
    /// recomputed from the previous one, every body canonical and valid under the contract, and
    /// every typed column equal to what the body says. Stops at the first bad seq.
    public func verify(anchor: ChainAnchor? = nil, progress: ((Int64) -> Void)? = nil) throws -> VerifyReport {
        let statement = try connection.prepare("SELECT \(EventColumns.list()) FROM events ORDER BY seq")
        let decoder = EventDecoder(currency: currency)
        var writer = CanonicalJSONWriter()
        var previous: LedgerHead?
        var anchorMatched: Bool? = anchor == nil ? nil : false
        var failure: VerifyReport.Failure?
        let bodyColumn = EventColumns.body
        try connection.transaction(immediate: false) {
            while try statement.step() {
                let seq = statement.int64(0)
                let expectedSeq = (previous?.seq ?? 0) + 1
                func fail(_ reason: String) { failure = .init(seq: expectedSeq, reason: reason) }
                guard seq == expectedSeq else {
                    fail("missing: the next row has seq \(seq); rows were deleted or renumbered")
                    break
                }
                let recordedAt = Timestamp(microseconds: statement.int64(5))
                if let last = previous?.recordedAt, recordedAt < last {
                    fail("recorded_at \(recordedAt) is earlier than seq \(seq - 1)'s \(last)")
                    break
                }
                let storedHash = statement.withBytes(EventColumns.hash) { EventHash(bytes: $0) }
                let hash = statement.withBytes(bodyColumn) { body in
                    EventHash.link(previous: previous?.hash ?? .genesis, seq: seq, recordedAt: recordedAt, body: body)
                }
                guard storedHash == hash else {
                    fail("hash mismatch: the stored hash is not SHA-256 of the previous hash, seq, recorded_at and body; the event or one before it was altered")
                    break
                }
                if let problem = checkRow(statement, decoder: decoder, writer: &writer, bodyColumn: bodyColumn) {
                    fail(problem)
                    break
                }
                previous = LedgerHead(seq: seq, recordedAt: recordedAt, hash: hash)
                if let anchor, anchor.seq == seq {
                    anchorMatched = anchor.hash == hash
                    if anchor.hash != hash {
                        fail("differs from the anchor: the ledger up to here was rewritten and re-chained")
                        break
                    }
                }
                if seq & 0xFFFF == 0 { progress?(seq) }
            }
        } as Void
        if failure == nil, let anchor, anchorMatched != true {
            failure = .init(seq: anchor.seq, reason: "the anchor's seq is beyond the ledger's head \(previous?.seq ?? 0): events were removed from the end")
        }
        return VerifyReport(failure: failure, checkedCount: previous?.seq ?? 0, head: previous, anchorMatched: anchorMatched)
    }

    /// Re-derives the row from its body; a description of the first difference, or nil.
    private func checkRow(_ statement: Statement, decoder: EventDecoder, writer: inout CanonicalJSONWriter, bodyColumn: Int32) -> String? {
        let decoded: EventDecoder.Decoded
        do {
            let value = try statement.withBytes(bodyColumn) { (body) throws(JSONSyntaxError) in
                try JSONParser.parse(body.assumingMemoryBound(to: UInt8.self))
            }
            decoded = try decoder.decode(value)
        } catch let error as JSONSyntaxError {
            return "body is not valid JSON (\(error.message) at byte \(error.offset))"
        } catch {
            return "body breaks the event contract: \(error)"
        }
        writer.reset()
        writer.write(.object(decoded.canonicalBody))
        let isCanonical = statement.withBytes(bodyColumn) { $0.elementsEqual(writer.bytes) }
        if !isCanonical { return "body is not in canonical form" }
        let event = decoded.event
        let expected: [SQLValue] = [.text(event.id), .text(event.type.rawValue), .integer(Int64(event.schemaVersion)), .integer(event.at.microseconds)]
            + [statement.value(5)] + EventColumns.values(of: event)
        for (offset, value) in expected.enumerated() {
            let column = Int32(offset + 1)
            let stored = statement.value(column)
            if stored != value {
                let names = Array(EventColumns.all.dropFirst())
                return "column \(names[offset]) holds \(stored) but the body says \(value)"
            }
        }
        return nil
    }
}
