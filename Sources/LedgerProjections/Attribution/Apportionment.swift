import LedgerCore

/// A deal's shares as a model gives them, before they are turned into money.
///
/// Rule-based models have exact fractions, carried as integer weights over a common
/// denominator; `time_decay`, `markov` and `shapley` have binary64 values. Keeping the two apart
/// lets each be apportioned at its own precision: the floating shares are not first squeezed into
/// integers, which would move a unit on far more deals than floating point itself does.
enum ShareWeights: Sendable, Equatable {
    case exact([UInt64])
    case real([Double])

    /// Floating shares as they are, or linear (equal integer weights) when they cannot weigh
    /// anything: all zero, a negative or a non-finite one.
    static func real(orLinear shares: [Double]) -> ShareWeights {
        Apportionment.canWeigh(shares) ? .real(shares) : .exact(Array(repeating: 1, count: shares.count))
    }

    /// Each touch's share of the whole (for `explain`).
    var normalized: [Double] {
        switch self {
        case .exact(let weights):
            let total = Double(weights.reduce(UInt64(0), +))
            return weights.map { Double($0) / total }
        case .real(let shares):
            let total = shares.reduce(0, +)
            return shares.map { $0 / total }
        }
    }
}

/// Splits an amount over shares by largest remainder in units of 1/10,000 (product.md, "Money"):
/// every share is floored (the mathematical floor, so a negative amount's shares round down too),
/// then the leftover units go one by one to the largest remainders, ties to the earlier touch.
/// The parts always sum to the amount.
enum Apportionment {
    static func split(_ amount: Money, _ weights: ShareWeights) -> [Money] {
        switch weights {
        case .exact(let integers): split(amount, weights: integers)
        case .real(let shares): split(amount, shares: shares) ?? split(amount, weights: Array(repeating: 1, count: shares.count))
        }
    }

    /// Whether binary64 shares can weigh an amount: non-negative, finite, with a positive sum.
    static func canWeigh(_ shares: [Double]) -> Bool {
        let total = shares.reduce(0, +)
        return !shares.isEmpty && total > 0 && total.isFinite && shares.allSatisfy { $0 >= 0 && $0.isFinite }
    }

    /// Exact: amount × weight / total in 128 bits, floored, remainders compared as integers.
    static func split(_ amount: Money, weights: [UInt64]) -> [Money] {
        let total = weights.reduce(UInt64(0)) { $0 + $1 }
        precondition(!weights.isEmpty && total > 0, "apportioning needs a positive weight")
        let negative = amount.units < 0
        let magnitude = amount.units.magnitude
        var floors: [Int64] = []
        var remainders: [UInt64] = []
        floors.reserveCapacity(weights.count)
        remainders.reserveCapacity(weights.count)
        for weight in weights {
            let (quotient, remainder) = total.dividingFullWidth(magnitude.multipliedFullWidth(by: weight))
            if !negative || remainder == 0 {
                floors.append(negative ? -Int64(quotient) : Int64(quotient))
                remainders.append(remainder)
            } else {
                // −(q + r/total) floors to −q − 1, with (total − r)/total left over.
                floors.append(-Int64(quotient) - 1)
                remainders.append(total - remainder)
            }
        }
        return handOut(amount, floors: floors, byLargest: remainders)
    }

    /// From binary64 products: amount × share / Σ shares, floored, the remainders compared as
    /// binary64. Nil when the shares do not add up to a positive finite number.
    static func split(_ amount: Money, shares: [Double]) -> [Money]? {
        guard canWeigh(shares) else { return nil }
        let total = shares.reduce(0, +)
        let value = Double(amount.units)
        var floors: [Int64] = []
        var remainders: [Double] = []
        floors.reserveCapacity(shares.count)
        remainders.reserveCapacity(shares.count)
        for share in shares {
            let product = value * share / total
            let floor = product.rounded(.down)
            floors.append(Int64(floor))
            remainders.append(product - floor)
        }
        return handOut(amount, floors: floors, byLargest: remainders)
    }

    /// Adds the units the floors left over to the largest remainders, ties to the earlier
    /// touch. Exact arithmetic leaves fewer units than parts; binary64 products may leave one
    /// more or one less, which the same order absorbs (one more round from the top, or units
    /// taken back from the smallest remainders), so the parts always sum to the amount.
    private static func handOut<Remainder: Comparable>(_ amount: Money, floors: [Int64], byLargest remainders: [Remainder]) -> [Money] {
        var parts = floors
        var leftover = amount.units - parts.reduce(0, +)
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        var position = 0
        while leftover > 0 {
            parts[order[position % order.count]] += 1
            leftover -= 1
            position += 1
        }
        position = order.count - 1
        while leftover < 0 {
            parts[order[position]] -= 1
            leftover += 1
            position = position == 0 ? order.count - 1 : position - 1
        }
        let result = parts.map { Money(units: $0) }
        assert(result.reduce(0) { $0 + $1.units } == amount.units)
        return result
    }

    /// Integer weights proportional to exact fractions (scaled by the common denominator).
    static func integerWeights(_ shares: [Fraction]) -> [UInt64] {
        var common: Int64 = 1
        for share in shares { common = common / Int64(Fraction.gcd(UInt64(common), UInt64(share.denominator))) * share.denominator }
        return shares.map { UInt64($0.numerator * (common / $0.denominator)) }
    }
}
