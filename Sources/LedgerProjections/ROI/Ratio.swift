public import LedgerCore

/// An exact quotient of two integers (money units or counts), for ROI, pipeline/cost and rates.
/// Kept as the pair so that comparisons with thresholds are exact; printed with a fixed number
/// of decimals, rounded half-even, so output never depends on floating point.
public struct Ratio: Sendable, Equatable {
    /// 128 bits wide, so that a quotient of quotients (margin ROI: revenue × margin − cost over
    /// cost, with the margin's denominator multiplied through) stays exact.
    public var numerator: Int128
    /// Always positive.
    public var denominator: Int128

    /// Nil when the denominator is not positive (no cost, no leads): the ratio is undefined.
    public init?(_ numerator: Int64, _ denominator: Int64) {
        self.init(wide: Int128(numerator), Int128(denominator))
    }

    /// Nil when the denominator is not positive.
    public init?(wide numerator: Int128, _ denominator: Int128) {
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
        var scale: Int128 = 1
        for _ in 0..<places { scale *= 10 }
        let (product, overflow) = numerator.magnitude.multipliedReportingOverflow(by: scale.magnitude)
        precondition(!overflow, "ratio out of range")
        let quotient = Money.roundedHalfEven(product, dividedBy: denominator.magnitude)
        precondition(quotient <= UInt128(Int64.max), "ratio out of range")
        return numerator < 0 ? -Int64(quotient) : Int64(quotient)
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
        numerator * Int128(threshold.denominator) < Int128(threshold.numerator) * denominator
    }

    /// Whether this ratio is above a threshold, exactly.
    public func isAbove(_ threshold: Fraction) -> Bool {
        numerator * Int128(threshold.denominator) > Int128(threshold.numerator) * denominator
    }
}
