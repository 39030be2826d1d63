/// A first-order Markov chain over journeys (`start` → channels → `conversion` or `null`),
/// solved exactly as an absorbing chain: no simulation, so the same journeys always give the
/// same numbers.
///
/// A channel's removal effect is `1 − P(conversion with the channel removed) / P(conversion)`,
/// where removing a channel sends every transition into it to `null`.
public struct MarkovModel: Sendable, Equatable {
    /// Channels, sorted (UTF-8 order).
    public let channels: [String]
    /// Transition probabilities: from `start` or a channel, to a channel, `(conversion)` or `(null)`.
    public let transitions: [Transition]
    public let conversionProbability: Double
    /// Per channel, in `channels` order.
    public let removalEffects: [Double]

    public struct Transition: Sendable, Equatable {
        public var from: String
        public var to: String
        public var count: Int
        public var probability: Double
    }

    public static let startState = "(start)"
    public static let conversionState = "(conversion)"
    public static let nullState = "(null)"

    public init(journeys: [Journey]) {
        self.init(journeys: JourneySet(journeys))
    }

    /// Fits the chain: transitions counted by channel code into one flat table (states in the
    /// channels' name order, so the solve is the same whatever order codes were handed out in).
    public init(journeys: JourneySet) {
        let (channels, rank) = journeys.rankedChannels()
        self.channels = channels
        // States: 0 = start, 1...n = channels, n+1 = conversion, n+2 = null.
        let n = channels.count
        let conversion = n + 1
        let null = n + 2
        let width = n + 3
        let state = rank.map { ($0 ?? -1) + 1 }
        var flat = [Int](repeating: 0, count: (n + 1) * width)
        for index in 0..<journeys.count {
            var previous = 0
            for code in journeys.path(index) {
                let next = state[Int(code)]
                flat[previous * width + next] += 1
                previous = next
            }
            flat[previous * width + (journeys.converts(index) ? conversion : null)] += 1
        }
        let counts = (0...n).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
        var probabilities = Array(repeating: Array(repeating: 0.0, count: n + 3), count: n + 1)
        var transitions: [Transition] = []
        let names = [Self.startState] + channels + [Self.conversionState, Self.nullState]
        for from in 0...n {
            let total = counts[from].reduce(0, +)
            guard total > 0 else { continue }
            for to in 0..<(n + 3) where counts[from][to] > 0 {
                probabilities[from][to] = Double(counts[from][to]) / Double(total)
                transitions.append(Transition(from: names[from], to: names[to], count: counts[from][to], probability: probabilities[from][to]))
            }
        }
        self.transitions = transitions
        let base = Self.conversionProbability(probabilities, removing: nil)
        conversionProbability = base
        removalEffects = (1...max(n, 1)).prefix(n).map { channel in
            guard base > 0 else { return 0 }
            return max(0, 1 - Self.conversionProbability(probabilities, removing: channel) / base)
        }
    }

    /// Solves x = P·x over the transient states (start and channels), x(conversion) = 1,
    /// x(null) = 0, by Gaussian elimination with partial pivoting; a removed channel has x = 0.
    static func conversionProbability(_ p: [[Double]], removing removed: Int?) -> Double {
        let size = p.count
        let conversion = size
        var matrix = Array(repeating: Array(repeating: 0.0, count: size + 1), count: size)
        for row in 0..<size {
            matrix[row][row] = 1
            if row == removed { continue }
            for column in 0..<size where column != removed { matrix[row][column] -= p[row][column] }
            matrix[row][size] = p[row][conversion]
        }
        for column in 0..<size {
            let pivot = (column..<size).max { abs(matrix[$0][column]) < abs(matrix[$1][column]) }!
            matrix.swapAt(column, pivot)
            let lead = matrix[column][column]
            guard abs(lead) > 1e-15 else { continue }
            for row in 0..<size where row != column {
                let factor = matrix[row][column] / lead
                if factor == 0 { continue }
                for entry in column...size { matrix[row][entry] -= factor * matrix[column][entry] }
            }
        }
        let lead = matrix[0][0]
        return abs(lead) > 1e-15 ? matrix[0][size] / lead : 0
    }

    /// The removal effect of a channel (0 for one not in the chain).
    public func removalEffect(of channel: String) -> Double {
        guard let position = channels.firstIndex(of: channel) else { return 0 }
        return removalEffects[position]
    }
}
