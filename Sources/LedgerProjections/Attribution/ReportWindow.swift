public import LedgerCore

/// A reporting window in business time: days, both inclusive (`--to 2026-03-31` runs to
/// 23:59:59.999999), in the reporting time zone (UTC unless the rule set's calendar gives an offset).
public struct ReportWindow: Sendable, Equatable {
    public var from: LedgerDate
    public var to: LedgerDate
    /// Minutes east of UTC of the days' midnights.
    public var utcOffsetMinutes: Int

    public init(from: LedgerDate, to: LedgerDate, utcOffsetMinutes: Int = 0) {
        self.from = from
        self.to = to
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    var offset: Int64 { Int64(utcOffsetMinutes) * 60_000_000 }
    public var start: Timestamp { Timestamp(microseconds: from.startOfDay.microseconds - offset) }
    public var end: Timestamp { Timestamp(microseconds: LedgerDate(dayNumber: to.dayNumber + 1).startOfDay.microseconds - 1 - offset) }

    public func contains(_ instant: Timestamp) -> Bool {
        instant >= start && instant <= end
    }
}

/// Which amount a report credits: pipeline (deals created in the window, at their latest
/// amount) or revenue (deals won in the window, net of adjustments up to the window's end).
public enum AttributionView: String, Sendable, CaseIterable {
    case pipeline
    case revenue
}
