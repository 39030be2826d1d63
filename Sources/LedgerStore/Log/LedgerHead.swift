public import LedgerCore

/// The last event of the ledger (or of a prefix of it): the pair an auditor keeps elsewhere to
/// prove later that nothing up to it changed.
public struct LedgerHead: Sendable, Equatable {
    public var seq: Int64
    public var recordedAt: Timestamp
    public var hash: EventHash

    public init(seq: Int64, recordedAt: Timestamp, hash: EventHash) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.hash = hash
    }
}

/// An event as the ledger holds it: the producer's event plus the ledger's own fields.
public struct StoredEvent: Sendable {
    public var seq: Int64
    public var id: String
    public var type: EventType
    public var at: Timestamp
    public var recordedAt: Timestamp
    public var hash: EventHash
    /// The canonical JSON body.
    public var body: String
}
