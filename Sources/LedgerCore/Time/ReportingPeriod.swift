/// A named reporting period: a year (`2026`), a quarter (`2026-Q1`) or a month (`2026-03`),
/// with its first and last days (UTC, inclusive).
public struct ReportingPeriod: Sendable, Equatable {
    public var name: String
    public var from: LedgerDate
    public var to: LedgerDate

    public init(name: String, from: LedgerDate, to: LedgerDate) {
        self.name = name
        self.from = from
        self.to = to
    }

    /// Parses `YYYY`, `YYYY-Qn` or `YYYY-MM`; nil for anything else.
    public init?(_ name: String) {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let year = Int(parts[0]), parts[0].count == 4, year >= 1 else { return nil }
        var firstMonth = 1
        var lastMonth = 12
        if parts.count == 2 {
            if parts[1].count == 2, parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) {
                firstMonth = quarter * 3 - 2
                lastMonth = quarter * 3
            } else if parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) {
                firstMonth = month
                lastMonth = month
            } else {
                return nil
            }
        } else if parts.count != 1 {
            return nil
        }
        self.name = name
        from = LedgerDate(dayNumber: CivilCalendar.dayNumber(year: year, month: firstMonth, day: 1))
        to = LedgerDate(dayNumber: CivilCalendar.dayNumber(year: year, month: lastMonth, day: CivilCalendar.daysInMonth(year: year, month: lastMonth)))
    }
}
