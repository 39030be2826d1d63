/// A calendar date without a time (`2026-03-31`), as used by spend periods, rule-set effective
/// dates and closes. Stored as the day number since 1970-01-01, so ranges and proration are
/// integer arithmetic.
public struct LedgerDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// Parses `YYYY-MM-DD` (years 0001-9999); nil when the text or the date is not valid.
    public init?(_ text: String) {
        var copy = text
        guard let day = copy.withUTF8({ Self.parse($0) }) else { return nil }
        self.dayNumber = day
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = ASCIIDigits.value(bytes, 0, count: 4),
              let month = ASCIIDigits.value(bytes, 5, count: 2),
              let day = ASCIIDigits.value(bytes, 8, count: 2),
              year >= 1, (1...12).contains(month), day >= 1,
              day <= CivilCalendar.daysInMonth(year: year, month: month)
        else { return nil }
        return CivilCalendar.dayNumber(year: year, month: month, day: day)
    }

    public static func < (lhs: LedgerDate, rhs: LedgerDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = CivilCalendar.civil(fromDayNumber: dayNumber)
        var out: [UInt8] = []
        ASCIIDigits.appendPadded(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCIIDigits.appendPadded(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCIIDigits.appendPadded(day, width: 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The first instant of this date in UTC.
    public var startOfDay: Timestamp {
        Timestamp(microseconds: Int64(dayNumber) * Timestamp.microsecondsPerDay)
    }
}
