import LedgerCore
import Testing

@Suite("Merge graph")
struct MergeGraphTests {
    func merge(_ id: String, _ from: String, _ into: String, kind: MergeKind = .contact) -> MergeGraph.Correction {
        .merge(id: id, Merge(kind: kind, from: from, into: into))
    }

    func violation(_ graph: inout MergeGraph, _ correction: MergeGraph.Correction) -> MergeGraph.Violation? {
        do {
            try graph.apply(correction, validating: true)
            return nil
        } catch {
            return error
        }
    }

    @Test func mergesChainToTheSurvivor() throws {
        var graph = MergeGraph()
        try graph.apply(merge("m-1", "c-1", "c-2"), validating: true)
        try graph.apply(merge("m-2", "c-2", "c-3"), validating: true)
        #expect(graph.survivor(of: "c-1", kind: .contact) == "c-3")
        #expect(graph.survivor(of: "c-1", kind: .account) == "c-1")
        #expect(graph.survivor(of: "c-9", kind: .contact) == "c-9")
    }

    @Test func aRecordIsMergedIntoOneSurvivorAtATime() throws {
        var graph = MergeGraph()
        try graph.apply(merge("m-1", "c-1", "c-2"), validating: true)
        #expect(violation(&graph, merge("m-2", "c-1", "c-3"))?.field == "from")
        // The same ids in the other kind are other records.
        #expect(violation(&graph, merge("m-3", "c-1", "c-3", kind: .account)) == nil)
    }

    @Test func aMergeThatClosesACycleIsRefused() throws {
        var graph = MergeGraph()
        try graph.apply(merge("m-1", "c-1", "c-2"), validating: true)
        try graph.apply(merge("m-2", "c-2", "c-3"), validating: true)
        let refused = violation(&graph, merge("m-3", "c-3", "c-1"))
        #expect(refused?.field == "into")
        #expect(refused?.problem.contains("cycle") == true)
    }

    @Test func unmergingTwiceIsRefusedAndMergingAgainIsAllowed() throws {
        var graph = MergeGraph()
        try graph.apply(merge("m-1", "c-1", "c-2"), validating: true)
        try graph.apply(.unmerge(id: "u-1", mergeID: "m-1"), validating: true)
        #expect(graph.survivor(of: "c-1", kind: .contact) == "c-1")
        #expect(violation(&graph, .unmerge(id: "u-2", mergeID: "m-1"))?.field == "merge")
        #expect(violation(&graph, merge("m-2", "c-1", "c-3")) == nil)
        #expect(graph.survivor(of: "c-1", kind: .contact) == "c-3")
    }

    /// The compact lookup a replay makes per touch answers as the text one does, through
    /// retractions of retractions, for UUIDs and other ids alike.
    @Test func retractionsAreFoundByCompactIDToo() throws {
        let target = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
        let other = "t-0000007"
        var graph = MergeGraph()
        func agrees(_ retracted: [String: Bool]) {
            for (id, expected) in retracted {
                #expect(graph.isRetracted(id) == expected, "\(id) by text")
                #expect(graph.isRetracted(EventID(id)) == expected, "\(id) by compact id")
            }
        }
        agrees([target: false, other: false])
        try graph.apply(.retract(id: "6ba7b810-9dad-41d1-80b4-00c04fd430c8", targetID: target), validating: true)
        try graph.apply(.retract(id: "x-2", targetID: other), validating: true)
        agrees([target: true, other: true, "6ba7b810-9dad-41d1-80b4-00c04fd430c8": false])
        // Retracting the retraction reinstates its target.
        try graph.apply(.retract(id: "x-3", targetID: "6ba7b810-9dad-41d1-80b4-00c04fd430c8"), validating: true)
        agrees([target: false, other: true, "6ba7b810-9dad-41d1-80b4-00c04fd430c8": true])
        // A second retraction in force keeps it retracted while the first is undone.
        try graph.apply(.retract(id: "x-4", targetID: other), validating: true)
        try graph.apply(.retract(id: "x-5", targetID: "x-2"), validating: true)
        agrees([other: true, "x-2": true])
        #expect(!graph.isRetracted(EventID(target.uppercased())))
    }

    @Test func retractionsChain() throws {
        var graph = MergeGraph()
        try graph.apply(merge("m-1", "c-1", "c-2"), validating: true)
        try graph.apply(.retract(id: "x-1", targetID: "m-1"), validating: true)
        #expect(!graph.isInForce("m-1"))
        try graph.apply(.retract(id: "x-2", targetID: "x-1"), validating: true)
        #expect(graph.isInForce("m-1"))
        try graph.apply(.unmerge(id: "u-1", mergeID: "m-1"), validating: true)
        try graph.apply(.retract(id: "x-3", targetID: "u-1"), validating: true)
        #expect(graph.survivor(of: "c-1", kind: .contact) == "c-2")
    }

    @Test func aRetractionThatWouldReinstateAConflictingMergeIsRefused() throws {
        var graph = MergeGraph()
        try graph.apply(merge("m-1", "c-1", "c-2"), validating: true)
        try graph.apply(.retract(id: "x-1", targetID: "m-1"), validating: true)
        try graph.apply(merge("m-2", "c-1", "c-3"), validating: true)
        let refused = violation(&graph, .retract(id: "x-2", targetID: "x-1"))
        #expect(refused?.field == "event")
        #expect(refused?.problem.contains("merged twice") == true)
    }
}
