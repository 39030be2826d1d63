import Foundation
import LedgerApp
import LedgerStore

/// The ledger as the server holds it: one session opened for the server's life, used by one
/// request at a time on a queue of its own (SQLite connections are not shared across threads,
/// and a replay uses a core either way), so the async request handlers never block the
/// server's threads. The replay cache keeps the folded facts and recent resolutions warm; the
/// response cache keeps recent answers for the head they were computed at.
final class LedgerService: @unchecked Sendable {
    private let queue = DispatchQueue(label: "roiledger.ledger")
    /// Touched only on `queue`.
    private let session: Unchecked<LedgerSession>
    let responses: ResponseCache
    let replayCache: ReplayCache

    init(session: LedgerSession, replayCache: ReplayCache, responseCacheBytes: Int) {
        self.session = Unchecked(session)
        self.replayCache = replayCache
        self.responses = ResponseCache(capacityBytes: responseCacheBytes)
    }

    /// For a ledger on PostgreSQL: a thread of its own LISTENs for committed appends and, when
    /// woken (or every `safetySeconds`, in case a notification was missed while reconnecting),
    /// copies the new events into the local copy on the ledger's queue. Requests read the copy
    /// and never wait for the server; the head-keyed caches move on by themselves.
    func follow(url: String, safetySeconds: Double = 30, log: @escaping @Sendable (String) -> Void) {
        let thread = Thread { [self] in
            var listener: PostgresLedger?
            while !isStopped {
                do {
                    if listener == nil {
                        listener = try PostgresLedger(url: url, readOnly: true)
                        try listener?.listen()
                        catchUp(log: log)   // whatever was appended while not listening
                    }
                    // Woken by a notification or by the safety timeout: either way, catch up by seq.
                    _ = try listener?.waitForAppend(seconds: safetySeconds)
                    catchUp(log: log)
                } catch {
                    log("lost the PostgreSQL listener (\(error)); reconnecting in 1 s")
                    listener = nil
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
        thread.name = "roiledger.listen"
        thread.start()
    }

    private let stopLock = NSLock()
    private var stopRequested = false
    private var isStopped: Bool { stopLock.withLock { stopRequested } }

    /// Ends `follow`'s thread (at its next wake-up at the latest).
    func stopFollowing() {
        stopLock.withLock { stopRequested = true }
    }

    private func catchUp(log: @escaping @Sendable (String) -> Void) {
        queue.async { [session] in
            do { try session.value.catchUp() } catch { log("catching up with the server failed: \(error)") }
        }
    }

    /// Runs `body` with the session on the ledger's queue.
    func run<T: Sendable>(_ body: @escaping @Sendable (LedgerSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [session] in
                continuation.resume(with: Result { try body(session.value) })
            }
        }
    }
}

/// Recent answers keyed by request and ledger head: an answer is a pure function of both, so a
/// hit is exact. Bounded by bytes, least recently used first out.
final class ResponseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (response: WebResponse, tick: UInt64)] = [:]
    private var bytes = 0
    private var tick: UInt64 = 0
    /// Documents by digest (`/v1/reports/DIGEST`): a report's bytes never change.
    private var byDigest: [String: (response: WebResponse, tick: UInt64)] = [:]
    let capacityBytes: Int

    init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    func get(_ key: String) -> WebResponse? {
        lock.withLock {
            guard var entry = entries[key] else { return nil }
            tick += 1
            entry.tick = tick
            entries[key] = entry
            return entry.response
        }
    }

    func document(digest: String) -> WebResponse? {
        lock.withLock { byDigest[digest]?.response }
    }

    func put(_ key: String, _ response: WebResponse, digest: String? = nil) {
        lock.withLock {
            tick += 1
            if let old = entries[key] { bytes -= old.response.body.count }
            entries[key] = (response, tick)
            bytes += response.body.count
            if let digest {
                if byDigest[digest] == nil { bytes += response.body.count }
                byDigest[digest] = (response, tick)
            }
            while bytes > capacityBytes, evictOldest() {}
        }
    }

    private func evictOldest() -> Bool {
        let oldest = entries.min { $0.value.tick < $1.value.tick }
        let oldestDocument = byDigest.min { $0.value.tick < $1.value.tick }
        if let document = oldestDocument, oldest.map({ document.value.tick < $0.value.tick }) ?? true {
            byDigest[document.key] = nil
            bytes -= document.value.response.body.count
            return true
        }
        guard let entry = oldest else { return false }
        entries[entry.key] = nil
        bytes -= entry.value.response.body.count
        return true
    }
}

/// A value handed to the ledger's queue, which alone uses it.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
