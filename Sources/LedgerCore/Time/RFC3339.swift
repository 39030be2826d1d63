/// Parsing and canonical formatting of RFC 3339 timestamps (`2026-03-01T14:05:00+01:00`).
///
/// Accepted: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of 1 to 9 digits, then `Z` or an offset
/// `±HH:MM` (`T` and `Z` in either case), with a real calendar date, hours 00-23, minutes and
/// seconds 00-59 (no leap second), offsets up to ±23:59, and an instant in years 0001-9999 once
/// normalised to UTC. The canonical form is UTC with `Z`; a fraction is kept to the nanosecond
/// (the stored column holds microseconds, the body keeps what the producer said).
public enum RFC3339 {
    /// A parsed instant: microseconds since the epoch, plus the nanoseconds below a microsecond
    /// that the canonical body keeps.
    public struct Parsed: Sendable, Equatable {
        public var timestamp: Timestamp
        public var nanosecondRemainder: Int
    }

    public static func parse(_ text: String) -> Parsed? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        guard bytes.count >= 20,
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = ASCIIDigits.value(bytes, 0, count: 4),
              let month = ASCIIDigits.value(bytes, 5, count: 2),
              let day = ASCIIDigits.value(bytes, 8, count: 2),
              let hour = ASCIIDigits.value(bytes, 11, count: 2),
              let minute = ASCIIDigits.value(bytes, 14, count: 2),
              let second = ASCIIDigits.value(bytes, 17, count: 2),
              year >= 1, (1...12).contains(month), day >= 1,
              day <= CivilCalendar.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanoseconds = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digitCount = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                guard digitCount < 9 else { return nil }
                nanoseconds = nanoseconds * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digitCount += 1
                index += 1
            }
            guard digitCount > 0 else { return nil }
            for _ in digitCount..<9 { nanoseconds *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetHours = ASCIIDigits.value(bytes, index + 1, count: 2),
                  let offsetMinutes = ASCIIDigits.value(bytes, index + 4, count: 2),
                  offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilCalendar.dayNumber(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let timestamp = Timestamp(microseconds: seconds * 1_000_000 + Int64(nanoseconds / 1000))
        let utcYear = timestamp.date.components.year
        guard (1...9999).contains(utcYear) else { return nil }
        return Parsed(timestamp: timestamp, nanosecondRemainder: nanoseconds % 1000)
    }

    /// The canonical UTC text of an instant.
    public static func format(_ timestamp: Timestamp, nanosecondRemainder: Int) -> String {
        let micros = timestamp.microseconds
        let perDay = Timestamp.microsecondsPerDay
        let dayNumber = micros >= 0 ? micros / perDay : (micros - perDay + 1) / perDay
        let microOfDay = micros - dayNumber * perDay
        let (year, month, day) = CivilCalendar.civil(fromDayNumber: Int(dayNumber))
        let secondOfDay = Int(microOfDay / 1_000_000)
        var fraction = Int(microOfDay % 1_000_000) * 1000 + nanosecondRemainder
        var out: [UInt8] = []
        out.reserveCapacity(30)
        ASCIIDigits.appendPadded(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCIIDigits.appendPadded(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCIIDigits.appendPadded(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        ASCIIDigits.appendPadded(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        ASCIIDigits.appendPadded(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        ASCIIDigits.appendPadded(secondOfDay % 60, width: 2, to: &out)
        if fraction > 0 {
            var width = 9
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            out.append(UInt8(ascii: "."))
            ASCIIDigits.appendPadded(fraction, width: width, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}

extension LedgerDate {
    var components: (year: Int, month: Int, day: Int) {
        CivilCalendar.civil(fromDayNumber: dayNumber)
    }
}
