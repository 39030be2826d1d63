/// An exact non-negative rational number, for the shares of rule-based attribution models
/// (40 %, 1/3, 0.2 …) and for decimal settings such as stage probabilities and margins. Kept
/// reduced; small denominators only, as these shares have.
public struct Fraction: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var numerator: Int64
    public private(set) var denominator: Int64

    public init(_ numerator: Int64, _ denominator: Int64 = 1) {
        precondition(denominator > 0, "a fraction needs a positive denominator")
        let divisor = Self.gcd(numerator.magnitude, UInt64(denominator))
        self.numerator = numerator / Int64(divisor == 0 ? 1 : divisor)
        self.denominator = denominator / Int64(divisor == 0 ? 1 : divisor)
    }

    public static let zero = Fraction(0)
    public static let one = Fraction(1)

    /// Parses a plain decimal (`0.2`, `10`, `0.8`); nil for exponents or more than 9 fraction digits.
    public init?(decimal text: String) {
        var numerator: Int64 = 0
        var denominator: Int64 = 1
        var inFraction = false
        var negative = false
        var digits = 0
        for (offset, byte) in text.utf8.enumerated() {
            if byte == UInt8(ascii: "-"), offset == 0 { negative = true; continue }
            if byte == UInt8(ascii: "."), !inFraction { inFraction = true; continue }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            digits += 1
            guard digits <= 15 else { return nil }
            numerator = numerator * 10 + Int64(digit)
            if inFraction {
                denominator *= 10
                guard denominator <= 1_000_000_000 else { return nil }
            }
        }
        guard digits > 0 else { return nil }
        self.init(negative ? -numerator : numerator, denominator)
    }

    public static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    public static func + (lhs: Fraction, rhs: Fraction) -> Fraction {
        let divisor = Int64(gcd(UInt64(lhs.denominator), UInt64(rhs.denominator)))
        let denominator = lhs.denominator / divisor * rhs.denominator
        return Fraction(lhs.numerator * (denominator / lhs.denominator) + rhs.numerator * (denominator / rhs.denominator), denominator)
    }

    public static func * (lhs: Fraction, rhs: Fraction) -> Fraction {
        let left = Fraction(lhs.numerator, rhs.denominator)
        let right = Fraction(rhs.numerator, lhs.denominator)
        return Fraction(left.numerator * right.numerator, left.denominator * right.denominator)
    }

    public static func / (lhs: Fraction, rhs: Int) -> Fraction {
        precondition(rhs > 0)
        return lhs * Fraction(1, Int64(rhs))
    }

    public static func < (lhs: Fraction, rhs: Fraction) -> Bool {
        lhs.numerator.multipliedFullWidth(by: rhs.denominator) < rhs.numerator.multipliedFullWidth(by: lhs.denominator)
    }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}

private func < (lhs: (high: Int64, low: UInt64), rhs: (high: Int64, low: UInt64)) -> Bool {
    lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
}
