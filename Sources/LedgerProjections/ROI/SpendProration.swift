public import LedgerCore

/// Spreads a spend record evenly over the days of its period and keeps the days inside a window.
///
/// Exact and additive: the first j days of an n-day period carry ⌊amount × j / n⌋ (in units of
/// 1/10,000, rounded toward zero, so a credit note prorates as the exact negative of the charge
/// it cancels), and a run of days carries the difference of two such sums. So the parts of any
/// partition of the period into windows (months, quarters) add up to the amount to the unit, and
/// a 31-day month of a 366-day year gets 31/366 of a yearly contract, not 1/12.
public enum SpendProration {
    /// The part of `amount`, spent evenly over `periodStart...periodEnd` (inclusive), that falls
    /// on the days of `window`; zero when they do not overlap.
    public static func prorate(_ amount: Money, periodStart: LedgerDate, periodEnd: LedgerDate, to window: ReportWindow) -> Money {
        precondition(periodStart <= periodEnd, "a spend period ends on or after it starts (checked at ingest)")
        let first = max(periodStart.dayNumber, window.from.dayNumber)
        let last = min(periodEnd.dayNumber, window.to.dayNumber)
        guard first <= last else { return .zero }
        let days = Int64(periodEnd.dayNumber - periodStart.dayNumber + 1)
        let before = Int64(first - periodStart.dayNumber)
        let through = Int64(last - periodStart.dayNumber + 1)
        return Money(units: cumulative(amount.units, days: through, of: days) - cumulative(amount.units, days: before, of: days))
    }

    /// units × elapsed / days rounded toward zero (sign-symmetric), in 128 bits.
    static func cumulative(_ units: Int64, days elapsed: Int64, of days: Int64) -> Int64 {
        let product = units.magnitude.multipliedFullWidth(by: UInt64(elapsed))
        let quotient = Int64(UInt64(days).dividingFullWidth(product).quotient)
        return units >= 0 ? quotient : -quotient
    }
}
