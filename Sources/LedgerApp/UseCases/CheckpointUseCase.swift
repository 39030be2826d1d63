public import LedgerStore
import LedgerProjections

/// A checkpoint saved at the head now (say, after a nightly ingest).
public struct CheckpointSaveResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case saved(seq: Int64, foldedEvents: Int64, resumedFrom: Int64?)
        case alreadyAtHead(seq: Int64)
        case emptyLedger
    }

    public var outcome: Outcome
    public var seconds: Double
}

/// One checkpoint file, listed.
public struct CheckpointListing: Sendable {
    public var projection: String
    public var seq: Int64
    public var bytes: Int64
    public var file: String
    /// Whether this program can resume from it, and if not why.
    public var usable: Bool
    public var whyNot: String?
}

extension LedgerSession {
    public var checkpointFolder: String { log.checkpoints.folder }

    /// Folds to the head and saves the state there (now, not in the background).
    public func saveCheckpoint(clock seconds: () -> Double) throws -> CheckpointSaveResult {
        guard let head = try storeCall({ try log.head() }) else { return CheckpointSaveResult(outcome: .emptyLedger, seconds: 0) }
        let started = seconds()
        var policy = environment.checkpoints
        policy.isEnabled = true
        policy.interval = 1
        policy.defersSave = false
        let progress = environment.progress
        let folded = try storeCall {
            try log.fold(LedgerFacts.self, key: .facts, through: [head.seq], policy: policy) { progress(.replay(folded: $0, of: head.seq)) }
        }
        progress(.done)
        for problem in folded.skipped { environment.notice("checkpoint skipped: \(problem)") }
        let elapsed = seconds() - started
        if let saved = folded.savedAt {
            return CheckpointSaveResult(outcome: .saved(seq: saved, foldedEvents: folded.foldedEvents, resumedFrom: folded.resumedFrom), seconds: elapsed)
        }
        if folded.resumedFrom == head.seq { return CheckpointSaveResult(outcome: .alreadyAtHead(seq: head.seq), seconds: elapsed) }
        throw AppError.checkpointNotSaved(seq: head.seq)
    }

    public func listCheckpoints() throws -> [CheckpointListing] {
        let store = log.checkpoints
        let current = CheckpointStore.tag(.facts)
        return try store.entries().map { entry in
            var whyNot: String?
            if entry.keyTag != current {
                whyNot = "another version"
            } else if try storeCall({ try log.head(seq: entry.seq) }) == nil {
                whyNot = "the ledger is shorter"
            }
            return CheckpointListing(projection: entry.projection, seq: entry.seq, bytes: store.size(of: entry),
                                     file: String(entry.path.split(separator: "/").last ?? ""), usable: whyNot == nil, whyNot: whyNot)
        }
    }

    /// Deletes every checkpoint of this ledger; returns how many.
    public func clearCheckpoints() -> Int {
        log.checkpoints.removeAll()
    }
}
