/// UTM fields of a touch, as the producer sent them (empty strings kept: the channel mapping
/// decides what they mean).
public struct UTM: Sendable, Equatable {
    public var source: String?
    public var medium: String?
    public var campaign: String?
    public var content: String?
    public var term: String?

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil, content: String? = nil, term: String? = nil) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.content = content
        self.term = term
    }
}

/// A marketing or sales interaction of a contact.
public struct Touch: Sendable, Equatable {
    public var contact: String
    public var account: String?
    /// An explicit channel; when missing or empty the rule set's channel mapping derives one.
    public var channel: String?
    public var campaign: String?
    public var utm: UTM
    public var touchType: String?

    public init(contact: String, account: String? = nil, channel: String? = nil, campaign: String? = nil, utm: UTM = UTM(), touchType: String? = nil) {
        self.contact = contact
        self.account = account
        self.channel = channel
        self.campaign = campaign
        self.utm = utm
        self.touchType = touchType
    }
}

/// A value of a contact attribute: the contract allows strings, numbers and booleans.
public enum AttributeValue: Sendable, Equatable {
    case string(String)
    /// Canonical decimal text (see `CanonicalNumber`), exact.
    case number(String)
    case bool(Bool)
}

/// Facts about a contact that qualification rules read; later values overwrite earlier ones
/// key by key.
public struct ContactFacts: Sendable, Equatable {
    public var contact: String
    public var account: String?
    public var email: String?
    /// Sorted by name (UTF-8 byte order), as in the canonical body.
    public var attributes: [(name: String, value: AttributeValue)]

    public init(contact: String, account: String? = nil, email: String? = nil, attributes: [(name: String, value: AttributeValue)] = []) {
        self.contact = contact
        self.account = account
        self.email = email
        self.attributes = attributes
    }

    public static func == (lhs: ContactFacts, rhs: ContactFacts) -> Bool {
        lhs.contact == rhs.contact && lhs.account == rhs.account && lhs.email == rhs.email
            && lhs.attributes.elementsEqual(rhs.attributes) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Facts about an account (a company): industry, employees, country, segment. Later values
/// overwrite earlier ones key by key; an account merged into another carries its facts along.
public struct AccountFacts: Sendable, Equatable {
    public var account: String
    /// Sorted by name (UTF-8 byte order), as in the canonical body.
    public var attributes: [(name: String, value: AttributeValue)]

    public init(account: String, attributes: [(name: String, value: AttributeValue)] = []) {
        self.account = account
        self.attributes = attributes
    }

    public static func == (lhs: AccountFacts, rhs: AccountFacts) -> Bool {
        lhs.account == rhs.account
            && lhs.attributes.elementsEqual(rhs.attributes) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A lifecycle stage the CRM recorded for a contact (`lead`, `mql`, `sql`, `disqualified`, …).
public struct StageChange: Sendable, Equatable {
    public var contact: String
    public var stage: String
    public var reason: String?

    public init(contact: String, stage: String, reason: String? = nil) {
        self.contact = contact
        self.stage = stage
        self.reason = reason
    }
}

/// A deal's creation or stage change.
public struct OpportunityChange: Sendable, Equatable {
    public var opportunity: String
    public var account: String
    /// `created`, a custom open stage, `won` or `lost`.
    public var stage: String
    /// The deal value as of this event; required on `created`.
    public var amount: Money?
    /// Contacts with a role on the deal, the primary first; empty when not given.
    public var contacts: [String]

    public init(opportunity: String, account: String, stage: String, amount: Money? = nil, contacts: [String] = []) {
        self.opportunity = opportunity
        self.account = account
        self.stage = stage
        self.amount = amount
        self.contacts = contacts
    }
}

/// Whether a merge joins two contacts or two accounts.
public enum MergeKind: String, Sendable, Equatable, CaseIterable {
    case contact
    case account
}

/// Two records were found to be one: after it, `from` is an alias of `into`.
public struct Merge: Sendable, Equatable {
    public var kind: MergeKind
    public var from: String
    public var into: String

    public init(kind: MergeKind, from: String, into: String) {
        self.kind = kind
        self.from = from
        self.into = into
    }
}

/// Undoes the merge event whose `id` it names.
public struct Unmerge: Sendable, Equatable {
    public var mergeEventID: String

    public init(mergeEventID: String) {
        self.mergeEventID = mergeEventID
    }
}

/// Money spent over an inclusive period of dates.
public struct Spend: Sendable, Equatable {
    public var amount: Money
    public var periodStart: LedgerDate
    public var periodEnd: LedgerDate
    public var channel: String?
    public var campaign: String?
    public var category: String?
    /// Shared spend has no single campaign; the rule set's allocation rule splits it.
    public var isShared: Bool

    public init(amount: Money, periodStart: LedgerDate, periodEnd: LedgerDate, channel: String? = nil, campaign: String? = nil, category: String? = nil, isShared: Bool = false) {
        self.amount = amount
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.channel = channel
        self.campaign = campaign
        self.category = category
        self.isShared = isShared
    }
}

/// A post-sale change to a won deal's value: a signed delta (churn, refund, expansion).
public struct Adjustment: Sendable, Equatable {
    public var opportunity: String
    public var amount: Money
    public var reason: String?

    public init(opportunity: String, amount: Money, reason: String? = nil) {
        self.opportunity = opportunity
        self.amount = amount
        self.reason = reason
    }
}

/// What the buyer said when asked "how did you hear about us?".
public struct SelfReport: Sendable, Equatable {
    public var contact: String
    public var source: String

    public init(contact: String, source: String) {
        self.contact = contact
        self.source = source
    }
}

/// An earlier event was wrong; projections stop seeing it from here on.
public struct Retraction: Sendable, Equatable {
    public var eventID: String
    public var reason: String?

    public init(eventID: String, reason: String? = nil) {
        self.eventID = eventID
        self.reason = reason
    }
}

/// Names one version of a rule set.
public struct RuleSetReference: Sendable, Equatable {
    public var name: String
    public var version: Int

    public init(name: String, version: Int) {
        self.name = name
        self.version = version
    }
}

/// A reporting period was closed with the digest of its report.
public struct PeriodClose: Sendable, Equatable {
    public var period: String
    public var from: LedgerDate
    public var to: LedgerDate
    public var reportDigest: String
    public var rules: RuleSetReference?

    public init(period: String, from: LedgerDate, to: LedgerDate, reportDigest: String, rules: RuleSetReference? = nil) {
        self.period = period
        self.from = from
        self.to = to
        self.reportDigest = reportDigest
        self.rules = rules
    }
}

/// A rule set was published under a name, in force from a date.
public struct RulesPublication: Sendable, Equatable {
    public var name: String
    public var effectiveFrom: LedgerDate
    /// The rule-set document, in canonical form (its own schema is `ruleset.schema.json`).
    public var body: JSONObject

    public init(name: String, effectiveFrom: LedgerDate, body: JSONObject) {
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.body = body
    }
}
