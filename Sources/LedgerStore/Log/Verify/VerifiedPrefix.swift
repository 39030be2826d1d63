import LedgerCore

/// What `verify` has established so far, batch by batch, in seq order.
struct VerifiedPrefix {
    var head: LedgerHead?
    var anchorMatched: Bool?
    var failure: VerifyReport.Failure?
    let progress: ((Int64) -> Void)?

    /// Takes in a checked batch: its rows up to `failure` (all of them without one) verified.
    /// False when the batch failed.
    mutating func settle(_ batch: VerifyBatch, failure rowFailure: RowFailure?) -> Bool {
        let verifiedRows = rowFailure?.row ?? batch.rowCount
        if verifiedRows > 0 {
            let last = verifiedRows - 1
            // A row that verified has a 32-byte stored hash, the one recomputed.
            head = LedgerHead(seq: batch.seq(last), recordedAt: batch.recordedAt(last), hash: batch.storedHash(last)!)
            if let progress {
                var seq = (batch.seq(0) + 0xFFFF) & ~0xFFFF
                while seq <= batch.seq(last) {
                    progress(seq)
                    seq += 0x10000
                }
            }
        }
        if let anchorRow = batch.anchorRow, anchorRow.row < verifiedRows {
            anchorMatched = anchorRow.matches
        }
        guard let rowFailure else { return true }
        failure = .init(seq: batch.seq(rowFailure.row), reason: rowFailure.reason)
        return false
    }
}
