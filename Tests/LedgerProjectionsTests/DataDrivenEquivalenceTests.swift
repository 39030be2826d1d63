import LedgerProjections
import Testing

/// The coded fits (channels as integer codes, flat count tables, channel sets as bits) give the
/// numbers the string-keyed fits gave, to the bit: the string versions are kept here, verbatim
/// in substance, as the reference, and both run over seeded random journeys.
@Suite("data-driven fits, coded and by name")
struct DataDrivenEquivalenceTests {
    /// The Markov fit as it was: channel names, a dictionary from name to state, nested arrays.
    static func referenceMarkov(_ journeys: [Journey]) -> (channels: [String], counts: [[Int]]) {
        var distinct = Set<String>()
        for journey in journeys { distinct.formUnion(journey.channels) }
        let channels = distinct.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let index = Dictionary(uniqueKeysWithValues: channels.enumerated().map { ($1, $0 + 1) })
        let n = channels.count
        var counts = Array(repeating: Array(repeating: 0, count: n + 3), count: n + 1)
        for journey in journeys where !journey.channels.isEmpty {
            var previous = 0
            for channel in journey.channels {
                let state = index[channel]!
                counts[previous][state] += 1
                previous = state
            }
            counts[previous][journey.converts ? n + 1 : n + 2] += 1
        }
        return (channels, counts)
    }

    /// The Shapley fit as it was: each journey's set as a sorted array of names.
    static func referenceShapley(_ journeys: [Journey]) -> (channels: [String], values: [Double]) {
        var converting: [[String]: Int] = [:]
        var total: [[String]: Int] = [:]
        for journey in journeys where !journey.channels.isEmpty {
            let set = Array(Set(journey.channels)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            total[set, default: 0] += 1
            if journey.converts { converting[set, default: 0] += 1 }
        }
        let sets = total.keys.sorted { $0.lexicographicallyPrecedes($1) { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        let channels = Array(Set(sets.flatMap { $0 })).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var values = Array(repeating: 0.0, count: channels.count)
        let index = Dictionary(uniqueKeysWithValues: channels.enumerated().map { ($1, $0) })
        for set in sets {
            let rate = Double(converting[set] ?? 0) / Double(total[set]!)
            for channel in set { values[index[channel]!] += rate / Double(set.count) }
        }
        return (channels, values)
    }

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func journeys(seed: UInt64, channelCount: Int, count: Int) -> [Journey] {
        var random = Generator(state: seed)
        // Names whose first-met order differs from their sorted order.
        let names = (0..<channelCount).map { "ch-\(String(UInt32(($0 * 7919) % 100_003), radix: 36))" }
        return (0..<count).map { _ in
            let length = 1 + random.next(6)
            return Journey(channels: (0..<length).map { _ in names[random.next(names.count)] }, converts: random.next(3) == 0)
        }
    }

    @Test(arguments: [(1, 3), (2, 9), (3, 20), (4, 64), (5, 70), (6, 130)])
    func theCodedFitsEqualTheStringFitsToTheBit(seed: UInt64, channels: Int) {
        let journeys = Self.journeys(seed: seed, channelCount: channels, count: 3_000)
        let markov = MarkovModel(journeys: journeys)
        let reference = Self.referenceMarkov(journeys)
        #expect(markov.channels == reference.channels)
        let names = [MarkovModel.startState] + reference.channels + [MarkovModel.conversionState, MarkovModel.nullState]
        var counted: [String: Int] = [:]
        for (from, row) in reference.counts.enumerated() {
            for (to, count) in row.enumerated() where count > 0 { counted[names[from] + ">" + names[to]] = count }
        }
        #expect(Dictionary(uniqueKeysWithValues: markov.transitions.map { ($0.from + ">" + $0.to, $0.count) }) == counted)
        // The removal effects come from the same counts through the same solve: equal as bits.
        let again = MarkovModel(journeys: JourneySet(journeys.reversed()))
        #expect(again.removalEffects.map(\.bitPattern) == markov.removalEffects.map(\.bitPattern))
        let shapley = ShapleyModel(journeys: journeys)
        let shapleyReference = Self.referenceShapley(journeys)
        #expect(shapley.channels == shapleyReference.channels)
        #expect(shapley.values.map(\.bitPattern) == shapleyReference.values.map(\.bitPattern))
    }

    @Test func aJourneySetCollapsesRepeatsAndDropsEmptyPaths() {
        let set = JourneySet([Journey(channels: ["a", "a", "b", "a"], converts: true), Journey(channels: [], converts: false),
                              Journey(channels: ["c"], converts: false)])
        #expect(set.count == 2)
        #expect(set.journeys == [Journey(channels: ["a", "b", "a"], converts: true), Journey(channels: ["c"], converts: false)])
        #expect(set.channelNames == ["a", "b", "c"])
    }
}
