import LedgerCore
@testable import LedgerProjections
import Testing
import TestSupport

/// Spend spread by day over its period, hand-computed. Amounts are in units of 1/10,000: the
/// first j days of an n-day period carry ⌊units × j / n⌋, and a window carries the difference of
/// two such cumulative floors.
@Suite("Spend proration, hand-computed")
struct SpendProrationTests {
    static func units(_ amount: String, _ periodStart: String, _ periodEnd: String, window from: String, _ to: String) -> Int64 {
        SpendProration.prorate(Money(amount)!, periodStart: ReplayFixture.date(periodStart), periodEnd: ReplayFixture.date(periodEnd),
                               to: ReportWindow(from: ReplayFixture.date(from), to: ReplayFixture.date(to))).units
    }

    /// Consecutive windows covering `from...to`, each `days` long (the last one shorter).
    static func partition(_ from: String, _ to: String, days: Int) -> [ReportWindow] {
        let first = ReplayFixture.date(from).dayNumber
        let last = ReplayFixture.date(to).dayNumber
        return stride(from: first, through: last, by: days).map {
            ReportWindow(from: LedgerDate(dayNumber: $0), to: LedgerDate(dayNumber: min($0 + days - 1, last)))
        }
    }

    // MARK: A 31-day January: 3,100.00 = 31,000,000 units, 1,000,000 a day.

    @Test func januarySpendFullyInsideTheWindowCountsWhole() {
        #expect(Self.units("3100.00", "2026-01-01", "2026-01-31", window: "2026-01-01", "2026-03-31") == 31_000_000)
        // The window equal to the period.
        #expect(Self.units("3100.00", "2026-01-01", "2026-01-31", window: "2026-01-01", "2026-01-31") == 31_000_000)
    }

    @Test func januarySpendOutsideTheWindowCountsNothing() {
        #expect(Self.units("3100.00", "2026-01-01", "2026-01-31", window: "2026-02-01", "2026-02-28") == 0)
        #expect(Self.units("3100.00", "2026-01-01", "2026-01-31", window: "2025-12-01", "2025-12-31") == 0)
    }

    @Test func januarySpendPartlyInsideCountsItsDays() {
        // Jan 10..20: 11 days × 1,000,000.
        #expect(Self.units("3100.00", "2026-01-01", "2026-01-31", window: "2026-01-10", "2026-01-20") == 11_000_000)
        // Window Dec 15..Jan 5: Jan 1..5, 5 days.
        #expect(Self.units("3100.00", "2026-01-01", "2026-01-31", window: "2025-12-15", "2026-01-05") == 5_000_000)
        // Window Jan 31..Feb 15: the last day only.
        #expect(Self.units("3100.00", "2026-01-01", "2026-01-31", window: "2026-01-31", "2026-02-15") == 1_000_000)
    }

    // MARK: A period across a month end.

    @Test func periodAcrossMonthEndSplitsByDaysAndAddsUp() {
        // Jan 20..Feb 10 = 12 + 10 = 22 days, 1,000.00 = 10,000,000 units.
        // January: ⌊10,000,000 × 12 / 22⌋ = ⌊5,454,545.45⌋ = 5,454,545.
        // February: 10,000,000 − 5,454,545 = 4,545,455.
        let january = Self.units("1000.00", "2026-01-20", "2026-02-10", window: "2026-01-01", "2026-01-31")
        let february = Self.units("1000.00", "2026-01-20", "2026-02-10", window: "2026-02-01", "2026-02-28")
        #expect(january == 5_454_545)
        #expect(february == 4_545_455)
        #expect(january + february == 10_000_000)
    }

    // MARK: A leap year: 2028 has 366 days.

    @Test func leapYearFebruaryGets29Of366() {
        // 12,000.00 = 120,000,000 units over 2028-01-01..2028-12-31.
        // Through Feb 29 (day 60): ⌊120,000,000 × 60 / 366⌋ = ⌊19,672,131.15⌋ = 19,672,131.
        // Through Jan 31 (day 31): ⌊120,000,000 × 31 / 366⌋ = ⌊10,163,934.43⌋ = 10,163,934.
        // February: 19,672,131 − 10,163,934 = 9,508,197 (29/366 = 9,508,196.72…; not 1/12 = 10,000,000).
        #expect(Self.units("12000.00", "2028-01-01", "2028-12-31", window: "2028-02-01", "2028-02-29") == 9_508_197)
        // Feb 29 alone: through day 59 ⌊120,000,000 × 59 / 366⌋ = ⌊19,344,262.3⌋ = 19,344,262;
        // 19,672,131 − 19,344,262 = 327,869.
        #expect(Self.units("12000.00", "2028-01-01", "2028-12-31", window: "2028-02-29", "2028-02-29") == 327_869)
        // January: 10,163,934 − 0.
        #expect(Self.units("12000.00", "2028-01-01", "2028-12-31", window: "2028-01-01", "2028-01-31") == 10_163_934)
    }

