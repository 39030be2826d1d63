#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LedgerCore

/// Where ledger time comes from. Injected so tests decide what `recorded_at` is; nothing inside
/// a projection ever reads a clock.
public protocol LedgerClock: Sendable {
    func now() -> Timestamp
}

/// The machine's real-time clock.
public struct SystemClock: LedgerClock {
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }
}

/// A clock that says what it is told: for tests and backfills.
public struct FixedClock: LedgerClock {
    public var time: Timestamp

    public init(_ time: Timestamp) {
        self.time = time
    }

    public func now() -> Timestamp { time }
}
