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
    ///
    /// The calling thread reads rows in batches and checks what runs from row to row
    /// (`ChainReader`); each batch's rows are then checked on every core (`BatchCheck`) while
    /// the next batch is read. Batches are settled in order and the lowest failing row of a
    /// batch wins, so the report is the one a single pass would give.
    public func verify(anchor: ChainAnchor? = nil, progress: ((Int64) -> Void)? = nil) throws -> VerifyReport {
        try verify(anchor: anchor, progress: progress, batching: VerifyBatching())
    }

    /// `verify` with the batch sizes given: tests make them tiny to cross many batch and chunk
    /// boundaries in a small ledger.
    func verify(anchor: ChainAnchor?, progress: ((Int64) -> Void)?, batching: VerifyBatching) throws -> VerifyReport {
        let statement = try connection.prepare("SELECT \(EventColumns.list()) FROM events ORDER BY seq")
        let decoder = EventDecoder(currency: currency)
        var reader = ChainReader(anchor: anchor)
        var verified = VerifiedPrefix(anchorMatched: anchor == nil ? nil : false, progress: progress)
        try connection.transaction(immediate: false) {
            var inFlight: [(batch: VerifyBatch, check: BatchCheck?)] = []
            // Checks still running when this returns or throws finish first.
            defer { for pending in inFlight { _ = pending.check?.firstFailure() } }
            var previousHash = EventHash.genesis
            while true {
                var batch = VerifyBatch(previousHash: previousHash, capacity: batching.rowsPerBatch)
                let stop = try reader.fill(&batch, from: statement, limit: batching.rowsPerBatch)
                inFlight.append((batch, batch.rowCount > 0 ? BatchCheck(batch, decoder: decoder, rowsPerChunk: batching.rowsPerChunk) : nil))
                while inFlight.count >= batching.batchesInFlight || stop != nil && !inFlight.isEmpty {
                    let (oldest, check) = inFlight.removeFirst()
                    guard verified.settle(oldest, failure: check?.firstFailure()) else { return }
                }
                switch stop {
                case nil: previousHash = batch.storedHash(batch.rowCount - 1) ?? .genesis
                case .endOfLog?: return
                case .failure(let failure)?, .anchorMismatch(let failure)?:
                    verified.failure = failure
                    return
                }
            }
        } as Void
        if verified.failure == nil, let anchor, verified.anchorMatched != true {
            verified.failure = .init(seq: anchor.seq, reason: "the anchor's seq is beyond the ledger's head \(verified.head?.seq ?? 0): events were removed from the end")
        }
        return VerifyReport(failure: verified.failure, checkedCount: verified.head?.seq ?? 0, head: verified.head, anchorMatched: verified.anchorMatched)
    }
}

/// How `verify` splits the work. The defaults were the quickest measured on 1M events on two
/// cores (smaller batches and a single batch in flight left a core idle at each hand-over).
struct VerifyBatching {
    /// Rows read before a batch is handed to the checking threads.
    var rowsPerBatch = 4096
    /// Rows a checking thread takes at a time: enough to make handing out work cheap, few
    /// enough that the cores finish a batch together.
    var rowsPerChunk = 128
    /// Batches handed out and not yet settled: new ones are queued before waiting for the
    /// oldest, so the checking threads always have rows while the reading thread reads.
    var batchesInFlight = 3
}
