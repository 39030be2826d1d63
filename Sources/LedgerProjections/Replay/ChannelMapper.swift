public import LedgerCore

/// Gives a touch its channel: an explicit non-empty `channel` wins; otherwise the rule set's
/// mapping rules are tried in order and the first whose conditions all hold wins; otherwise
/// `(unmapped)`. Conditions compare case-insensitively; a field the touch lacks matches nothing.
public struct ChannelMapper: Sendable {
    public static let unmapped = "(unmapped)"

    /// How a touch got its channel, for `explain` and data completeness.
    public enum Source: Sendable, Equatable {
        case explicit
        case rule(index: Int)
        case unmapped
    }

    let rules: [ChannelRule]

    public init(rules: [ChannelRule]) {
        self.rules = rules
    }

    public func channel(for touch: Touch) -> (channel: String, source: Source) {
        if let explicit = touch.channel, !explicit.isEmpty { return (explicit, .explicit) }
        for rule in rules where rule.conditions.allSatisfy({ holds($0, for: touch) }) {
            return (rule.channel, .rule(index: rule.index))
        }
        return (Self.unmapped, .unmapped)
    }

    private func holds(_ condition: ChannelCondition, for touch: Touch) -> Bool {
        let raw: String? = switch condition.field {
        case .source: touch.utm.source
        case .medium: touch.utm.medium
        case .campaign: touch.utm.campaign
        case .content: touch.utm.content
        case .term: touch.utm.term
        case .touchType: touch.touchType
        }
        guard let value = raw?.lowercased() else { return false }
        return condition.match.matches(value)
    }
}

extension Touch {
    /// The campaign credit goes to: `campaign` when non-empty, else `utm.campaign`, else none.
    public var effectiveCampaign: String? {
        if let campaign, !campaign.isEmpty { return campaign }
        if let campaign = utm.campaign, !campaign.isEmpty { return campaign }
        return nil
    }
}
