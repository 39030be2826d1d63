/// The generator's own pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// Why our own: `SystemRandomNumberGenerator` is not seedable, and the standard library's
/// hashing is randomised per process. A sample must be the same bytes for the same seed on every
/// machine and Swift version, so every draw here is plain 64-bit integer arithmetic.
struct SampleRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        var state = seed
        s0 = Self.splitMix(&state)
        s1 = Self.splitMix(&state)
        s2 = Self.splitMix(&state)
        s3 = Self.splitMix(&state)
    }

    /// One SplitMix64 step: the recommended way to spread one seed over xoshiro's 256 bits
    /// (never all zero).
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    /// SplitMix64's finaliser: a bijective, well-avalanched hash of one word. Used to derive
    /// per-record traits (names, titles) from an index without storing or drawing them.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in `0..<bound` by Lemire's multiply-shift (bias below 2^-40 for our bounds, and
    /// identical on every platform).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `lower...upper`.
    mutating func inRange(_ lower: Int, _ upper: Int) -> Int {
        lower + below(upper - lower + 1)
    }

    /// True with probability `perMille`/1000.
    mutating func chance(perMille: Int) -> Bool {
        below(1000) < perMille
    }

    /// An index drawn from integer weights (small tables only).
    mutating func weighted(_ weights: [Int]) -> Int {
        var total = 0
        for weight in weights { total += weight }
        var pick = below(total)
        for (index, weight) in weights.enumerated() {
            if pick < weight { return index }
            pick -= weight
        }
        return weights.count - 1
    }
}
