import Dispatch
import LedgerCore

/// Batches of replayed records handed from the reader thread to the folding thread, at most
/// `capacity` waiting (so memory stays a few batches however long the log).
///
/// All state is guarded by `lock`; the semaphores count free and filled places. Swift cannot
/// see that discipline, hence `@unchecked Sendable`.
final class RecordPipe: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let readerDone = DispatchSemaphore(value: 0)
    private var batches: [[ReplayRecord]] = []
    private var failure: (any Error)?
    private var stopped = false

    init(capacity: Int) {
        free = DispatchSemaphore(value: capacity)
    }

    /// Reader: queues a batch, waiting while the pipe is full. False once the folding side
    /// has stopped (it threw, or finished early): the reader should stop reading.
    func put(_ batch: [ReplayRecord]) -> Bool {
        free.wait()
        lock.wait()
        defer { lock.signal() }
        if stopped { return false }
        batches.append(batch)
        filled.signal()
        return true
    }

    /// Reader: no more batches; `error` is why, if the reading failed.
    func finish(_ error: (any Error)?) {
        lock.wait()
        failure = error
        lock.signal()
        filled.signal()
        readerDone.signal()
    }

    /// Folding side: the next batch in order, nil after the last; the reader's error, if
    /// any, after every batch read before it.
    func take() throws -> [ReplayRecord]? {
        filled.wait()
        lock.wait()
        defer { lock.signal() }
        if !batches.isEmpty {
            free.signal()
            return batches.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Folding side, always: tells the reader to stop and waits until it has, so the
    /// connection is free again.
    func stopAndWaitForReader() {
        lock.wait()
        stopped = true
        batches.removeAll()
        lock.signal()
        free.signal()
        readerDone.wait()
    }
}
