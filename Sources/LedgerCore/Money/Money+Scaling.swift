extension Money {
    /// This amount times an exact fraction (a stage probability, a gross margin), rounded
    /// half-even to the unit. Exact in between: the product is computed in 128 bits.
    public func scaled(by fraction: Fraction) -> Money {
        Money(units: Self.divideRoundingHalfEven(units, times: fraction.numerator, by: fraction.denominator))
    }

    /// `value × multiplier / divisor`, rounded half-even, with a 128-bit intermediate product.
    public static func divideRoundingHalfEven(_ value: Int64, times multiplier: Int64, by divisor: Int64) -> Int64 {
        precondition(divisor > 0, "division by a non-positive number")
        let negative = (value < 0) != (multiplier < 0)
        let product = UInt128(value.magnitude) * UInt128(multiplier.magnitude)
        let magnitude = roundedHalfEven(product, dividedBy: UInt128(divisor))
        precondition(magnitude <= UInt128(Int64.max), "amount out of range")
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// `dividend / divisor` rounded half-even: above half rounds up, exactly half to the even
    /// quotient. The one rounding rule of every printed quotient (money, ratios, days).
    public static func roundedHalfEven(_ dividend: UInt128, dividedBy divisor: UInt128) -> UInt128 {
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        // remainder ⋛ divisor − remainder compares twice the remainder with the divisor, without overflow.
        let rest = divisor - remainder
        let roundsUp = remainder > rest || (remainder == rest && quotient % 2 == 1)
        return roundsUp ? quotient + 1 : quotient
    }
}
