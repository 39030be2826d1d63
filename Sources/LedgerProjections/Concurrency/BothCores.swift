import Dispatch

/// Runs two independent, pure computations at the same time and returns both results.
///
/// A report's views and a resolution's parts read the same immutable facts and write nothing
/// shared, so they can run side by side on the machine's two cores; each result is exactly
/// what running it alone gives, so the output stays byte for byte the same. On one core it
/// simply runs them one after the other.
public func onBothCores<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    let slots = TwoSlots<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 { slots.first = first() } else { slots.second = second() }
    }
    return (slots.first!, slots.second!)
}

/// Where the two computations leave their results. Each slot is written by exactly one
/// iteration and read only after `concurrentPerform` has returned (which orders the writes
/// before the reads); Swift cannot see that discipline, hence `@unchecked Sendable`.
private final class TwoSlots<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}
