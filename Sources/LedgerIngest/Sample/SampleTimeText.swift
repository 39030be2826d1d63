/// RFC 3339 timestamps and calendar dates of 2026, written as bytes.
///
/// Real feeds mix styles: most trackers send UTC with `Z`, some send milliseconds or
/// microseconds, and CRMs in other regions send local time with an offset. The ledger must treat
/// them all as the same instant, so the sample writes all of them.
extension SampleLineWriter {
    /// How one timestamp is spelled; the instant is the same whatever the style.
    struct TimeStyle {
        /// 0, 3 or 6 fraction digits.
        var fractionDigits: Int = 0
        /// The fraction's value in units of 10^-fractionDigits s.
        var fraction: Int = 0
        /// Local offset east of UTC in minutes; 0 writes `Z`.
        var offsetMinutes: Int = 0

        static let utc = TimeStyle()
    }

    /// `2026-MM-DDTHH:MM:SS[.fff[fff]](Z|±HH:MM)` for `seconds` since 2026-01-01T00:00:00Z.
    /// An offset whose local time would leave 2026 falls back to `Z` (same instant, and the text
    /// stays inside the sample's year).
    mutating func timestamp(_ seconds: Int64, style: TimeStyle = .utc) {
        precondition(seconds >= 0 && seconds < SampleCalendar.yearEndSeconds, "sample times stay inside 2026")
        var offset = style.offsetMinutes
        var local = seconds + Int64(offset) * 60
        if local < 0 || local >= SampleCalendar.yearEndSeconds {
            offset = 0
            local = seconds
        }
        let dayOfYear = Int(local / SampleCalendar.secondsPerDay)
        let secondOfDay = Int(local % SampleCalendar.secondsPerDay)
        let month = Int(SampleCalendar.monthOfDay[dayOfYear])
        date(month: month, day: dayOfYear - SampleCalendar.monthStartDays[month] + 1)
        byte(UInt8(ascii: "T"))
        decimal(secondOfDay / 3600, width: 2)
        byte(UInt8(ascii: ":"))
        decimal(secondOfDay / 60 % 60, width: 2)
        byte(UInt8(ascii: ":"))
        decimal(secondOfDay % 60, width: 2)
        if style.fractionDigits > 0 {
            byte(UInt8(ascii: "."))
            decimal(style.fraction, width: style.fractionDigits)
        }
        if offset == 0 {
            byte(UInt8(ascii: "Z"))
        } else {
            byte(offset > 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            decimal(abs(offset) / 60, width: 2)
            byte(UInt8(ascii: ":"))
            decimal(abs(offset) % 60, width: 2)
        }
    }

    /// `2026-MM-DD`, `month` 0-based, `day` 1-based.
    mutating func date(month: Int, day: Int) {
        raw("2026-")
        decimal(month + 1, width: 2)
        byte(UInt8(ascii: "-"))
        decimal(day, width: 2)
    }
}
