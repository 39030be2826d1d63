public import LedgerCore

/// A reporting window in business time: dates in UTC, both inclusive (`--to 2026-03-31` runs to
/// 23:59:59.999999).
public struct ReportWindow: Sendable, Equatable {
    public var from: LedgerDate
    public var to: LedgerDate

    public init(from: LedgerDate, to: LedgerDate) {
        self.from = from
        self.to = to
    }

    public var start: Timestamp { from.startOfDay }
    public var end: Timestamp { Timestamp(microseconds: LedgerDate(dayNumber: to.dayNumber + 1).startOfDay.microseconds - 1) }

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
