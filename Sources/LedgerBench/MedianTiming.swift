import TerminalSupport

/// The median wall time of `repeats` runs (at least one): one slow run on a busy machine does
/// not move the figure.
func medianSeconds(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, repeats) {
        let started = Terminal.monotonicSeconds()
        try body()
        times.append(Terminal.monotonicSeconds() - started)
    }
    return times.sorted()[times.count / 2]
}
