import Dispatch

/// Batches handed in order from a producing thread to a consuming one, at most `capacity`
/// waiting, so memory stays a few batches however long the input. Replay reads rows a batch
/// ahead of its fold with one; ingest parses lines a batch ahead of its appends with another.
///
/// All state is guarded by `lock`; the semaphores count free and filled places. Swift cannot
/// see that discipline, hence `@unchecked Sendable`.
///
/// libdispatch traps when a semaphore is released with a count below the one it was made with,
/// so every place taken from `free` is given back exactly once: by `take`, by `put` when it finds
/// the pipe stopped, and by `stopAndWaitForProducer` for each queued batch it drops. The
/// invariant is free + queued + held by a `put` in progress = capacity.
public final class BatchPipe<Batch: Sendable>: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let producerDone = DispatchSemaphore(value: 0)
    private var batches: [Batch] = []
    private var failure: (any Error)?
    private var stopped = false

    public init(capacity: Int) {
        precondition(capacity > 0, "a pipe holds at least one batch")
        free = DispatchSemaphore(value: capacity)
    }

    /// Producer: queues a batch, waiting while the pipe is full. False once the consuming side
    /// has stopped (it threw, or finished early): the producer should stop producing.
    public func put(_ batch: Batch) -> Bool {
        free.wait()
        lock.wait()
        defer { lock.signal() }
        if stopped {
            free.signal()
            return false
        }
        batches.append(batch)
        filled.signal()
        return true
    }

    /// Producer, exactly once, last: no more batches; `error` is why, if producing failed.
    public func finish(_ error: (any Error)?) {
        lock.wait()
        failure = error
        lock.signal()
        filled.signal()
        producerDone.signal()
    }

    /// Consumer: the next batch in order, nil after the last; the producer's error, if any,
    /// after every batch put before it.
    public func take() throws -> Batch? {
        filled.wait()
        lock.wait()
        defer { lock.signal() }
        if !batches.isEmpty {
            free.signal()
            return batches.removeFirst()
        }
        // Leave the end visible to a later `take` too.
        filled.signal()
        if let failure { throw failure }
        return nil
    }

    /// Consumer, always (a `defer`): tells the producer to stop and waits until it has, so
    /// whatever it was using (a connection, a file) is free again when this returns.
    public func stopAndWaitForProducer() {
        lock.wait()
        stopped = true
        let dropped = batches.count
        batches.removeAll()
        lock.signal()
        // Each dropped batch's place, back: this also wakes a producer waiting on a full pipe.
        for _ in 0..<dropped { free.signal() }
        producerDone.wait()
    }

    /// Runs `produce` on another thread, handing it this pipe; its error, if it throws, ends
    /// the pipe after the batches it put.
    public func startProducer(_ produce: @escaping @Sendable (BatchPipe<Batch>) throws -> Void) {
        DispatchQueue.global().async {
            do {
                try produce(self)
                self.finish(nil)
            } catch {
                self.finish(error)
            }
        }
    }
}