    @Test func leapYearMonthsAndQuartersAddUpToTheContract() {
        let months = [("01", "31"), ("02", "29"), ("03", "31"), ("04", "30"), ("05", "31"), ("06", "30"),
                      ("07", "31"), ("08", "31"), ("09", "30"), ("10", "31"), ("11", "30"), ("12", "31")]
        let parts = months.map { Self.units("12000.00", "2028-01-01", "2028-12-31", window: "2028-\($0.0)-01", "2028-\($0.0)-\($0.1)") }
        // Cumulative floors at month ends (days 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366):
        // 10,163,934; 19,672,131; 29,836,065; 39,672,131; 49,836,065; 59,672,131; 69,836,065;
        // 80,000,000; 89,836,065; 100,000,000; 109,836,065; 120,000,000 — and their differences:
        #expect(parts == [10_163_934, 9_508_197, 10_163_934, 9_836_066, 10_163_934, 9_836_066,
                          10_163_934, 10_163_935, 9_836_065, 10_163_935, 9_836_065, 10_163_935])
        #expect(parts.reduce(0, +) == 120_000_000)
        // Quarters: 29,836,065; 59,672,131 − 29,836,065; 89,836,065 − 59,672,131; 120,000,000 − 89,836,065.
        let quarters = [("2028-01-01", "2028-03-31"), ("2028-04-01", "2028-06-30"), ("2028-07-01", "2028-09-30"), ("2028-10-01", "2028-12-31")]
            .map { Self.units("12000.00", "2028-01-01", "2028-12-31", window: $0.0, $0.1) }
        #expect(quarters == [29_836_065, 29_836_066, 30_163_934, 30_163_935])
        #expect(quarters.reduce(0, +) == 120_000_000)
    }

    // MARK: Amounts that do not divide evenly.

    @Test func unevenAmountFloorsCumulatively() {
        // 100.00 = 1,000,000 units over Mar 1..3. Cumulative floors: day 1 ⌊333,333.3⌋ = 333,333,
        // day 2 ⌊666,666.7⌋ = 666,666, day 3 1,000,000. Days: 333,333; 333,333; 333,334.
        let days = ["2026-03-01", "2026-03-02", "2026-03-03"].map { Self.units("100.00", "2026-03-01", "2026-03-03", window: $0, $0) }
        #expect(days == [333_333, 333_333, 333_334])
        #expect(days.reduce(0, +) == 1_000_000)
        // Days 1–2: 666,666 − 0; days 2–3: 1,000,000 − 333,333 = 666,667.
        #expect(Self.units("100.00", "2026-03-01", "2026-03-03", window: "2026-03-01", "2026-03-02") == 666_666)
        #expect(Self.units("100.00", "2026-03-01", "2026-03-03", window: "2026-03-02", "2026-03-03") == 666_667)
        // Either two-window partition adds up: 666,666 + 333,334 and 333,333 + 666,667.
        #expect(Self.units("100.00", "2026-03-01", "2026-03-03", window: "2026-03-03", "2026-03-03") + 666_666 == 1_000_000)
        #expect(Self.units("100.00", "2026-03-01", "2026-03-03", window: "2026-03-01", "2026-03-01") + 666_667 == 1_000_000)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 10, 30])
    func anyPartitionAddsUpToTheWhole(windowDays: Int) {
        // 1,234.5677 (12,345,677 units) over 47 days, windows starting before and ending after it.
        for amount in ["1234.5677", "0.0001", "-1234.5677", "99999999999999.9999"] {
            let total = Self.partition("2026-01-25", "2026-03-31", days: windowDays).reduce(Int64(0)) { sum, window in
                sum + SpendProration.prorate(Money(amount)!, periodStart: ReplayFixture.date("2026-02-01"),
                                             periodEnd: ReplayFixture.date("2026-03-19"), to: window).units
            }
            #expect(total == Money(amount)!.units, "\(amount) in \(windowDays)-day windows")
        }
    }

    // MARK: Credit notes.

    @Test func aCreditNoteProratesAsTheExactNegativeOfItsCharge() {
        // −100.00 = −1,000,000 units over Mar 1..3, rounded toward zero like the charge:
        // cumulative −333,333, −666,666, −1,000,000; days −333,333; −333,333; −333,334.
        let days = ["2026-03-01", "2026-03-02", "2026-03-03"].map { Self.units("-100.00", "2026-03-01", "2026-03-03", window: $0, $0) }
        #expect(days == [-333_333, -333_333, -333_334])
        #expect(days.reduce(0, +) == -1_000_000)
        // In every window, the charge and its credit note cancel exactly.
        for window in [("2026-03-01", "2026-03-01"), ("2026-03-02", "2026-03-03"), ("2026-03-03", "2026-03-31"), ("2026-02-01", "2026-03-31")] {
            #expect(Self.units("-100.00", "2026-03-01", "2026-03-03", window: window.0, window.1)
                + Self.units("100.00", "2026-03-01", "2026-03-03", window: window.0, window.1) == 0, "\(window)")
        }
        // January's credit note of −3,100.00 divides evenly: exactly −1,000,000 a day.
        #expect(Self.units("-3100.00", "2026-01-01", "2026-01-31", window: "2026-01-10", "2026-01-20") == -11_000_000)
    }

    // MARK: A one-day period.

    @Test func oneDayPeriodIsAllOrNothing() {
        #expect(Self.units("99.99", "2026-03-15", "2026-03-15", window: "2026-03-15", "2026-03-15") == 999_900)
        #expect(Self.units("99.99", "2026-03-15", "2026-03-15", window: "2026-03-01", "2026-03-31") == 999_900)
        #expect(Self.units("99.99", "2026-03-15", "2026-03-15", window: "2026-03-14", "2026-03-14") == 0)
        #expect(Self.units("99.99", "2026-03-15", "2026-03-15", window: "2026-03-16", "2026-03-31") == 0)
        #expect(Self.units("-0.0001", "2026-03-15", "2026-03-15", window: "2026-03-15", "2026-03-15") == -1)
    }
}
