import Dispatch
import LedgerCore

/// The first row of a batch that fails, and why.
struct RowFailure: Sendable {
    var row: Int
    var reason: String
}

/// A batch being checked on every core while the calling thread reads the next one. Parsing,
/// validating, re-encoding and hashing a body cost about three times what reading its row does,
/// so the checks, not SQLite, set the pace of `verify`: they are what gets spread over the cores.
final class BatchCheck: Sendable {
    private let group = DispatchGroup()
    private let results: ChunkResults

    /// Starts checking `batch` in the background, `rowsPerChunk` rows to a task.
    init(_ batch: VerifyBatch, decoder: EventDecoder, rowsPerChunk: Int) {
        let chunkCount = (batch.rowCount + rowsPerChunk - 1) / rowsPerChunk
        let results = ChunkResults(count: chunkCount)
        self.results = results
        DispatchQueue.global().async(group: group) {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let rows = chunk * rowsPerChunk..<min(batch.rowCount, (chunk + 1) * rowsPerChunk)
                results.record(Self.firstFailure(in: batch, rows: rows, decoder: decoder), chunk: chunk)
            }
        }
    }

    /// Waits for the check to finish: the batch's lowest failing row, or nil.
    func firstFailure() -> RowFailure? {
        group.wait()
        return results.first
    }

    private static func firstFailure(in batch: VerifyBatch, rows: Range<Int>, decoder: EventDecoder) -> RowFailure? {
        var checker = RowChecker(decoder: decoder)
        return batch.bytes.withUnsafeBytes { arena in
            for row in rows {
                if let reason = checker.problem(row: row, in: batch, arena: arena) { return RowFailure(row: row, reason: reason) }
            }
            return nil
        }
    }
}

/// One result slot a chunk. Each slot is written by the one worker that checks its chunk and
/// read only after every worker has finished (`DispatchGroup.wait` orders the writes before the
/// reads); Swift cannot see that discipline, hence `@unchecked Sendable`.
private final class ChunkResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<RowFailure?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func record(_ failure: RowFailure?, chunk: Int) {
        slots[chunk] = failure
    }

    /// The failure of the lowest chunk that has one: chunks run in row order.
    var first: RowFailure? {
        slots.lazy.compactMap { $0 }.first
    }
}
