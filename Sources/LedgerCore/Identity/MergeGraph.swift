/// The merges in force at the ledger's head, kept so that a correction that would break
/// identity resolution is refused at ingest: merging a record that is already merged elsewhere,
/// closing a cycle, undoing a merge that is not in force, or a retraction that would reinstate
/// such a merge.
///
/// Retractions chain: an event is in force while no retraction in force names it, so retracting
/// a `retract` reinstates its target, retracting a `merge` undoes it and retracting an `unmerge`
/// restores its merge. Costs grow with the number of corrections, not of events.
public struct MergeGraph: Sendable {
    /// A correction event, as the graph needs it.
    public enum Correction: Sendable {
        case merge(id: String, Merge)
        case unmerge(id: String, mergeID: String)
        case retract(id: String, targetID: String)
    }

    /// Why a correction is refused: the event's field at fault.
    public struct Violation: Error, Sendable, Equatable {
        public var field: String
        public var problem: String
        public var expected: String
    }

    private var merges: [String: Merge] = [:]
    private var unmergeTargets: [String: String] = [:]
    private var retractTargets: [String: String] = [:]
    /// Retractions in force per event id.
    /// Keyed by compact id: a replay asks once per touch (`isRetracted(_: EventID)`).
    private var retractionCounts: [EventID: Int] = [:]
    /// Unmerges in force per merge id.
    private var unmergeCounts: [String: Int] = [:]
    /// Merges in force by (kind, from).
    private var edges: [EdgeKey: [String]] = [:]

    private struct EdgeKey: Hashable, Sendable {
        var kind: MergeKind
        var id: String
    }
    /// Merges that came into force during the current `apply`.
    private var activated: [String] = []

    public init() {}

    /// Applies one correction in ledger order. With `validating`, refuses (and leaves the graph
    /// unusable, as the batch it came in is rolled back) a correction that breaks identity.
    public mutating func apply(_ correction: Correction, validating: Bool) throws(Violation) {
        activated.removeAll(keepingCapacity: true)
        switch correction {
        case .merge(let id, let merge):
            if validating, let existing = edges[Self.key(merge.kind, merge.from)]?.first, let into = merges[existing]?.into {
                throw Violation(field: "from", problem: "\(merge.kind.rawValue) \"\(merge.from)\" is already merged into \"\(into)\" (merge \(existing))",
                                expected: "a record not merged elsewhere: unmerge \(existing) first")
            }
            merges[id] = merge
            refresh(id)
        case .unmerge(let id, let mergeID):
            if validating, !isInForce(mergeID) {
                throw Violation(field: "merge", problem: "merge \"\(mergeID)\" is not in force (already unmerged or retracted)",
                                expected: "a merge that is in force")
            }
            unmergeTargets[id] = mergeID
            adjustUnmerges(of: mergeID, by: 1)
        case .retract(let id, let targetID):
            retractTargets[id] = targetID
            adjustRetractions(of: targetID, by: 1)
        }
        guard validating else { return }
        for mergeID in activated {
            if let problem = problem(with: mergeID) {
                let field: String = if case .merge = correction { "into" } else { correction.isRetract ? "event" : "merge" }
                throw Violation(field: field, problem: problem, expected: "corrections that leave every record an alias of at most one survivor, without cycles")
            }
        }
    }

    /// The survivor `id` resolves to through the merges in force (itself when not merged).
    public func survivor(of id: String, kind: MergeKind) -> String {
        var current = id
        var steps = 0
        while let mergeID = edges[Self.key(kind, current)]?.first, let merge = merges[mergeID], steps <= merges.count {
            current = merge.into
            steps += 1
        }
        return current
    }

    public func isInForce(_ mergeID: String) -> Bool {
        merges[mergeID] != nil && retractionCounts[EventID(mergeID)] == nil && unmergeCounts[mergeID, default: 0] == 0
    }

    private static func key(_ kind: MergeKind, _ id: String) -> EdgeKey {
        EdgeKey(kind: kind, id: id)
    }

