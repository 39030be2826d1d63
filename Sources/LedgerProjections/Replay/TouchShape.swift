public import LedgerCore

/// What a touch says apart from who and which account: its explicit channel and campaign, UTM
/// fields and touch type. Immutable and shared.
///
/// A ledger repeats a few thousand such combinations over millions of touches, so the fold
/// keeps one shape per combination (`TouchShapes`) and each touch holds a reference: a touch
/// then costs its seq, id, time, contact, account and 8 bytes, not a boxed copy of eight
/// strings, and everything computed from the shape alone (its channel under a rule set, its
/// campaign, whether it is tagged) is computed once per shape.
public final class TouchShape: Sendable, Equatable {
    public let channel: String?
    public let campaign: String?
    public let utm: UTM
    public let touchType: String?
    /// Its position in the fold's table, or -1 for a shape kept apart (the table was full).
    let index: Int32
    /// The campaign credit goes to (`Touch.effectiveCampaign`).
    let effectiveCampaign: String?

    init(_ touch: Touch, index: Int32) {
        channel = touch.channel
        campaign = touch.campaign
        utm = touch.utm
        touchType = touch.touchType
        self.index = index
        effectiveCampaign = touch.effectiveCampaign
    }

    /// The touch as the producer sent it, for a contact and account.
    public func touch(contact: String, account: String?) -> Touch {
        Touch(contact: contact, account: account, channel: channel, campaign: campaign, utm: utm, touchType: touchType)
    }

    /// Whether it carries a UTM field or an explicit channel.
    var isTagged: Bool {
        func present(_ text: String?) -> Bool { !(text?.isEmpty ?? true) }
        return present(channel) || present(utm.source) || present(utm.medium) || present(utm.campaign)
            || present(utm.content) || present(utm.term)
    }

    public static func == (lhs: TouchShape, rhs: TouchShape) -> Bool {
        lhs === rhs
            || lhs.channel == rhs.channel && lhs.campaign == rhs.campaign && lhs.utm == rhs.utm && lhs.touchType == rhs.touchType
    }
}

/// The fold's table of touch shapes, in the order they first appeared.
///
/// Bounded: a producer that writes a unique value per touch (a click id in `utm_term`) would
/// make the table as large as the touches, so past `limit` distinct shapes new ones are no
/// longer remembered; each such touch then holds a shape of its own, which is only as costly
/// as boxing every touch was.
public struct TouchShapes: Sendable {
    private struct Key: Hashable {
        var channel, campaign, source, medium, utmCampaign, content, term, touchType: String?

        init(_ touch: Touch) {
            channel = touch.channel
            campaign = touch.campaign
            source = touch.utm.source
            medium = touch.utm.medium
            utmCampaign = touch.utm.campaign
            content = touch.utm.content
            term = touch.utm.term
            touchType = touch.touchType
        }
    }

    public static let defaultLimit = 1 << 20

    private var byKey: [Key: TouchShape] = [:]
    /// Every remembered shape, by `index`.
    public private(set) var all: [TouchShape] = []
    let limit: Int

    public init(limit: Int = TouchShapes.defaultLimit) {
        self.limit = limit
    }

    /// The shape of `touch`: the remembered one, a new remembered one, or (past the limit) one
    /// of its own.
    mutating func shape(of touch: Touch) -> TouchShape {
        let key = Key(touch)
        if let known = byKey[key] { return known }
        guard all.count < limit else { return TouchShape(touch, index: -1) }
        let shape = TouchShape(touch, index: Int32(all.count))
        byKey[key] = shape
        all.append(shape)
        return shape
    }
}
