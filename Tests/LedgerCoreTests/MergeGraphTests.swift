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
