/// How `sample` builds a ledger.
public struct SampleOptions: Sendable {
    /// Lines to write, exactly.
    public var eventCount: Int
    public var seed: UInt64
    public var idStyle: SampleIDStyle
    /// The currency of every amount.
    public var currency: String

    public init(eventCount: Int, seed: UInt64, idStyle: SampleIDStyle = .readable, currency: String = "USD") {
        self.eventCount = eventCount
        self.seed = seed
        self.idStyle = idStyle
        self.currency = currency
    }
}

/// How event ids look: readable (`t-0000123`) for a ledger people read, or random UUIDv4 text
/// as many producers send, the hard case for the ledger's UNIQUE index.
public enum SampleIDStyle: String, Sendable, CaseIterable {
    case readable
    case uuid
}
