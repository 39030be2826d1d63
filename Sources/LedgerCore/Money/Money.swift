/// An exact amount of money in units of 1/10,000 of the ledger's currency.
///
/// Never a floating-point number: amounts are integers in the smallest unit the contract allows
/// (four fraction digits), so sums and splits are exact to the unit. Input is limited to 14
/// integer digits, so one amount fits in an `Int64` with room to spare.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let unitsPerWhole: Int64 = 10_000
    public static let integerDigitsMax = 14

    public var units: Int64

    public init(units: Int64) {
        self.units = units
    }

    public static let zero = Money(units: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.units < rhs.units }

    /// Parses the contract's decimal string: an optional `-`, 1 to 14 digits, and optionally `.`
    /// and 1 to 4 digits. Nil for anything else (exponents, `+`, spaces, a fifth fraction digit).
    public init?(_ text: String) {
        var negative = false
        var whole: Int64 = 0
        var wholeDigits = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var inFraction = false
        for (offset, byte) in text.utf8.enumerated() {
            if byte == UInt8(ascii: "-"), offset == 0 { negative = true; continue }
            if byte == UInt8(ascii: "."), !inFraction, wholeDigits > 0 { inFraction = true; continue }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            if inFraction {
                fractionDigits += 1
                guard fractionDigits <= 4 else { return nil }
                fraction = fraction * 10 + Int64(digit)
            } else {
                wholeDigits += 1
                guard wholeDigits <= Self.integerDigitsMax else { return nil }
                whole = whole * 10 + Int64(digit)
            }
        }
        guard wholeDigits > 0, !inFraction || fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<4 { fraction *= 10 }
        let units = whole * Self.unitsPerWhole + fraction
        self.units = negative ? -units : units
    }

    /// The normalised decimal: no trailing fraction zeros, no `.` for whole amounts, no `-0`
    /// (`"12500.00"` → `12500`, `"-0.50"` → `-0.5`). This is the form in canonical bodies and in
    /// JSON and CSV output.
    public var description: String {
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.unitsPerWhole)
        var fraction = magnitude % UInt64(Self.unitsPerWhole)
        var text = units < 0 ? "-" : ""
        text += String(whole)
        if fraction > 0 {
            var width = 4
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: width - digits.count) + digits
        }
        return text
    }
}
