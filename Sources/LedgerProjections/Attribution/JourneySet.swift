/// The journeys the data-driven models fit, as integer channel codes in flat arrays: one buffer
/// of steps (repeated consecutive channels collapsed), the end of each journey in it, and
/// whether it converts. Built straight from the resolved touches, without a string per step or an
/// array per journey; the fits count into flat tables by code.
public struct JourneySet: Sendable, Equatable {
    /// Channel names by code, in the order first met (the fits sort the ones they use).
    public private(set) var channelNames: [String] = []
    private(set) var steps: [UInt32] = []
    private(set) var ends: [Int32] = []
    private(set) var converting: [Bool] = []

    public init() {}

    /// An empty set whose paths will use `channelNames`' codes (a resolved ledger's).
    init(channelNames: [String]) {
        self.channelNames = channelNames
    }

    /// The same journeys from channel names (tests, and callers holding `Journey`s).
    public init(_ journeys: [Journey]) {
        var codes: [String: UInt32] = [:]
        for journey in journeys {
            let path = journey.channels.map { name in
                if let code = codes[name] { return code }
                let code = UInt32(channelNames.count)
                codes[name] = code
                channelNames.append(name)
                return code
            }
            append(path, converts: journey.converts)
        }
    }

    public var count: Int { ends.count }

    /// The steps of journey `index`.
    func path(_ index: Int) -> ArraySlice<UInt32> {
        steps[(index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])]
    }

    func converts(_ index: Int) -> Bool { converting[index] }

    /// The journeys as channel names, in order.
    public var journeys: [Journey] {
        (0..<count).map { index in Journey(channels: path(index).map { channelNames[Int($0)] }, converts: converting[index]) }
    }

    /// Appends a journey of codes, collapsing repeats; an empty path is not a journey.
    mutating func append<Path: Sequence>(_ path: Path, converts: Bool) where Path.Element == UInt32 {
        let start = steps.count
        for code in path where steps.count == start || steps[steps.count - 1] != code { steps.append(code) }
        guard steps.count > start else { return }
        ends.append(Int32(steps.count))
        converting.append(converts)
    }

    /// Appends journey `index` of `other`, which shares this set's codes.
    mutating func append(_ other: JourneySet, _ index: Int) {
        steps.append(contentsOf: other.path(index))
        ends.append(Int32(steps.count))
        converting.append(other.converting[index])
    }

    /// The codes present in at least one journey, and each present code's rank among them in
    /// the names' UTF-8 order (the order the fits report and solve in); nil for absent codes.
    func rankedChannels() -> (names: [String], rank: [Int?]) {
        var present = [Bool](repeating: false, count: channelNames.count)
        for code in steps { present[Int(code)] = true }
        let codes = channelNames.indices.filter { present[$0] }
            .sorted { channelNames[$0].utf8.lexicographicallyPrecedes(channelNames[$1].utf8) }
        var rank = [Int?](repeating: nil, count: channelNames.count)
        for (position, code) in codes.enumerated() { rank[code] = position }
        return (codes.map { channelNames[$0] }, rank)
    }
}

extension JourneySet {
    /// The journeys aggregated by path, as the peers take them (ChannelAttribution's
    /// path/conversions/nulls table): each distinct path of channel names with its converting
    /// and non-converting counts, sorted by path.
    public func pathCounts() -> [(path: [String], converting: Int, nonConverting: Int)] {
        var counts: [ArraySlice<UInt32>: (Int, Int)] = [:]
        for index in 0..<count {
            var entry = counts[path(index)] ?? (0, 0)
            if converting[index] { entry.0 += 1 } else { entry.1 += 1 }
            counts[path(index)] = entry
        }
        return counts.map { (path: $0.key.map { channelNames[Int($0)] }, converting: $0.value.0, nonConverting: $0.value.1) }
            .sorted { $0.path.lexicographicallyPrecedes($1.path) { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }
}
