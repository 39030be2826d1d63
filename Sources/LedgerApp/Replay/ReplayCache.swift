import Foundation
import LedgerCore
import LedgerProjections
import LedgerStore

/// What a long-running process (the web server) keeps between requests so a request does not
/// replay the log: the facts folded through the newest head seen, from which the next fold
/// continues with the events appended since, and the ledger resolved under the last few sets
/// of resolution rules at that head. The command line has none: a process per command.
///
/// Safe to share between threads: every access holds the lock, and the values are immutable.
public final class ReplayCache: @unchecked Sendable {
    private let lock = NSLock()
    private var warm: (facts: LedgerFacts, hash: EventHash)?
    private var resolved: [(head: LedgerHead, rules: ResolutionRules, ledger: ResolvedLedger)] = []
    /// How many resolved ledgers are kept (each costs about as much memory as the facts).
    public let resolvedCapacity: Int

    public init(resolvedCapacity: Int = 4) {
        self.resolvedCapacity = max(1, resolvedCapacity)
    }

    /// The newest facts folded, when they are through `seq` or earlier: a fold to `seq` starts there.
    func facts(atOrBefore seq: Int64) -> (facts: LedgerFacts, hash: EventHash)? {
        lock.withLock { warm.flatMap { $0.facts.headSeq <= seq ? $0 : nil } }
    }

    /// Keeps `facts` when they are newer than what is kept.
    func keep(_ facts: LedgerFacts, hash: EventHash) {
        lock.withLock {
            if warm.map({ $0.facts.headSeq < facts.headSeq }) ?? true { warm = (facts, hash) }
        }
    }

    /// The ledger resolved at `head` under `rules`, if kept.
    func resolved(head: LedgerHead, rules: ResolutionRules) -> ResolvedLedger? {
        lock.withLock {
            guard let index = resolved.firstIndex(where: { $0.head == head && $0.rules == rules }) else { return nil }
            let entry = resolved.remove(at: index)
            resolved.append(entry)
            return entry.ledger
        }
    }

    /// Keeps a resolution, dropping the least recently used beyond capacity.
    func keep(_ ledger: ResolvedLedger, head: LedgerHead, rules: ResolutionRules) {
        lock.withLock {
            resolved.removeAll { $0.head == head && $0.rules == rules }
            resolved.append((head, rules, ledger))
            if resolved.count > resolvedCapacity { resolved.removeFirst(resolved.count - resolvedCapacity) }
        }
    }

    /// How many events the newest kept facts hold (for the server's status line).
    public var warmSeq: Int64 { lock.withLock { warm?.facts.headSeq ?? 0 } }
}
