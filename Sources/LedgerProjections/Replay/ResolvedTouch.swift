public import LedgerCore

/// A touch after retractions, identity resolution and channel mapping.
///
/// Immutable and shared by reference: a resolved touch is made once per resolution and then
/// appears in its contact's list, in every deal selection that reads it and in every credit of
/// every model and view. Copying one reference (one retain) instead of a hundred bytes with five
/// references in them is what keeps a report's memory and time near the size of its touches
/// rather than a multiple of it.
public final class ResolvedTouch: Sendable, Equatable {
    public let seq: Int64
    public let at: Timestamp
    /// The survivor the touch belongs to.
    public let contact: String
    /// The rest of what the producer sent, shared with the fact it was resolved from.
    public let shape: TouchShape
    /// Its channel under the rule set, shared by every touch of the same shape.
    let mapping: ChannelMapping
    /// The fact as stated, read in place: its chunk of the fold's touches (shared storage) and
    /// its offset there. Only `explain` reads the id and the stated contact and account, so a
    /// resolved touch refers to them instead of holding a second copy of each (112 bytes a
    /// resolved touch down to 80: about 5 % of a large replay's heap).
    private let statedChunk: [LedgerFacts.TouchFact]
    private let statedOffset: Int32

    public var id: String { statedChunk[Int(statedOffset)].id }
    /// The contact and account as the producer stated them (before merges).
    public var statedContact: String { statedChunk[Int(statedOffset)].contact }
    public var statedAccount: String? { statedChunk[Int(statedOffset)].account }
    public var channel: String { mapping.channel }
    public var channelSource: ChannelMapper.Source { mapping.source }
    /// The campaign credit goes to (see `Touch.effectiveCampaign`).
    public var campaign: String? { shape.effectiveCampaign }
    public var raw: Touch { shape.touch(contact: statedContact, account: statedAccount) }

    /// The touch at `position` of `facts`, belonging to `contact`, mapped by `mapping`.
    init(_ facts: LedgerFacts, position: Int, contact: String, mapping: ChannelMapping) {
        let (chunk, offset) = facts.touches.chunk(holding: position)
        let fact = chunk[offset]
        seq = fact.seq
        at = fact.at
        shape = fact.shape
        self.contact = contact
        self.mapping = mapping
        statedChunk = chunk
        statedOffset = Int32(offset)
    }

    /// Equal when every field is: two resolutions of the same facts give equal touches.
    public static func == (lhs: ResolvedTouch, rhs: ResolvedTouch) -> Bool {
        lhs === rhs
            || lhs.seq == rhs.seq && lhs.id == rhs.id && lhs.at == rhs.at && lhs.contact == rhs.contact && lhs.channel == rhs.channel
            && lhs.channelSource == rhs.channelSource && lhs.statedContact == rhs.statedContact
            && lhs.statedAccount == rhs.statedAccount && lhs.shape == rhs.shape
    }

    /// "At or before" and "after" compare by (`at`, `seq`).
    public func isAtOrBefore(_ at: Timestamp, seq: Int64) -> Bool {
        (self.at, self.seq) <= (at, seq)
    }
}

/// A channel as a rule set maps a shape of touch, and how it was found.
final class ChannelMapping: Sendable {
    let channel: String
    let source: ChannelMapper.Source
    /// The channel's code in its resolution (`ResolvedLedger.channelNames`).
    let code: UInt32

    init(channel: String, source: ChannelMapper.Source, code: UInt32) {
        self.channel = channel
        self.source = source
        self.code = code
    }
}

/// A deal after retractions and identity resolution.
public struct Deal: Sendable, Equatable {
    /// A dated event of the deal.
    public struct Moment: Sendable, Equatable {
        public var seq: Int64
        public var id: String
        public var at: Timestamp
    }

    public var id: String
    public var account: String
    /// Resolved contacts, in the order they first appear on the deal's events.
    public var contacts: [String]
    public var created: Moment
    /// The stage of its latest event (by `at`, `seq`): `created`, an open stage, `won` or `lost`.
    public var stage: String
    /// Pipeline: the latest amount known (by `at`, `seq`), not bounded by the window.
    public var amount: Money
    /// The latest `won` or `lost` event, if any.
    public var close: Moment?
    public var isWon: Bool
    /// The amount on the `won` event, or the latest amount at it.
    public var wonAmount: Money?
    public var adjustments: [(at: Timestamp, seq: Int64, id: String, amount: Money)]

    /// Revenue: the won amount plus every adjustment with `at` up to `end`.
    public func revenue(through end: Timestamp) -> Money? {
        guard isWon, let wonAmount else { return nil }
        return Money(units: adjustments.filter { $0.at <= end }.reduce(wonAmount.units) { $0 + $1.amount.units })
    }

    public static func == (lhs: Deal, rhs: Deal) -> Bool {
        lhs.id == rhs.id && lhs.account == rhs.account && lhs.contacts == rhs.contacts && lhs.created == rhs.created && lhs.stage == rhs.stage
            && lhs.amount == rhs.amount && lhs.close == rhs.close && lhs.isWon == rhs.isWon && lhs.wonAmount == rhs.wonAmount
            && lhs.adjustments.elementsEqual(rhs.adjustments) { $0.seq == $1.seq && $0.amount == $1.amount && $0.at == $1.at }
    }
}
