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
        let product = value.magnitude.multipliedFullWidth(by: multiplier.magnitude)
        let (quotient, remainder) = UInt64(divisor).dividingFullWidth(product)
        var magnitude = quotient
        // Compare twice the remainder with the divisor: above half rounds up, exactly half to even.
        let twice = remainder.multipliedFullWidth(by: 2)
        let aboveHalf = twice.high > 0 || twice.low > UInt64(divisor)
        let exactlyHalf = twice.high == 0 && twice.low == UInt64(divisor)
        if aboveHalf || (exactlyHalf && magnitude % 2 == 1) { magnitude += 1 }
        precondition(magnitude <= UInt64(Int64.max), "amount out of range")
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }
}
