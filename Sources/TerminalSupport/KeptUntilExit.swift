import Foundation

/// Replay state the process keeps until it exits instead of freeing it.
///
/// A report over millions of events builds millions of small objects (touches, resolved
/// touches, their strings); freeing them one by one when a command returns costs about a
/// tenth of the replay, and the process exits a moment later anyway, when the system takes the
/// whole address space back at once. Commands hand their facts and resolved ledger here so the
/// last reference never drops (compilers do the same with their syntax trees). Only the
/// command-line process does this: the library types free normally.
public enum KeptUntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [Any] = []

    public static func keep(_ value: Any) {
        lock.withLock { values.append(value) }
    }
}
