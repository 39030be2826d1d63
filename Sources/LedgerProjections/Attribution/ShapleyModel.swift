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
        var converting: [[String]: Int] = [:]
        var total: [[String]: Int] = [:]
        for journey in journeys where !journey.channels.isEmpty {
            let set = Array(Set(journey.channels)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            total[set, default: 0] += 1
            if journey.converts { converting[set, default: 0] += 1 }
        }
        let sets = total.keys.sorted { $0.lexicographicallyPrecedes($1) { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        channels = Array(Set(sets.flatMap { $0 })).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var values = Array(repeating: 0.0, count: channels.count)
        let index = Dictionary(uniqueKeysWithValues: channels.enumerated().map { ($1, $0) })
        for set in sets {
            let rate = Double(converting[set] ?? 0) / Double(total[set]!)
            for channel in set { values[index[channel]!] += rate / Double(set.count) }
        }
        self.values = values
        conversionRates = sets.map { ($0, converting[$0] ?? 0, total[$0]!) }
    }

    public func value(of channel: String) -> Double {
        guard let position = channels.firstIndex(of: channel) else { return 0 }
        return values[position]
    }

    public static func == (lhs: ShapleyModel, rhs: ShapleyModel) -> Bool {
        lhs.channels == rhs.channels && lhs.values == rhs.values
    }
}
