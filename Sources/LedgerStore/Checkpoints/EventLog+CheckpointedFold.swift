public import LedgerCore

/// When replay reads and writes checkpoints.
public struct CheckpointPolicy: Sendable, Equatable {
    /// Off: every replay folds from seq 1 and writes nothing beside the ledger.
    public var isEnabled: Bool
    /// A replay that folded at least this many events past its starting point saves its state.
    public var interval: Int64
    /// Checkpoints kept per key (the highest seqs).
    public var keep: Int
    /// Leave the save to the caller (`CheckpointedFold.pendingSave`), say to run it on another
    /// core while the views are computed, instead of saving before `fold` returns.
    public var defersSave: Bool

    public init(isEnabled: Bool = true, interval: Int64 = 100_000, keep: Int = 3, defersSave: Bool = false) {
        self.isEnabled = isEnabled
        self.interval = interval
        self.keep = keep
        self.defersSave = defersSave
    }

    public static let off = CheckpointPolicy(isEnabled: false)
}

/// A fold's states at the requested points, and what the checkpoints did for it.
public struct CheckpointedFold<State: CheckpointableFold> {
    /// The state through each requested seq, in the order asked.
    public var states: [State]
    /// The checkpoint the fold started from (nil: from seq 1).
    public var resumedFrom: Int64?
    /// Where a new checkpoint was saved, if one was.
    public var savedAt: Int64?
    /// A save the policy deferred to the caller.
    public var pendingSave: PendingCheckpoint<State>?
    /// Checkpoints that were found and not used, and why (damaged, another ledger's, unwritable).
    public var skipped: [String]
    /// Events folded from the log (the rest came from the checkpoint).
    public var foldedEvents: Int64
}

extension EventLog {
    /// The checkpoints beside this ledger.
    public var checkpoints: CheckpointStore { CheckpointStore(ledgerPath: connection.path) }

    /// Folds the log into `State` through each of `seqs` (0 for the empty ledger) in one pass,
    /// resuming from the nearest valid checkpoint at or before the lowest of them, and saving a
    /// new one at the highest when the pass was long (`policy.interval`).
    ///
    /// A checkpoint is used only when its key matches (projection, code version, rules hash),
    /// its state checks against its digest, and the ledger still has the same hash at its seq:
    /// a ledger rebuilt at the same path, or one whose history was rewritten, never resumes a
    /// state folded from other events. Anything unusable is skipped (and reported), never fatal.
    ///
    /// `warm` is a state this process folded before (a server's), with the hash of the event it
    /// is through: when the ledger still has that event at that seq and no requested seq lies
    /// before it, the fold continues from it and reads no checkpoint.
    public func fold<State: CheckpointableFold>(_ type: State.Type, key: CheckpointKey, through seqs: [Int64], policy: CheckpointPolicy,
                                                warm: (state: State, hash: EventHash)? = nil,
                                                progress: ((Int64) -> Void)? = nil) throws -> CheckpointedFold<State> {
        let target = seqs.max() ?? 0
        let lowest = seqs.filter { $0 > 0 }.min() ?? 0
        var state = State()
        var resumedFrom: Int64?
        var skipped: [String] = []
        let store = checkpoints
        if let warm, warm.state.headSeq > 0, warm.state.headSeq <= lowest, try head(seq: warm.state.headSeq)?.hash == warm.hash {
            state = warm.state
            resumedFrom = warm.state.headSeq
        } else if policy.isEnabled, lowest > 0 {
            for entry in store.entries(for: key, atOrBefore: lowest) {
                do {
                    let loaded = try store.load(entry, key: key)
                    guard try head(seq: loaded.seq)?.hash == loaded.hash else {
                        skipped.append("\(entry.path): the ledger has other events at seq \(loaded.seq)")
                        continue
                    }
                    let resumed = try CheckpointDecoder.decode(loaded.state[loaded.stateOffset...]) { decoder throws(CheckpointError) in
                        try State(checkpoint: &decoder)
                    }
                    guard resumed.headSeq == loaded.seq else { throw CheckpointError.damaged("\(entry.path): state is through seq \(resumed.headSeq)") }
                    state = resumed
                    resumedFrom = loaded.seq
                    break
                } catch {
                    skipped.append("\(error)")
                }
            }
        }
        let start = state.headSeq
        var snapshots: [Int64: State] = [:]
        for seq in seqs where seq <= start { snapshots[seq] = seq == start ? state : State() }
        if target > start {
            try replay(afterSeq: start, throughSeq: target) { record in
                state.apply(record)
                if seqs.contains(record.seq) { snapshots[record.seq] = state }
                if record.seq & 0x3FFFF == 0 { progress?(record.seq) }
            }
        }
        var savedAt: Int64?
        var pendingSave: PendingCheckpoint<State>?
        if policy.isEnabled, target > 0, target - start >= policy.interval, let head = try head(seq: target) {
            let save = PendingCheckpoint(state: state, store: store, key: key, seq: target, hash: head.hash, keep: policy.keep)
            if policy.defersSave {
                pendingSave = save
            } else {
                do {
                    try save.perform()
                    savedAt = target
                } catch {
                    skipped.append("\(error)")
                }
            }
        }
        return CheckpointedFold(states: seqs.map { snapshots[$0] ?? State() }, resumedFrom: resumedFrom, savedAt: savedAt,
                                pendingSave: pendingSave, skipped: skipped, foldedEvents: target - start)
    }
}

/// A checkpoint ready to be written: everything it needs, none of it tied to the ledger's
/// connection, so it can be encoded and saved on another thread.
public struct PendingCheckpoint<State: CheckpointableFold>: Sendable {
    public let state: State
    public let store: CheckpointStore
    public let key: CheckpointKey
    public let seq: Int64
    public let hash: EventHash
    public let keep: Int

    /// Encodes the state and saves it atomically; returns the file's path.
    @discardableResult
    public func perform() throws(StoreError) -> String {
        var encoder = CheckpointEncoder()
        state.encodeCheckpoint(into: &encoder)
        return try store.save(encoder.bytes, key: key, seq: seq, hash: hash, keep: keep)
    }
}
