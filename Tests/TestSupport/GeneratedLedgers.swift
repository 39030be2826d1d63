/// A seeded xorshift: generated ledgers are the same on every run and machine.
public struct SeededRandom {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

/// The merges a generated ledger states between records numbered from 0: chains, but never a
/// record merged twice and never a cycle, as ingest would accept them; a merge in force may be
/// undone (by an unmerge or a retraction of it).
public struct MergeChains {
    private var mergedInto: [Int: Int] = [:]
    private var inForce: [(id: String, from: Int)] = []

    public init() {}

    /// How many records are merged into another now.
    public var count: Int { mergedInto.count }

    public func survivor(_ record: Int) -> Int {
        mergedInto[record].map(survivor) ?? record
    }

    /// Records the merge `id` of `from` into `into` if a ledger may state it now.
    public mutating func merge(_ id: String, from: Int, into: Int) -> Bool {
        guard mergedInto[from] == nil, into != from, survivor(into) != from else { return false }
        mergedInto[from] = into
        inForce.append((id, from))
        return true
    }

    /// Undoes one of the merges in force (`pick` gives a number below its bound); its id, or nil
    /// when none is.
    public mutating func undo(picking pick: (Int) -> Int) -> String? {
        guard !inForce.isEmpty else { return nil }
        let undone = inForce.remove(at: pick(inForce.count))
        mergedInto[undone.from] = nil
        return undone.id
    }

    /// The line of a merge `id` of `\(prefix)\(from)` into `\(prefix)\(into)` of `kind`, if a ledger may state it now.
    public mutating func mergeLine(_ id: String, kind: String, prefix: String, from: Int, into: Int, at: () -> String) -> String? {
        guard merge(id, from: from, into: into) else { return nil }
        return #"{"id":"\#(id)","type":"merge","at":"\#(at())","kind":"\#(kind)","from":"\#(prefix)\#(from)","into":"\#(prefix)\#(into)"}"#
    }

    /// The line of an unmerge or a retraction (`pick` chooses) of one of the merges in force,
    /// numbered `n`; nil when none is in force.
    public mutating func undoLine(_ n: Int, picking pick: (Int) -> Int, at: () -> String) -> String? {
        guard let undone = undo(picking: pick) else { return nil }
        return pick(2) == 0
            ? #"{"id":"u-\#(n)","type":"unmerge","at":"\#(at())","merge":"\#(undone)"}"#
            : #"{"id":"r-\#(n)","type":"retract","at":"\#(at())","event":"\#(undone)"}"#
    }
}
