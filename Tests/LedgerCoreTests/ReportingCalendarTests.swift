import LedgerCore
import Testing

/// The rule set's calendar: fiscal quarters and years, week starts, periods clipped to a
/// window, named periods, and the fixed-offset reporting time zone.
@Suite("reporting calendar")
struct ReportingCalendarTests {
    static func day(_ text: String) -> LedgerDate { LedgerDate(text)! }

    @Test func calendarYearByDefault() {
        let calendar = ReportingCalendar()
        let quarter = calendar.period(.quarter, containing: Self.day("2026-05-17"))
        #expect(quarter == ReportingPeriod(name: "2026-Q2", from: Self.day("2026-04-01"), to: Self.day("2026-06-30")))
        #expect(calendar.period(.month, containing: Self.day("2024-02-10")).to == Self.day("2024-02-29"))
        #expect(calendar.period(.year, containing: Self.day("2026-12-31")).name == "2026")
    }

    /// A fiscal year from February named by its end: February 2026 to January 2027 is 2027, so
    /// 15 January 2026 is in 2026-Q4 (November 2025 to January 2026).
    @Test func fiscalQuartersNamedByTheYearTheyEndIn() {
        let calendar = ReportingCalendar(fiscalYearStartMonth: 2, fiscalYearNamedBy: .end)
        #expect(calendar.period(.quarter, containing: Self.day("2026-01-15"))
            == ReportingPeriod(name: "2026-Q4", from: Self.day("2025-11-01"), to: Self.day("2026-01-31")))
        #expect(calendar.period(.quarter, containing: Self.day("2026-02-01"))
            == ReportingPeriod(name: "2027-Q1", from: Self.day("2026-02-01"), to: Self.day("2026-04-30")))
        #expect(calendar.period(.year, containing: Self.day("2026-03-01"))
            == ReportingPeriod(name: "2027", from: Self.day("2026-02-01"), to: Self.day("2027-01-31")))
        #expect(calendar.period(named: "2027-Q1") == ReportingPeriod(name: "2027-Q1", from: Self.day("2026-02-01"), to: Self.day("2026-04-30")))
        #expect(calendar.period(named: "2027-Q4") == ReportingPeriod(name: "2027-Q4", from: Self.day("2026-11-01"), to: Self.day("2027-01-31")))
        #expect(calendar.period(named: "2027") == ReportingPeriod(name: "2027", from: Self.day("2026-02-01"), to: Self.day("2027-01-31")))
        #expect(calendar.period(named: "2026-03") == ReportingPeriod(name: "2026-03", from: Self.day("2026-03-01"), to: Self.day("2026-03-31")))
        #expect(calendar.period(named: "2026-Q5") == nil && calendar.period(named: "FY26") == nil)
        // Named by its start, the same year is 2026.
        let byStart = ReportingCalendar(fiscalYearStartMonth: 2, fiscalYearNamedBy: .start)
        #expect(byStart.period(.quarter, containing: Self.day("2026-02-01")).name == "2026-Q1")
        #expect(byStart.period(named: "2026-Q4") == ReportingPeriod(name: "2026-Q4", from: Self.day("2026-11-01"), to: Self.day("2027-01-31")))
        // A July fiscal year: July to September is Q1.
        let july = ReportingCalendar(fiscalYearStartMonth: 7)
        #expect(july.period(.quarter, containing: Self.day("2026-09-30")).name == "2027-Q1")
        #expect(july.period(.quarter, containing: Self.day("2026-06-30")).name == "2026-Q4")
    }

    /// 1 January 2026 is a Thursday.
    @Test func weeksStartOnTheDeclaredDay() {
        #expect(ReportingCalendar().period(.week, containing: Self.day("2026-01-01"))
            == ReportingPeriod(name: "2025-12-29", from: Self.day("2025-12-29"), to: Self.day("2026-01-04")))
        #expect(ReportingCalendar(weekStart: .sunday).period(.week, containing: Self.day("2026-01-01")).from == Self.day("2025-12-28"))
        #expect(ReportingCalendar(weekStart: .thursday).period(.week, containing: Self.day("2026-01-01")).from == Self.day("2026-01-01"))
        #expect(ReportingCalendar(weekStart: .friday).period(.week, containing: Self.day("2026-01-01")).from == Self.day("2025-12-26"))
    }

    @Test func periodsAreClippedToTheWindowAndCoverItOnce() {
        let periods = ReportingCalendar().periods(.month, from: Self.day("2026-01-15"), to: Self.day("2026-03-10"))
        #expect(periods.map(\.name) == ["2026-01", "2026-02", "2026-03"])
        #expect(periods.first?.from == Self.day("2026-01-15") && periods.last?.to == Self.day("2026-03-10"))
        let weeks = ReportingCalendar().periods(.week, from: Self.day("2026-01-01"), to: Self.day("2026-12-31"))
        #expect(weeks.count == 53)
        #expect(zip(weeks, weeks.dropFirst()).allSatisfy { $0.to.dayNumber + 1 == $1.from.dayNumber })
        let quarters = ReportingCalendar(fiscalYearStartMonth: 2).periods(.quarter, from: Self.day("2026-01-01"), to: Self.day("2026-12-31"))
        #expect(quarters.map(\.name) == ["2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"])
    }

    @Test func theReportingTimeZoneIsAFixedOffset() throws {
        #expect(ReportingCalendar.offsetMinutes("UTC") == 0)
        #expect(ReportingCalendar.offsetMinutes("-05:00") == -300)
        #expect(ReportingCalendar.offsetMinutes("+05:30") == 330)
        #expect(ReportingCalendar.offsetMinutes("+14:01") == nil)
        #expect(ReportingCalendar.offsetMinutes("America/New_York") == nil)
        #expect(ReportingCalendar(utcOffsetMinutes: -330).timeZone == "-05:30")
        let rules = try RuleSet(json: #"{"calendar":{"fiscal_year_start_month":4,"week_start":"sunday","time_zone":"+01:00"}}"#)
        #expect(rules.calendar == ReportingCalendar(fiscalYearStartMonth: 4, weekStart: .sunday, utcOffsetMinutes: 60))
        do {
            _ = try RuleSet(json: #"{"calendar":{"time_zone":"Europe/Paris"}}"#)
            Issue.record("a tz-database name was accepted")
        } catch {
            #expect(error.path == "$.calendar.time_zone")
        }
    }
}
