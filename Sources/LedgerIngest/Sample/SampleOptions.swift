/// What `roiledger sample` is asked for: how many lines, from which seed, in which id style and
/// currency. Everything the generator writes is a pure function of these four values.
public struct SampleOptions: Sendable {
    /// Total lines to write, exactly (line 1 is always the `rules` event).
    public var eventCount: Int
    /// Seeds the generator's own PRNG; the same seed gives the same bytes on every machine.
    public var seed: UInt64
    /// Readable ids (`t-0000123`, `c-000042`) or lowercase UUIDv4 text.
    public var idStyle: SampleIDStyle
    /// ISO 4217 code written on every amount; must be the target ledger's currency.
    public var currency: String

    public init(eventCount: Int, seed: UInt64, idStyle: SampleIDStyle = .readable, currency: String = "USD") {
        self.eventCount = eventCount
        self.seed = seed
        self.idStyle = idStyle
        self.currency = currency
    }
}

/// How the sample spells event and record ids.
public enum SampleIDStyle: String, Sendable, CaseIterable {
    /// A type prefix and a zero-padded counter (`t-0000123`, `c-000042`, `o-00007`, `m-0003`):
    /// easy to follow by eye in a demo.
    case readable
    /// Lowercase UUIDv4 text, as CRMs and trackers hand them out. Derived from the seed through a
    /// bijection, so uniqueness within a file is guaranteed rather than merely probable.
    case uuid
}
