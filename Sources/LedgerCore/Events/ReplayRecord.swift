/// An event as replay sees it: its place in the ledger, when the ledger learned it, and the
/// typed event. Projections fold these in `seq` order.
public struct ReplayRecord: Sendable, Equatable {
    public var seq: Int64
    public var recordedAt: Timestamp
    public var event: Event

    public init(seq: Int64, recordedAt: Timestamp, event: Event) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.event = event
    }
}
