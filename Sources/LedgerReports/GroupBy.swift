public import LedgerCore
public import LedgerProjections

/// How report rows are grouped: one level (`channel`, `campaign`, `attr:FIELD`,
/// `account:FIELD`), several nested ones (`channel,campaign`, `channel,account:industry`: a row
/// per path with a subtotal row per parent), or a period of the calendar (`month`, `quarter`,
/// `week`: a row per period, each a report of its own window).
public struct GroupBy: Sendable, Equatable {
    public enum Level: Sendable, Equatable {
        case channel
        case campaign
        /// A contact attribute (`attr:segment`).
        case attribute(String)
        /// An attribute of the contact's account, from `account` events (`account:industry`).
        case accountAttribute(String)

        public init?(_ text: String) {
            switch text {
            case "channel": self = .channel
            case "campaign": self = .campaign
            default:
                if text.hasPrefix("attr:"), text.count > 5 {
                    self = .attribute(String(text.dropFirst(5)))
                } else if text.hasPrefix("account:"), text.count > 8 {
                    self = .accountAttribute(String(text.dropFirst(8)))
                } else {
                    return nil
                }
            }
        }

        public var name: String {
            switch self {
            case .channel: "channel"
            case .campaign: "campaign"
            case .attribute(let field): "attr:" + field
            case .accountAttribute(let field): "account:" + field
            }
        }

        public var isAttribute: Bool {
            switch self {
            case .attribute, .accountAttribute: true
            default: false
            }
        }

        /// The attribute a group is read from (a contact's own, or its account's).
        public var attributeField: String? {
            switch self {
            case .attribute(let field), .accountAttribute(let field): field
            default: nil
            }
        }
    }

    /// Outermost first; empty when grouping by period.
    public var levels: [Level]
    /// A row per period of the rule set's calendar.
    public var period: ReportingCalendar.Unit?

    public init(_ levels: [Level]) {
        self.levels = levels
        period = nil
    }

    public init(period: ReportingCalendar.Unit) {
        levels = []
        self.period = period
    }

    public static let channel = GroupBy([.channel])
    public static let campaign = GroupBy([.campaign])
    public static func attribute(_ field: String) -> GroupBy { GroupBy([.attribute(field)]) }
    public static func accountAttribute(_ field: String) -> GroupBy { GroupBy([.accountAttribute(field)]) }

    /// `channel`, `channel,campaign`, `attr:FIELD`, `account:FIELD`, `month`…; nil when a level
    /// is unknown, repeated, or a period is combined with anything.
    public init?(_ text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        if parts.count == 1, let unit = ReportingCalendar.Unit(rawValue: parts[0]), unit != .year {
            self.init(period: unit)
            return
        }
        var levels: [Level] = []
        for part in parts {
            guard let level = Level(part), !levels.contains(level) else { return nil }
            levels.append(level)
        }
        self.init(levels)
    }

    public var name: String { period?.rawValue ?? levels.map(\.name).joined(separator: ",") }

    /// Whether some level is an attribute.
    public var isAttribute: Bool { levels.contains { $0.isAttribute } }
    public var isNested: Bool { levels.count > 1 }

    /// The row keys of a report under this grouping: attribute levels labelled per contact by
    /// the rule set's segments (else by the raw value).
    public func rowGrouping(ledger: ResolvedLedger, facts: LedgerFacts, rules: RuleSet) -> RowGrouping {
        var contactAttributes: [String: [String: AttributeValue]]?
        var accountAttributes: [String: [String: AttributeValue]]?
        return RowGrouping(levels.map { level in
            switch level {
            case .channel: return .channel
            case .campaign: return .campaign
            case .attribute(let field), .accountAttribute(let field):
                let attributes: [String: [String: AttributeValue]]
                if case .attribute = level {
                    if contactAttributes == nil { contactAttributes = ledger.attributes(facts: facts) }
                    attributes = contactAttributes!
                } else {
                    if accountAttributes == nil { accountAttributes = ledger.accountAttributesOfContacts(facts: facts) }
                    attributes = accountAttributes!
                }
                let rule = rules.segments[field]
                let labels = attributes.mapValues { values in rule?.label(of: values[field]) ?? RowGrouping.attributeText(values[field]) }
                return .segment(.init(name: level.name, labels: labels, missing: rule?.label(of: nil) ?? RowGrouping.attributeText(nil), rule: rule))
            }
        })
    }
}
