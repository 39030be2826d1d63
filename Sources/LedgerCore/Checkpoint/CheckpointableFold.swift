/// A projection's state that replay can save and resume: folding events from a saved state
/// must give exactly the state a fold from the first event gives. The store keeps such states
/// as checkpoints, a cache: deleting them changes no output, only the time a replay takes.
public protocol CheckpointableFold: Sendable {
    /// Names the projection in a checkpoint's key.
    static var checkpointProjection: String { get }
    /// Bumped whenever the fold or its encoding changes meaning, so that a checkpoint written by
    /// other code is never read as this code's state.
    static var checkpointCodeVersion: Int { get }

    init()
    /// The last event folded (0 before any).
    var headSeq: Int64 { get }
    /// Folds one event; events come in `seq` order.
    mutating func apply(_ record: ReplayRecord)
    func encodeCheckpoint(into encoder: inout CheckpointEncoder)
    init(checkpoint decoder: inout CheckpointDecoder) throws(CheckpointError)
}

/// What a checkpoint is valid for: one projection's code, the rule set it was folded under, and
/// (kept beside the key) the ledger position and hash it was folded through.
public struct CheckpointKey: Sendable, Hashable {
    public var projection: String
    /// The projection's code version and the program's version: a checkpoint from any other
    /// build is never read.
    public var codeVersion: String
    /// The content hash of the rule set parts the fold reads; empty for a fold that reads none,
    /// whose checkpoints then serve every rule set.
    public var rulesHash: String

    public init(projection: String, codeVersion: String, rulesHash: String) {
        self.projection = projection
        self.codeVersion = codeVersion
        self.rulesHash = rulesHash
    }

    /// The key of `Fold`'s checkpoints under this program and rule set.
    public init<Fold: CheckpointableFold>(_ fold: Fold.Type, program: String, rulesHash: String = "") {
        self.init(projection: Fold.checkpointProjection, codeVersion: "\(Fold.checkpointProjection)/\(Fold.checkpointCodeVersion) \(program)",
                  rulesHash: rulesHash)
    }
}
