/// The sample's business year, 2026, as seconds since 2026-01-01T00:00:00Z.
///
/// Integers only: the year has 365 days (2026 is not a leap year), 1 January is a Thursday, and
/// every date the generator prints is looked up here rather than computed by a general calendar.
enum SampleCalendar {
    static let secondsPerDay: Int64 = 86_400
    static let daysInYear = 365
    /// One past the last second of 2026-12-31.
    static let yearEndSeconds: Int64 = 365 * 86_400

    /// Days before the first of each month, plus the year's length at index 12.
    static let monthStartDays: [Int] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

    /// Month (0-based) of every day of the year, so formatting needs no search.
    static let monthOfDay: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 365)
        for month in 0..<12 {
            for day in monthStartDays[month]..<monthStartDays[month + 1] { table[day] = UInt8(month) }
        }
        return table
    }()

    static func daysInMonth(_ month: Int) -> Int {
        monthStartDays[month + 1] - monthStartDays[month]
    }

    static func month(ofSeconds seconds: Int64) -> Int {
        Int(monthOfDay[Int(seconds / secondsPerDay)])
    }

    /// 0 = Monday … 6 = Sunday; 2026-01-01 is a Thursday.
    static func weekday(ofDay day: Int) -> Int {
        (day + 3) % 7
    }

    /// Moves a time into office hours most of the time: B2B buyers click, register and meet on
    /// weekdays between 08:00 and 19:00 (the `perMille` share is moved, the rest stays as drawn,
    /// because some people do read email on Sunday night). Never moves a time backwards, so a
    /// step scheduled in the future stays in the future.
    static func officeHours(_ seconds: Int64, perMille: Int, _ random: inout SampleRandom) -> Int64 {
        guard random.chance(perMille: perMille) else { return seconds }
        var day = seconds / secondsPerDay
        let secondOfDay = seconds % secondsPerDay
        if secondOfDay >= 19 * 3600 { day += 1 }
        while weekday(ofDay: Int(day)) >= 5 { day += 1 }
        let inHours = secondOfDay >= 8 * 3600 && secondOfDay < 19 * 3600
        let time = inHours ? secondOfDay : Int64(8 * 3600 + random.below(11 * 3600))
        return day * secondsPerDay + time
    }
}
