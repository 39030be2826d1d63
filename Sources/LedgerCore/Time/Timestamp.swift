/// An instant, in microseconds since 1970-01-01T00:00:00Z.
///
/// Both time axes use it: business time `at` and ledger time `recorded_at`. Offsets in the input
/// are normalised away on parsing, so timestamps compare as instants. Microseconds suffice for
/// ordering (ties fall back to `seq`) and make `--to 2026-03-31` end at 23:59:59.999999.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let microsecondsPerSecond: Int64 = 1_000_000
    public static let microsecondsPerDay: Int64 = 86_400 * 1_000_000

    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// The UTC date this instant falls on.
    public var date: LedgerDate {
        let day = microseconds >= 0
            ? microseconds / Self.microsecondsPerDay
            : (microseconds - Self.microsecondsPerDay + 1) / Self.microsecondsPerDay
        return LedgerDate(dayNumber: Int(day))
    }

    /// RFC 3339 in UTC with `Z`, with the fraction only when non-zero and without trailing zeros
    /// (`2026-03-01T14:05:00Z`, `2026-03-01T14:05:00.25Z`).
    public var description: String {
        RFC3339.format(self, nanosecondRemainder: 0)
    }
}
