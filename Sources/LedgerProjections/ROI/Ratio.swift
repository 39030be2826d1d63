public import LedgerCore

/// An exact quotient of two integers (money units or counts), for ROI, pipeline/cost and rates.
/// Kept as the pair so that comparisons with thresholds are exact; printed with a fixed number
/// of decimals, rounded half-even, so output never depends on floating point.
public struct Ratio: Sendable, Equatable {
    public var numerator: Int64
    /// Always positive.
    public var denominator: Int64

    /// Nil when the denominator is not positive (no cost, no leads): the ratio is undefined.
    public init?(_ numerator: Int64, _ denominator: Int64) {
        guard denominator > 0 else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Equal values are equal ratios (1/2 == 2/4): compared by cross-multiplication.
    public static func == (lhs: Ratio, rhs: Ratio) -> Bool {
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return left.high == right.high && left.low == right.low
    }

    /// The value × 10^places, rounded half-even.
    public func scaled(places: Int) -> Int64 {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        return Money.divideRoundingHalfEven(numerator, times: scale, by: denominator)
    }

    /// A decimal string with exactly `places` fraction digits (`2.3457`, `-0.5000`).
    public func decimal(places: Int) -> String {
        Self.decimalText(scaled(places: places), places: places)
    }

    /// Formats an integer holding `places` implied decimals.
    public static func decimalText(_ scaled: Int64, places: Int) -> String {
        var digits = String(scaled.magnitude)
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -places)
        let text = places == 0 ? digits : digits[..<split] + "." + digits[split...]
        return (scaled < 0 ? "-" : "") + text
    }

    /// Whether this ratio is below a threshold, exactly.
    public func isBelow(_ threshold: Fraction) -> Bool {
        numerator.multipliedFullWidth(by: threshold.denominator) < threshold.numerator.multipliedFullWidth(by: denominator)
    }

    /// Whether this ratio is above a threshold, exactly.
    public func isAbove(_ threshold: Fraction) -> Bool {
        numerator.multipliedFullWidth(by: threshold.denominator) > threshold.numerator.multipliedFullWidth(by: denominator)
    }
}

private func < (lhs: (high: Int64, low: UInt64), rhs: (high: Int64, low: UInt64)) -> Bool {
    lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
}

private func > (lhs: (high: Int64, low: UInt64), rhs: (high: Int64, low: UInt64)) -> Bool {
    rhs < lhs
}
