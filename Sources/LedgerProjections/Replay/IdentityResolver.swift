public import LedgerCore

/// Resolves contact and account ids to their survivors through the merges in force.
///
/// Under the `retroactive` policy an alias's whole history moves to the survivor. Under
/// `prospective` only facts at or after the merge's `at` move: each hop of a chain of merges
/// applies only when the fact is at or after that merge.
public struct IdentityResolver: Sendable {
    let corrections: MergeGraph
    let mergeTimes: [String: Timestamp]
    public let policy: MergePolicy

    public init(facts: LedgerFacts, policy: MergePolicy) {
        corrections = facts.corrections
        mergeTimes = facts.mergeTimes
        self.policy = policy
    }

    /// Whether a record's survivor is the same for facts at any time (the retroactive policy,
    /// or no merge in force), so that a caller may resolve each record once, not each fact.
    public var ignoresTime: Bool { policy == .retroactive || !corrections.hasMergesInForce }

    /// The survivor of a contact for a fact at `at`.
    public func contact(_ id: String, at: Timestamp) -> String {
        resolve(id, kind: .contact, at: at)
    }

    /// The survivor of an account for a fact at `at`.
    public func account(_ id: String, at: Timestamp) -> String {
        resolve(id, kind: .account, at: at)
    }

    /// For each contact, the records whose chain of merges in force passes through it: the only
    /// records whose facts can resolve to it, under either policy (a fact follows a prefix of its
    /// record's chain). Lets a view that needs a few survivors' facts look them up instead of
    /// resolving every record of the ledger.
    func upstreamContacts() -> [String: [String]] {
        var upstream: [String: [String]] = [:]
        for record in corrections.aliases(kind: .contact) {
            var current = record
            var hops = 0
            while let (_, merge) = corrections.mergeInForce(from: current, kind: .contact), hops < 10_000 {
                upstream[merge.into, default: []].append(record)
                current = merge.into
                hops += 1
            }
        }
        return upstream
    }

    /// The merges that moved `id` for a fact at `at`, in order (for `explain`).
    public func path(_ id: String, kind: MergeKind, at: Timestamp) -> [String] {
        var mergeIDs: [String] = []
        _ = resolve(id, kind: kind, at: at) { mergeIDs.append($0) }
        return mergeIDs
    }

    private func resolve(_ id: String, kind: MergeKind, at: Timestamp, visit: (String) -> Void = { _ in }) -> String {
        guard corrections.hasMergesInForce else { return id }
        var current = id
        var hops = 0
        while let (mergeID, merge) = corrections.mergeInForce(from: current, kind: kind), hops < 10_000 {
            if policy == .prospective, let mergedAt = mergeTimes[mergeID], at < mergedAt { break }
            visit(mergeID)
            current = merge.into
            hops += 1
        }
        return current
    }
}
