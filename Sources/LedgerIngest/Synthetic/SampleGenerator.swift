import LedgerCore

/// Writes a realistic synthetic ledger: two years of B2B marketing (2025, the history, and 2026,
/// the reporting year, so deals are in flight on 1 January) for accounts with several
/// contacts, touches over nine channels (mostly UTM-only, some explicit, some unmapped, some
/// near-duplicates), stages, opportunities won, lost and open, monthly spend per channel and
/// campaign plus shared spend, merges (and unmerges) of duplicate records, retractions, churn
/// and expansion adjustments, and self-reported sources, after a first `rules` event.
///
/// The same options give the same bytes on every machine. Events stream account by account,
/// so memory stays flat at any size; every reference (retract, unmerge, adjustment) points to
/// an earlier line, so any prefix of the output is itself a valid ledger.
public struct SampleGenerator: Sendable {
    public let options: SampleOptions

    public init(options: SampleOptions) {
        self.options = options
    }

    /// Calls `emit` with chunks of whole lines, about 1 MiB each, `options.eventCount` lines
    /// in all.
    public func generate(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var run = SampleRun(options: options)
        run.writeRules()
        var accountIndex = 0
        while !run.isFull {
            run.writeSpend(throughAccount: accountIndex)
            run.writeAccount(accountIndex)
            accountIndex += 1
            if run.writer.bytes.count >= 1 << 20 {
                try run.writer.bytes.withUnsafeBytes { try emit($0) }
                run.writer.removeAll()
            }
        }
        if !run.writer.bytes.isEmpty {
            try run.writer.bytes.withUnsafeBytes { try emit($0) }
        }
    }
}

/// The state of one generation: the PRNG, counters and the output buffer.
struct SampleRun {
    let options: SampleOptions
    var random: SampleRandom
    var writer = SampleLineWriter()
    var lines = 0
    var counters: [String: Int] = [:]
    var spendMonthsWritten = 0
    /// Accounts the event budget is expected to hold: spend months are spread over them.
    let plannedAccounts: Int

    /// 2025-01-01: the year of history before the reporting year.
    static let yearStart = LedgerDate(dayNumber: 20_089)
    /// 2026-01-01.
    static let reportingYearStart = LedgerDate(dayNumber: 20_454)
    static let days = 730
    static let months = 24
    static let yearEndMicros = Int64(20_454 + 365) * Timestamp.microsecondsPerDay - 3_600_000_000
    static let averageLinesPerAccount = 24

    init(options: SampleOptions) {
        self.options = options
        random = SampleRandom(seed: options.seed ^ 0x524F_494C_4C45_4447)
        // The spend feed takes its lines first (a line per channel and campaign, and three shared,
        // each month), so that every month's spend is written even in a small sample.
        let spendLines = Self.months * (SampleCatalog.channels.count * SampleCatalog.themes.count + 3)
        plannedAccounts = max(1, (options.eventCount - spendLines) / Self.averageLinesPerAccount)
    }

    var isFull: Bool { lines >= options.eventCount }

    // MARK: ids and times

    /// The next event id with a readable prefix, or a UUIDv4 from the PRNG.
    mutating func nextID(_ prefix: String) -> String {
        let number = (counters[prefix] ?? 0) + 1
        counters[prefix] = number
        switch options.idStyle {
        case .readable:
            let digits = String(number)
            return prefix + "-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
        case .uuid:
            return Self.uuid(random.next(), random.next())
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func uuid(_ high: UInt64, _ low: UInt64) -> String {
        let versioned = high & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let variant = low & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, word) in [versioned, variant].enumerated() {
            for nibble in stride(from: 60, through: 0, by: -4) {
                let position = index * 16 + (60 - nibble) / 4
                if position == 8 || position == 12 || position == 16 || position == 20 { out.append(UInt8(ascii: "-")) }
                out.append(hexDigits[Int((word >> UInt64(nibble)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3339 text for an instant: mostly UTC, sometimes with an offset or a fraction, as
    /// real producers write.
    mutating func text(_ micros: Int64) -> String {
        let clamped = min(micros, Self.yearEndMicros)
        switch random.below(20) {
        case 0:
            let shifted = RFC3339.format(Timestamp(microseconds: clamped + 7_200_000_000), nanosecondRemainder: 0)
            return String(shifted.dropLast()) + "+02:00"
        case 1:
            return RFC3339.format(Timestamp(microseconds: clamped + 250_000), nanosecondRemainder: 0)
        default:
            return RFC3339.format(Timestamp(microseconds: clamped), nanosecondRemainder: 0)
        }
    }

    static func micros(day: Int, seconds: Int = 0) -> Int64 {
        Int64(yearStart.dayNumber + day) * Timestamp.microsecondsPerDay + Int64(seconds) * 1_000_000
    }

    /// Closes the line just written and counts it.
    mutating func finish() {
        writer.end()
        lines += 1
    }
}
