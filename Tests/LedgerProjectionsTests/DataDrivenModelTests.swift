import LedgerCore
@testable import LedgerIngest
@testable import LedgerProjections
import Testing
import TestSupport

@Suite("Markov and Shapley")
struct DataDrivenModelTests {
    static let journeys = [
        Journey(channels: ["search", "email", "email", "events"], converts: true),
        Journey(channels: ["search", "events"], converts: true),
        Journey(channels: ["email"], converts: false),
        Journey(channels: ["search", "email"], converts: false),
        Journey(channels: ["events", "search", "events"], converts: true),
        Journey(channels: ["social"], converts: false),
        Journey(channels: ["social", "search"], converts: true),
    ]

    /// P(conversion) by iterating the chain's distribution many steps: an independent check of
    /// the absorbing-chain solve.
    static func bruteForceConversion(_ journeys: [Journey], removing removed: String?) -> Double {
        var counts: [String: [String: Int]] = [:]
        for journey in journeys {
            var previous = MarkovModel.startState
            for channel in journey.channels {
                counts[previous, default: [:]][channel, default: 0] += 1
                previous = channel
            }
            counts[previous, default: [:]][journey.converts ? MarkovModel.conversionState : MarkovModel.nullState, default: 0] += 1
        }
        var mass: [String: Double] = [MarkovModel.startState: 1]
        var converted = 0.0
        for _ in 0..<2000 {
            var next: [String: Double] = [:]
            for (state, weight) in mass where weight > 0 {
                let row = counts[state] ?? [:]
                let total = Double(row.values.reduce(0, +))
                for (target, count) in row {
                    let flow = weight * Double(count) / total
                    if target == MarkovModel.conversionState { converted += flow } else if target != MarkovModel.nullState, target != removed {
                        next[target, default: 0] += flow
                    }
                }
            }
            mass = next
        }
        return converted
    }

    @Test func markovMatchesABruteForceWalkOfTheChain() {
        let model = MarkovModel(journeys: Self.journeys)
        let base = Self.bruteForceConversion(Self.journeys, removing: nil)
        #expect(abs(model.conversionProbability - base) < 1e-9)
        for channel in model.channels {
            let removed = Self.bruteForceConversion(Self.journeys, removing: channel)
            #expect(abs(model.removalEffect(of: channel) - (1 - removed / base)) < 1e-9, "\(channel)")
        }
        #expect(model.channels == ["email", "events", "search", "social"])
        #expect(model.transitions.contains { $0.from == "(start)" && $0.to == "search" && $0.count == 3 })
    }

    @Test func markovOnASingleChannelChain() {
        let model = MarkovModel(journeys: [Journey(channels: ["a"], converts: true), Journey(channels: ["a"], converts: false)])
        #expect(model.conversionProbability == 0.5)
        #expect(model.removalEffects == [1])
    }

    /// The Shapley value by its definition: average marginal contribution over all orderings
    /// (enumerated through coalitions with their factorial weights).
    static func shapleyByDefinition(_ journeys: [Journey]) -> [String: Double] {
        var converting: [Set<String>: Int] = [:]
        var total: [Set<String>: Int] = [:]
        for journey in journeys {
            let set = Set(journey.channels)
            total[set, default: 0] += 1
            if journey.converts { converting[set, default: 0] += 1 }
        }
        func v(_ coalition: Set<String>) -> Double {
            total.keys.filter { !$0.isEmpty && $0.isSubset(of: coalition) }
                .reduce(0) { $0 + Double(converting[$1] ?? 0) / Double(total[$1]!) }
        }
        let players = Array(Set(journeys.flatMap(\.channels))).sorted()
        let n = players.count
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        var values: [String: Double] = [:]
        for player in players {
            let others = players.filter { $0 != player }
            var sum = 0.0
            for mask in 0..<(1 << others.count) {
                let coalition = Set(others.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
                let weight = factorial(coalition.count) * factorial(n - coalition.count - 1) / factorial(n)
                sum += weight * (v(coalition.union([player])) - v(coalition))
            }
            values[player] = sum
        }
        return values
    }

    @Test func shapleyMatchesTheDefinition() {
        let model = ShapleyModel(journeys: Self.journeys)
        let expected = Self.shapleyByDefinition(Self.journeys)
        for channel in model.channels {
            #expect(abs(model.value(of: channel) - expected[channel]!) < 1e-12, "\(channel)")
        }
        // Efficiency: the values sum to v(all channels).
        #expect(abs(model.values.reduce(0, +) - expected.values.reduce(0, +)) < 1e-12)
    }

    @Test func shapleyOnManyRandomJourneys() {
        var random = SampleRandom(seed: 99)
        let channels = ["a", "b", "c", "d", "e", "f"]
        let journeys = (0..<300).map { _ in
            Journey(channels: (0..<(1 + random.below(4))).map { _ in channels[random.below(channels.count)] }, converts: random.below(3) == 0)
        }
        let model = ShapleyModel(journeys: journeys)
        let expected = Self.shapleyByDefinition(journeys)
        for channel in model.channels { #expect(abs(model.value(of: channel) - expected[channel]!) < 1e-9) }
    }
}
