import Dispatch
import LedgerCore
import Testing

/// The pipe between a producing and a consuming thread gives every place back however the
/// consumer stops: libdispatch traps (SIGILL) when a semaphore is released with fewer places than
/// it was made with, so a wrong count here crashes the test process rather than failing quietly.
@Suite("Batch pipe")
struct BatchPipeTests {
    /// The consumer takes `taking` batches of a producer that would put 50, then stops, with
    /// the pipe full, half full or empty behind it.
    @Test(arguments: [0, 1, 2, 3, 4, 7, 50])
    func aConsumerThatStopsEarlyLeavesThePipeWhole(taking: Int) throws {
        for _ in 0..<50 {
            let produced = Counter()
            do {
                let pipe = BatchPipe<Int>(capacity: 4)
                pipe.startProducer { pipe in
                    for index in 0..<50 {
                        guard pipe.put(index) else { return }
                        produced.add()
                    }
                }
                var taken: [Int] = []
                for _ in 0..<taking {
                    guard let batch = try pipe.take() else { break }
                    taken.append(batch)
                }
                pipe.stopAndWaitForProducer()
                #expect(taken == Array(0..<min(taking, 50)))
            }
            // The pipe is released here; a miscounted semaphore would have trapped.
            #expect(produced.value >= min(taking, 50))
        }
    }

    @Test func aProducersErrorArrivesAfterItsBatches() throws {
        struct Failure: Error {}
        let pipe = BatchPipe<Int>(capacity: 2)
        pipe.startProducer { pipe in
            for index in 0..<5 { _ = pipe.put(index) }
            throw Failure()
        }
        var taken: [Int] = []
        #expect(throws: Failure.self) {
            while let batch = try pipe.take() { taken.append(batch) }
        }
        pipe.stopAndWaitForProducer()
        #expect(taken == [0, 1, 2, 3, 4])
    }
}

/// A count shared by the producer thread and the test.
final class Counter: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var count = 0

    func add() {
        lock.wait(); count += 1; lock.signal()
    }

    var value: Int {
        lock.wait(); defer { lock.signal() }; return count
    }
}
