/// The exact Shapley value of each channel in the game of product.md: for a channel set T,
/// r(T) = converting journeys whose set of channels is exactly T / all journeys whose set is
/// exactly T, and v(S) = Σ r(T) over the non-empty T ⊆ S.
///
/// That game is a sum of unanimity games (one per observed T, worth r(T)), and the Shapley value
/// of a unanimity game gives each member of T an equal part, so each channel's value is exactly
/// Σ r(T)/|T| over the T that contain it. No sampling and no limit on the number of channels:
/// the computation is linear in the number of distinct channel sets. (Tests check it against
/// the definition by enumerating coalitions.)
public struct ShapleyModel: Sendable, Equatable {
    public let channels: [String]
    /// Per channel, in `channels` order.
    public let values: [Double]
    /// r(T) of every observed channel set (each set sorted), for the report.
    public let conversionRates: [(channels: [String], converting: Int, total: Int)]

    public init(journeys: [Journey]) {
        self.init(journeys: JourneySet(journeys))
    }

    /// Counts each journey's channel set as a bit set of the channels' ranks (name order), then
    /// visits the sets in the order of their sorted member lists, so every value is summed in
    /// the same order as when sets were arrays of names: the same numbers to the bit.
    public init(journeys: JourneySet) {
        let (channels, rank) = journeys.rankedChannels()
        self.channels = channels
        let extraWords = max(0, (channels.count + 63) / 64 - 1)
        var counts: [ChannelSet: (converting: Int, total: Int)] = [:]
        for index in 0..<journeys.count {
            // Up to 64 channels (every real case) the set is one word and costs no allocation.
            var key = ChannelSet(low: 0, high: extraWords == 0 ? [] : [UInt64](repeating: 0, count: extraWords))
            for code in journeys.path(index) { key.insert(rank[Int(code)]!) }
            var entry = counts[key] ?? (0, 0)
            entry.total += 1
            if journeys.converts(index) { entry.converting += 1 }
            counts[key] = entry
        }
        let sets = counts.keys.map { ($0, $0.members) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }
        var values = Array(repeating: 0.0, count: channels.count)
        var rates: [(channels: [String], converting: Int, total: Int)] = []
        rates.reserveCapacity(sets.count)
        for (key, members) in sets {
            let entry = counts[key]!
            let rate = Double(entry.converting) / Double(entry.total)
            for member in members { values[member] += rate / Double(members.count) }
            rates.append((members.map { channels[$0] }, entry.converting, entry.total))
        }
        self.values = values
        conversionRates = rates
    }

    /// A set of channel ranks, as bits: ranks 0–63 in `low`, the rest in `high`.
    struct ChannelSet: Hashable {
        var low: UInt64
        var high: [UInt64]

        mutating func insert(_ rank: Int) {
            if rank < 64 { low |= 1 << UInt64(rank) } else { high[(rank >> 6) - 1] |= 1 << UInt64(rank & 63) }
        }

        /// The ranks in the set, ascending.
        var members: [Int] {
            var result: [Int] = []
            for (word, value) in ([low] + high).enumerated() {
                var rest = value
                while rest != 0 {
                    result.append(word * 64 + rest.trailingZeroBitCount)
                    rest &= rest - 1
                }
            }
            return result
        }
    }

    public func value(of channel: String) -> Double {
        guard let position = channels.firstIndex(of: channel) else { return 0 }
        return values[position]
    }

    public static func == (lhs: ShapleyModel, rhs: ShapleyModel) -> Bool {
        lhs.channels == rhs.channels && lhs.values == rhs.values
    }
}
