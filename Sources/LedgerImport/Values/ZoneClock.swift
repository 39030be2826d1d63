import Foundation
import LedgerCore

/// Turns an export's naive wall-clock times into UTC in one IANA time zone.
///
/// A local time that does not exist (the hour skipped when clocks go forward) is an error, never
/// a silent shift; a local time that happens twice (the hour repeated when clocks go back) is
/// read as the first of the two, the reading most exports mean and the one that keeps rows in
/// order. Offsets are looked up once per distinct local hour.
final class ZoneClock {
    let identifier: String
    private let zone: TimeZone
    private var resolved: [Int64: Int?] = [:]

    init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    /// The instant of `local`, or nil when that wall-clock time does not exist in the zone.
    func timestamp(_ local: LocalDateTime) -> Timestamp? {
        guard let wall = local.wallSeconds else { return nil }
        let offset: Int
        if let stated = local.offsetSeconds {
            offset = stated
        } else {
            let hour = wall - wall % 3600
            let cached: Int?
            if let known = resolved[hour] {
                cached = known
            } else {
                cached = offsetOf(wallSeconds: hour)
                resolved[hour] = cached
            }
            guard let found = cached else { return nil }
            offset = found
        }
        return Timestamp(microseconds: (wall - Int64(offset)) * Timestamp.microsecondsPerSecond + Int64(local.microsecond))
    }

    /// The offset under which `wall` (seconds of a local reading taken as UTC) names a real
    /// instant; the earliest such instant when two do.
    private func offsetOf(wallSeconds wall: Int64) -> Int? {
        var candidates: [Int] = []
        for probe in [wall - 86_400, wall, wall + 86_400] {
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(probe)))
            if !candidates.contains(offset) { candidates.append(offset) }
        }
        var best: (instant: Int64, offset: Int)?
        for offset in candidates {
            let instant = wall - Int64(offset)
            guard zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) == offset else { continue }
            if best == nil || instant < best!.instant { best = (instant, offset) }
        }
        return best?.offset
    }
}
