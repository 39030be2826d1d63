import LedgerCore

/// The part of `verify` that must go row after row, done by the calling thread as it reads:
/// seq gapless from 1, recorded_at never decreasing, and the anchor's row. Everything else a row
/// needs is in the row and the stored hash before it (see `RowChecker`).
struct ChainReader {
    /// Why reading stopped before the end of the log. The failure counts only if every row
    /// before it verifies.
    enum Stop {
        case endOfLog
        /// The offending row is not in the batch (seq or recorded_at).
        case failure(VerifyReport.Failure)
        /// The anchor's row, the batch's last, has another hash.
        case anchorMismatch(VerifyReport.Failure)
    }

    let anchor: ChainAnchor?
    private var lastSeq: Int64 = 0
    private var lastRecordedAt: Timestamp?

    init(anchor: ChainAnchor?) {
        self.anchor = anchor
    }

    /// Reads up to `limit` rows into `batch`; nil when it is full and more rows may follow.
    mutating func fill(_ batch: inout VerifyBatch, from statement: Statement, limit: Int) throws(StoreError) -> Stop? {
        while batch.rowCount < limit {
            guard try statement.step() else { return .endOfLog }
            let seq = statement.int64(0)
            let expectedSeq = lastSeq + 1
            guard seq == expectedSeq else {
                return .failure(.init(seq: expectedSeq, reason: "missing: the next row has seq \(seq); rows were deleted or renumbered"))
            }
            let recordedAt = Timestamp(microseconds: statement.int64(5))
            if let last = lastRecordedAt, recordedAt < last {
                return .failure(.init(seq: seq, reason: "recorded_at \(recordedAt) is earlier than seq \(seq - 1)'s \(last)"))
            }
            batch.append(statement)
            lastSeq = seq
            lastRecordedAt = recordedAt
            if let anchor, anchor.seq == seq {
                // The stored hash is the recomputed one if the row verifies; if it does not,
                // the row's own failure comes first.
                let matches = batch.storedHash(batch.rowCount - 1) == anchor.hash
                batch.anchorRow = (batch.rowCount - 1, matches)
                if !matches {
                    return .anchorMismatch(.init(seq: seq, reason: "differs from the anchor: the ledger up to here was rewritten and re-chained"))
                }
            }
        }
        return nil
    }
}
