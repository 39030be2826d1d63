public import LedgerCore
public import LedgerStore
public import LedgerProjections

/// What the use cases need from the process around them, handed in rather than reached for:
/// where progress and notes go, the clock, who acts, how checkpoints are used, and what the
/// process does with a replay's state when a use case is done with it.
public struct AppEnvironment {
    /// Long work in progress (replay, ingest): a terminal shows it on one line, a server ignores it.
    public var progress: (ProgressUpdate) -> Void
    /// Something a person should know that is not the result (a checkpoint skipped, media read-only).
    public var notice: (String) -> Void
    /// A replay's facts and resolved ledger once a use case has them. The command line keeps them
    /// until the process exits (freeing millions of small objects one by one costs a tenth of a
    /// replay); a server lets them go.
    public var retain: (Any) -> Void
    /// The ledger's clock: now for corrections, closes and "has this period ended".
    public var clock: any LedgerClock
    /// Who acts, when a request does not say (the command line: the user running it).
    public var defaultActor: String
    /// How replays use checkpoints (the command line: `CheckpointPolicy.fromEnvironment`).
    public var checkpoints: CheckpointPolicy
    /// Seconds a writer waits for another process's write lock.
    public var waitSeconds: Int
    /// Facts and resolutions kept between use cases (a server's); nil: every replay folds anew.
    public var replayCache: ReplayCache?
    /// Where local copies of PostgreSQL ledgers are kept (`ServerLedgerAccess.mirrorFolder`).
    public var mirrorFolder: String

    public init(progress: @escaping (ProgressUpdate) -> Void = { _ in }, notice: @escaping (String) -> Void = { _ in },
                retain: @escaping (Any) -> Void = { _ in }, clock: any LedgerClock = SystemClock(),
                defaultActor: String = "roiledger", checkpoints: CheckpointPolicy = CheckpointPolicy(defersSave: true),
                waitSeconds: Int = EventLog.defaultWaitSeconds, replayCache: ReplayCache? = nil,
                mirrorFolder: String = ServerLedgerAccess.mirrorFolder()) {
        self.progress = progress
        self.notice = notice
        self.retain = retain
        self.clock = clock
        self.defaultActor = defaultActor
        self.checkpoints = checkpoints
        self.waitSeconds = waitSeconds
        self.replayCache = replayCache
        self.mirrorFolder = mirrorFolder
    }
}

/// Where long work stands.
public enum ProgressUpdate: Sendable, Equatable {
    /// Replaying: events folded so far of how many.
    case replay(folded: Int64, of: Int64)
    /// The replay is done (a terminal clears its line).
    case done
}

/// The program's name and version, as provenance records it.
public enum ProgramVersion {
    public static let current = "0.1.0"
    public static let program = "roiledger \(current)"
}

extension CheckpointKey {
    /// The raw fold's checkpoints under this program (the fold reads no rule set).
    public static let facts = CheckpointKey(LedgerFacts.self, program: ProgramVersion.program)
}
