import Dispatch

/// Work a command hands to the machine's other core (saving a checkpoint while the views are
/// computed). The process waits for all of it before it exits, on success or on error, so a
/// checkpoint is never left half-written by our own exit.
public enum BackgroundWork {
    private static let group = DispatchGroup()
    private static let queue = DispatchQueue(label: "roiledger.background", qos: .utility)

    public static func start(_ work: @escaping @Sendable () -> Void) {
        queue.async(group: group, execute: work)
    }

    /// Waits for everything started so far.
    public static func finish() {
        group.wait()
    }
}
