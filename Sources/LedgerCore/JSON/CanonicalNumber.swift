/// The canonical text of a JSON number: the same value always gives the same text, computed on
/// the decimal digits (never through a Double), so `64`, `64.0`, `6.4e1` and `640E-1` are one
/// number and no value is rounded.
///
/// The form is a plain decimal with no exponent, no leading zeros, no trailing fraction zeros and
/// no `-0` (`"-0.50"` → `-0.5`). A value whose plain form would exceed `plainLengthMax`
/// characters keeps an exponent instead: integer digits without trailing zeros, then `e` and the
/// exponent (`1e400`).
enum CanonicalNumber {
    static let plainLengthMax = 40
    /// The largest exponent a JSON number may carry (the parser refuses larger ones), so the
    /// canonical text never has to saturate or cut one: `1e999999` is kept, `1e1000000` refused.
    static let exponentMax = 999_999

    static func canonical(_ text: String) -> String {
        isPlainInteger(text) ? text : canonicalDigits(text)
    }

    /// Whether `text` is already canonical because it is a plain integer: `0`, or an optional
    /// `-` then digits without a leading zero, short enough to need no exponent. Most numbers in
    /// events (`v`, counts, scores) are, and they skip the digit arithmetic and its allocations.
    static func isPlainInteger(_ text: String) -> Bool {
        var digitCount = 0
        var firstDigit: UInt8 = 0
        var isNegative = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-"), digitCount == 0, !isNegative {
                isNegative = true
                continue
            }
            guard byte &- UInt8(ascii: "0") < 10 else { return false }
            if digitCount == 0 { firstDigit = byte }
            digitCount += 1
        }
        guard digitCount > 0, digitCount <= plainLengthMax else { return false }
        return firstDigit != UInt8(ascii: "0") || digitCount == 1 && !isNegative
    }

    /// The canonical text worked out on the digits: the reference for every number.
    static func canonicalDigits(_ text: String) -> String {
        var negative = false
        var digits: [UInt8] = []
        var fractionCount = 0
        var exponent = 0
        var exponentNegative = false
        var inFraction = false
        var inExponent = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-") where !inExponent: negative = true
            case UInt8(ascii: "-"): exponentNegative = true
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            default:
                let digit = Int(byte &- UInt8(ascii: "0"))
                if inExponent {
                    // The parser refuses exponents above `exponentMax`; this cannot overflow.
                    exponent = exponent * 10 + digit
                } else {
                    if digits.isEmpty && digit == 0 { if inFraction { fractionCount += 1 }; continue }
                    digits.append(byte)
                    if inFraction { fractionCount += 1 }
                }
            }
        }
        if digits.isEmpty { return "0" }
        var scale = (exponentNegative ? -exponent : exponent) - fractionCount
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            scale += 1
        }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if scale >= 0 {
            if digits.count + scale > plainLengthMax {
                out += digits
                out += Array("e\(scale)".utf8)
            } else {
                out += digits
                out += [UInt8](repeating: UInt8(ascii: "0"), count: scale)
            }
        } else {
            let pointFromRight = -scale
            if pointFromRight >= digits.count {
                let leadingZeros = pointFromRight - digits.count
                if leadingZeros + digits.count + 2 > plainLengthMax {
                    out += digits
                    out += Array("e\(scale)".utf8)
                } else {
                    out += Array("0.".utf8)
                    out += [UInt8](repeating: UInt8(ascii: "0"), count: leadingZeros)
                    out += digits
                }
            } else {
                out += digits[0..<(digits.count - pointFromRight)]
                out.append(UInt8(ascii: "."))
                out += digits[(digits.count - pointFromRight)...]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
