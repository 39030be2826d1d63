/// Where reporting periods start and end (the rule set's `calendar`): the fiscal year's first
/// month and how its years are named, the week's first day, and the reporting time zone as a
/// fixed offset from UTC. The default is the calendar year, Monday and UTC.
///
/// The zone is a fixed offset (`"-05:00"`), not a tz-database name, on purpose: the same log
/// and rules must give the same bytes on any machine, and the tz database differs between them.
public struct ReportingCalendar: Sendable, Equatable {
    /// How fiscal years are numbered when they do not start in January.
    public enum YearNaming: String, Sendable, CaseIterable {
        /// By the calendar year they end in (a year starting February 2026 is 2027).
        case end
        /// By the calendar year they start in.
        case start
    }

    public enum Weekday: String, Sendable, CaseIterable {
        case monday, tuesday, wednesday, thursday, friday, saturday, sunday

        /// Monday 0 … Sunday 6.
        var index: Int { Self.allCases.firstIndex(of: self)! }
    }

    /// What `--every` steps by.
    public enum Unit: String, Sendable, CaseIterable {
        case week, month, quarter, year
    }

    public var fiscalYearStartMonth: Int
    public var fiscalYearNamedBy: YearNaming
    public var weekStart: Weekday
    /// Minutes east of UTC.
    public var utcOffsetMinutes: Int

    public init(fiscalYearStartMonth: Int = 1, fiscalYearNamedBy: YearNaming = .end, weekStart: Weekday = .monday, utcOffsetMinutes: Int = 0) {
        precondition((1...12).contains(fiscalYearStartMonth), "a month is 1 to 12")
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.fiscalYearNamedBy = fiscalYearNamedBy
        self.weekStart = weekStart
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// `UTC` or `+05:30`.
    public var timeZone: String {
        guard utcOffsetMinutes != 0 else { return "UTC" }
        let magnitude = abs(utcOffsetMinutes)
        return (utcOffsetMinutes < 0 ? "-" : "+") + Self.twoDigits(magnitude / 60) + ":" + Self.twoDigits(magnitude % 60)
    }

    /// Parses `UTC`, `Z` or `±HH:MM` (up to ±14:00); nil otherwise.
    public static func offsetMinutes(_ text: String) -> Int? {
        if text == "UTC" || text == "Z" { return 0 }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":"),
              let hours = Int(String(decoding: bytes[1...2], as: UTF8.self)), let minutes = Int(String(decoding: bytes[4...5], as: UTF8.self)),
              bytes[1...2].allSatisfy({ (48...57).contains($0) }), bytes[4...5].allSatisfy({ (48...57).contains($0) }),
              minutes < 60, hours * 60 + minutes <= 14 * 60 else { return nil }
        return (bytes[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
    }

    /// The fiscal year a month belongs to: the calendar year it starts in.
    func fiscalStartYear(year: Int, month: Int) -> Int {
        month >= fiscalYearStartMonth ? year : year - 1
    }

    /// The name of the fiscal year starting in `startYear`.
    func fiscalYearName(startYear: Int) -> Int {
        fiscalYearNamedBy == .end && fiscalYearStartMonth != 1 ? startYear + 1 : startYear
    }

    /// The calendar year a named fiscal year starts in.
    func startYear(ofFiscalYear name: Int) -> Int {
        fiscalYearNamedBy == .end && fiscalYearStartMonth != 1 ? name - 1 : name
    }

    /// The period of `unit` that holds `date`, whole (not clipped to any window).
    public func period(_ unit: Unit, containing date: LedgerDate) -> ReportingPeriod {
        let (year, month, _) = CivilCalendar.civil(fromDayNumber: date.dayNumber)
        switch unit {
        case .week:
            let weekday = ((date.dayNumber + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday (3).
            let first = LedgerDate(dayNumber: date.dayNumber - ((weekday - weekStart.index) % 7 + 7) % 7)
            return ReportingPeriod(name: first.description, from: first, to: LedgerDate(dayNumber: first.dayNumber + 6))
        case .month:
            return monthSpan(name: String(date.description.prefix(7)), year: year, month: month, months: 1)
        case .quarter:
            let startYear = fiscalStartYear(year: year, month: month)
            let offset = (month - fiscalYearStartMonth + 12) % 12
            let quarter = offset / 3 + 1
            let (firstYear, firstMonth) = Self.add(months: (quarter - 1) * 3, toYear: startYear, month: fiscalYearStartMonth)
            return monthSpan(name: "\(fiscalYearName(startYear: startYear))-Q\(quarter)", year: firstYear, month: firstMonth, months: 3)
        case .year:
            let startYear = fiscalStartYear(year: year, month: month)
            return monthSpan(name: String(fiscalYearName(startYear: startYear)), year: startYear, month: fiscalYearStartMonth, months: 12)
        }
    }

    /// The periods of `unit` that meet the window, in order, each clipped to it.
    public func periods(_ unit: Unit, from: LedgerDate, to: LedgerDate) -> [ReportingPeriod] {
        var periods: [ReportingPeriod] = []
        var day = from
        while day <= to {
            let whole = period(unit, containing: day)
            periods.append(ReportingPeriod(name: whole.name, from: max(whole.from, from), to: min(whole.to, to)))
            day = LedgerDate(dayNumber: whole.to.dayNumber + 1)
        }
        return periods
    }

    /// A named period under this calendar: `YYYY` (a fiscal year), `YYYY-Qn` (a fiscal quarter)
    /// or `YYYY-MM` (a month); nil for anything else.
    public func period(named name: String) -> ReportingPeriod? {
        guard let calendarPeriod = ReportingPeriod(name) else { return nil }
        let parts = name.split(separator: "-")
        let fiscalYear = Int(parts[0])!
        let startYear = startYear(ofFiscalYear: fiscalYear)
        if parts.count == 1 {
            return monthSpan(name: name, year: startYear, month: fiscalYearStartMonth, months: 12)
        }
        if parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()) {
            let (year, month) = Self.add(months: (quarter - 1) * 3, toYear: startYear, month: fiscalYearStartMonth)
            return monthSpan(name: name, year: year, month: month, months: 3)
        }
        return calendarPeriod
    }

    func monthSpan(name: String, year: Int, month: Int, months: Int) -> ReportingPeriod {
        let (lastYear, lastMonth) = Self.add(months: months - 1, toYear: year, month: month)
        return ReportingPeriod(name: name, from: LedgerDate(dayNumber: CivilCalendar.dayNumber(year: year, month: month, day: 1)),
                               to: LedgerDate(dayNumber: CivilCalendar.dayNumber(year: lastYear, month: lastMonth,
                                                                                 day: CivilCalendar.daysInMonth(year: lastYear, month: lastMonth))))
    }

    static func add(months: Int, toYear year: Int, month: Int) -> (year: Int, month: Int) {
        let index = year * 12 + (month - 1) + months
        return (index / 12, index % 12 + 1)
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
