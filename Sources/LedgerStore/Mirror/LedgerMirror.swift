public import LedgerCore

/// Mirrors a ledger between a file and a server (`roiledger push`, `roiledger pull`): the copy
/// gets the source's events with identical seq, recorded_at, body and hash.
///
/// The destination must be a prefix of the source. Because every hash covers the one before it,
/// equal hashes at the destination's head mean equal histories up to it, and only the tail
/// after it is sent; a re-run sends nothing. When the hashes differ, the first differing seq is
/// found by bisection over the two chains (equal at a seq means equal before it) and the copy is
/// refused, naming it.
public enum LedgerMirror {
    /// What one push or pull did.
    public struct Outcome: Sendable, Equatable {
        /// Events copied.
        public var copied: Int64
        /// The destination's head before and after.
        public var before: LedgerHead?
        public var after: LedgerHead?
    }

    /// Events per destination transaction: a copy stopped midway keeps whole chunks, and the next
    /// run goes on from them.
    public static let chunkSize = 5_000

    /// Copies the server's new events into the file.
    public static func pull(from server: PostgresLedger, into file: EventLog, progress: (Int64, Int64) -> Void = { _, _ in }) throws -> Outcome {
        try copy(from: server, to: file, sourceName: "the server", destinationName: "the file", progress: progress)
    }

    /// Copies the file's new events to the server.
    public static func push(from file: EventLog, to server: PostgresLedger, progress: (Int64, Int64) -> Void = { _, _ in }) throws -> Outcome {
        try copy(from: file, to: server, sourceName: "the file", destinationName: "the server", progress: progress)
    }

    /// Copies the events `destination` lacks from `source`, in chunks of `chunkSize`, after
    /// checking the destination is a prefix of the source.
    public static func copy(from source: any EventStore, to destination: any EventStore, sourceName: String, destinationName: String,
                            progress: (Int64, Int64) -> Void = { _, _ in }) throws -> Outcome {
        guard source.currency == destination.currency else {
            throw StoreError.diverged(seq: 1, detail: "\(sourceName) keeps \(source.currency) and \(destinationName) \(destination.currency)")
        }
        let before = try destination.head()
        let sourceHead = try source.head()
        try checkPrefix(destination: before, source: sourceHead, sourceHash: { try source.head(seq: $0)?.hash },
                        destinationHash: { try destination.head(seq: $0)?.hash }, destinationName: destinationName, sourceName: sourceName)
        var copied: Int64 = 0
        let total = (sourceHead?.seq ?? 0) - (before?.seq ?? 0)
        var chunk: [StoredEvent] = []
        chunk.reserveCapacity(chunkSize)
        func flush() throws {
            guard !chunk.isEmpty else { return }
            try destination.appendMirrored(chunk)
            copied += Int64(chunk.count)
            chunk.removeAll(keepingCapacity: true)
            progress(copied, total)
        }
        try source.events(since: before?.seq ?? 0, through: sourceHead?.seq ?? 0) { event in
            chunk.append(event)
            if chunk.count == chunkSize { try flush() }
        }
        try flush()
        return Outcome(copied: copied, before: before, after: try destination.head())
    }

    /// Refuses unless the destination's history is a prefix of the source's.
    static func checkPrefix(destination: LedgerHead?, source: LedgerHead?, sourceHash: (Int64) throws -> EventHash?,
                            destinationHash: (Int64) throws -> EventHash?, destinationName: String, sourceName: String) throws {
        guard let destination else { return }
        let sourceSeq = source?.seq ?? 0
        if let hash = try sourceHash(destination.seq), hash == destination.hash { return }
        let common = min(destination.seq, sourceSeq)
        let first = try firstDifference(upTo: common, sourceHash: sourceHash, destinationHash: destinationHash)
        if first > common {
            // Equal as far as both go: the destination is simply longer.
            throw StoreError.diverged(seq: common + 1, detail: "\(destinationName) holds \(destination.seq - sourceSeq) event(s) that \(sourceName) lacks, from seq \(common + 1); copy the other way, or start a new copy")
        }
        throw StoreError.diverged(seq: first, detail: "\(destinationName) and \(sourceName) hold different events there; neither is a copy of the other, so nothing was copied")
    }

    /// The first seq in 1...`upTo` whose hashes differ, or `upTo + 1` when none does. Chained
    /// hashes make equality monotone: equal at a seq means equal at every seq before it.
    static func firstDifference(upTo: Int64, sourceHash: (Int64) throws -> EventHash?, destinationHash: (Int64) throws -> EventHash?) throws -> Int64 {
        var low: Int64 = 1, high = upTo + 1   // the answer is in low...high
        while low < high {
            let middle = low + (high - low) / 2
            let equal = try sourceHash(middle) == destinationHash(middle)
            if equal { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