    /// Whether any merge is in force; when none is, every id is its own survivor.
    public var hasMergesInForce: Bool { !edges.isEmpty }

    private func isVisible(_ id: String) -> Bool {
        retractionCounts[EventID(id)] == nil
    }

    /// Whether a retraction in force names this event (any event, not only corrections).
    public func isRetracted(_ id: String) -> Bool {
        !isVisible(id)
    }

    /// The same, by compact id.
    public func isRetracted(_ id: EventID) -> Bool {
        !retractionCounts.isEmpty && retractionCounts[id] != nil
    }

    /// The merge in force that makes `id` an alias, if any.
    public func mergeInForce(from id: String, kind: MergeKind) -> (id: String, merge: Merge)? {
        guard let mergeID = edges[Self.key(kind, id)]?.first, let merge = merges[mergeID] else { return nil }
        return (mergeID, merge)
    }

    /// The records of one kind that are aliases through a merge in force, sorted (UTF-8).
    public func aliases(kind: MergeKind) -> [String] {
        edges.keys.filter { $0.kind == kind && mergeInForce(from: $0.id, kind: kind) != nil }.map(\.id)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// What is wrong with a merge that just came into force, if anything.
    private func problem(with mergeID: String) -> String? {
        guard let merge = merges[mergeID] else { return nil }
        let others = edges[Self.key(merge.kind, merge.from), default: []].filter { $0 != mergeID }
        if let other = others.first {
            return "\(merge.kind.rawValue) \"\(merge.from)\" would be merged twice (merges \(other) and \(mergeID))"
        }
        var current = merge.into
        var steps = 0
        while let next = edges[Self.key(merge.kind, current)]?.first, let nextMerge = merges[next], steps <= merges.count {
            if nextMerge.into == merge.from || current == merge.from {
                return "merging \(merge.kind.rawValue) \"\(merge.from)\" into \"\(merge.into)\" closes a cycle (\"\(merge.into)\" already resolves to \"\(merge.from)\")"
            }
            current = nextMerge.into
            steps += 1
        }
        return nil
    }

    private mutating func adjustRetractions(of target: String, by delta: Int) {
        let key = EventID(target)
        let wasVisible = retractionCounts[key] == nil
        retractionCounts[key, default: 0] += delta
        if retractionCounts[key] == 0 { retractionCounts[key] = nil }
        let isNowVisible = retractionCounts[key] == nil
        guard wasVisible != isNowVisible else { return }
        if let next = retractTargets[target] {
            adjustRetractions(of: next, by: isNowVisible ? 1 : -1)
        } else if let mergeID = unmergeTargets[target] {
            adjustUnmerges(of: mergeID, by: isNowVisible ? 1 : -1)
        } else if merges[target] != nil {
            refresh(target)
        }
    }

    private mutating func adjustUnmerges(of mergeID: String, by delta: Int) {
        unmergeCounts[mergeID, default: 0] += delta
        if unmergeCounts[mergeID] == 0 { unmergeCounts[mergeID] = nil }
        refresh(mergeID)
    }

    /// Puts a merge's edge in or out of force to match its state.
    private mutating func refresh(_ mergeID: String) {
        guard let merge = merges[mergeID] else { return }
        let key = Self.key(merge.kind, merge.from)
        var list = edges[key, default: []]
        let listed = list.contains(mergeID)
        if isInForce(mergeID), !listed {
            list.append(mergeID)
            activated.append(mergeID)
        } else if !isInForce(mergeID), listed {
            list.removeAll { $0 == mergeID }
        }
        edges[key] = list.isEmpty ? nil : list
    }
}

extension MergeGraph.Correction {
    var isRetract: Bool {
        if case .retract = self { return true }
        return false
    }

    /// The correction an event makes, if it is one.
    public init?(_ event: Event) {
        switch event.payload {
        case .merge(let merge): self = .merge(id: event.id, merge)
        case .unmerge(let unmerge): self = .unmerge(id: event.id, mergeID: unmerge.mergeEventID)
        case .retract(let retraction): self = .retract(id: event.id, targetID: retraction.eventID)
        default: return nil
        }
    }
}
