/// A path of channels for the data-driven models: repeated consecutive channels collapsed.
public struct Journey: Sendable, Equatable {
    public var channels: [String]
    public var converts: Bool

    public init(channels: [String], converts: Bool) {
        // Sized exactly: a report holds one journey per deal and per touched contact.
        var runs = 0
        for index in channels.indices where index == channels.startIndex || channels[index - 1] != channels[index] { runs += 1 }
        var collapsed: [String] = []
        collapsed.reserveCapacity(runs)
        for channel in channels where collapsed.last != channel { collapsed.append(channel) }
        self.channels = collapsed
        self.converts = converts
    }
}
