import LedgerCore

/// Splits an amount over weights exactly, by largest remainder in units of 1/10,000: every
/// share is floored, then the leftover units go one by one to the largest remainders, ties to
/// the earlier touch. The parts always sum to the amount (negative amounts split the same way
/// on their magnitude).
enum Apportionment {
    static func split(_ amount: Money, weights: [UInt64]) -> [Money] {
        let total = weights.reduce(UInt64(0)) { $0 + $1 }
        precondition(!weights.isEmpty && total > 0, "apportioning needs a positive weight")
        let magnitude = amount.units.magnitude
        var parts: [UInt64] = []
        var remainders: [(remainder: UInt64, index: Int)] = []
        for (index, weight) in weights.enumerated() {
            let product = magnitude.multipliedFullWidth(by: weight)
            let (quotient, remainder) = total.dividingFullWidth(product)
            parts.append(quotient)
            remainders.append((remainder, index))
        }
        var leftover = magnitude - parts.reduce(0, +)
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var position = 0
        while leftover > 0 {
            parts[remainders[position].index] += 1
            leftover -= 1
            position += 1
        }
        let sign: Int64 = amount.units < 0 ? -1 : 1
        let result = parts.map { Money(units: sign * Int64($0)) }
        assert(result.reduce(0) { $0 + $1.units } == amount.units)
        return result
    }

    /// Integer weights proportional to exact fractions (scaled by the common denominator).
    static func integerWeights(_ shares: [Fraction]) -> [UInt64] {
        var common: Int64 = 1
        for share in shares { common = common / Int64(Fraction.gcd(UInt64(common), UInt64(share.denominator))) * share.denominator }
        return shares.map { UInt64($0.numerator * (common / $0.denominator)) }
    }

    /// Integer weights approximating non-negative real ones (2^40 in all): floating models may be
    /// off by one unit on a deal, never more.
    static func integerWeights(_ shares: [Double]) -> [UInt64]? {
        let total = shares.reduce(0, +)
        guard total > 0, total.isFinite else { return nil }
        let scaled = shares.map { UInt64(($0 / total * 1_099_511_627_776).rounded()) }
        return scaled.reduce(0, +) > 0 ? scaled : nil
    }
}
