public import LedgerCore

/// How a report keys its rows: one level (`channel`) or several nested ones
/// (`channel,campaign`, `channel,account:industry`), each a channel, a campaign or a contact's
/// segment. A row's key is its path, one group per level; every view reads the same rules, so a
/// campaign's credit, its leads and its spend land in the same row.
public struct RowGrouping: Sendable {
    public enum Level: Sendable {
        case channel
        case campaign
        /// A contact's segment: of its own attributes or its account's, as the report labelled them.
        case segment(Segmenting)
    }

    /// The segment each contact falls in for one attribute, labelled by the report (a band or
    /// list of the rule set's `segments`, else the raw value).
    public struct Segmenting: Sendable {
        /// `attr:industry` or `account:industry`, for titles.
        public var name: String
        /// Survivor contact → group.
        public var labels: [String: String]
        /// The group of a contact that lacks the attribute.
        public var missing: String
        /// The segment rule whose order the groups follow; nil: numbers by value, then text.
        public var rule: SegmentRule?

        public init(name: String, labels: [String: String], missing: String, rule: SegmentRule?) {
            self.name = name
            self.labels = labels
            self.missing = missing
            self.rule = rule
        }

        public func label(of contact: String) -> String { labels[contact] ?? missing }
    }

    public static let noTouch = "(no touch)"
    public static let noCampaign = "(none)"
    public static let noChannel = "(no channel)"
    /// The group of a deal none of whose contacts has a `lead` stage, when grouping by source.
    public static let noLead = "(no lead)"
    /// Where a spend's cost goes when the segment rule finds nothing to weigh it by.
    public static let unallocated = "(unallocated)"

    public var levels: [Level]

    public init(_ levels: [Level]) {
        precondition(!levels.isEmpty, "a grouping has a level")
        self.levels = levels
    }

    public static let channel = RowGrouping([.channel])
    public static let campaign = RowGrouping([.campaign])

    public var hasSegment: Bool { levels.contains { if case .segment = $0 { true } else { false } } }
    public var channelLevel: Int? { levels.firstIndex { if case .channel = $0 { true } else { false } } }

    /// A credit's row: `(no touch)` at every level for a deal with no kept touch.
    public func key(of credit: Credit) -> [String] {
        guard let touch = credit.touch else { return Array(repeating: Self.noTouch, count: levels.count) }
        return key(of: touch)
    }

    public func key(of touch: ResolvedTouch) -> [String] {
        levels.map { level in
            switch level {
            case .channel: touch.channel
            case .campaign: touch.campaign ?? Self.noCampaign
            case .segment(let segmenting): segmenting.label(of: touch.contact)
            }
        }
    }

    /// A lead's row: its source touch's channel and campaign, its own segment.
    public func key(of lead: FunnelView.LeadPath) -> [String] {
        levels.map { level in
            switch level {
            case .channel: lead.channel
            case .campaign: lead.campaignGroup
            case .segment(let segmenting): segmenting.label(of: lead.contact)
            }
        }
    }

    /// A deal's sourcing row: the source touch of its lead (nil contact: no contact of the deal
    /// has a `lead` stage, and the deal is `(no lead)` at every level).
    public func key(ofLead contact: String?, source: ResolvedTouch?) -> [String] {
        guard let contact else { return Array(repeating: Self.noLead, count: levels.count) }
        return levels.map { level in
            switch level {
            case .channel: source?.channel ?? Self.noTouch
            case .campaign: source.map { $0.campaign ?? Self.noCampaign } ?? Self.noTouch
            case .segment(let segmenting): segmenting.label(of: contact)
            }
        }
    }

    /// A spend's row as far as spend can say: nil at segment levels (spend has no contact).
    public func key(of spend: Spend) -> [String?] {
        levels.map { level in
            switch level {
            case .channel: spend.channel.flatMap { $0.isEmpty ? nil : $0 } ?? Self.noChannel
            case .campaign: spend.campaign.flatMap { $0.isEmpty ? nil : $0 } ?? Self.noCampaign
            case .segment: nil
            }
        }
    }

    /// Row order: level by level, a parent before its children; a segment level in its rule's
    /// order (numbers by value without one), other levels by name (UTF-8).
    public func precedes(_ lhs: [String], _ rhs: [String]) -> Bool {
        for (index, (left, right)) in zip(lhs, rhs).enumerated() where left != right {
            return Self.order(of: levels[index])(left, right)
        }
        return lhs.count < rhs.count
    }

    public static func order(of level: Level) -> (String, String) -> Bool {
        guard case .segment(let segmenting) = level else { return { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        if let rule = segmenting.rule { return rule.precedes }
        return { lhs, rhs in
            if let left = Fraction(decimal: lhs), let right = Fraction(decimal: rhs), left != right { return left < right }
            return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        }
    }

    /// An attribute's value as a group name; `(none)` when the contact lacks it.
    public static func attributeText(_ value: AttributeValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let text)?: text
        case .bool(let flag)?: flag ? "true" : "false"
        case nil: noCampaign
        }
    }
}
