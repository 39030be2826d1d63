import LedgerCore

/// A date and time as an export wrote it: wall-clock fields, and the UTC offset only when the
/// text carried one.
struct LocalDateTime: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var microsecond = 0
    /// Seconds east of UTC, when the text said (`Z`, `+02:00`).
    var offsetSeconds: Int?
    /// True when the text held a date only.
    var isDateOnly = false

    var date: LedgerDate? {
        guard (1...12).contains(month), (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        return LedgerDate(dayNumber: CivilCalendar.dayNumber(year: year, month: month, day: day))
    }

    /// Seconds since the epoch of the wall-clock reading as if it were UTC.
    var wallSeconds: Int64? {
        guard let date, (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        return Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
    }
}
