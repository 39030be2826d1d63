/// A path of channels for the data-driven models: repeated consecutive channels collapsed.
public struct Journey: Sendable, Equatable {
    public var channels: [String]
    public var converts: Bool

    public init(channels: [String], converts: Bool) {
        var collapsed: [String] = []
        for channel in channels where collapsed.last != channel { collapsed.append(channel) }
        self.channels = collapsed
        self.converts = converts
    }
}
