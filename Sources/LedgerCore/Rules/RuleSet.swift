/// The assumptions a report rests on: which touches count and how they share credit, how UTM
/// fields map to channels, what qualifies a lead, how shared spend is split. A versioned
/// document (`schemas/ruleset.schema.json`), published in the log or given as a file; changing
/// one is a replay, never an edit.
public struct RuleSet: Sendable, Equatable {
    public var attribution: AttributionRules
    public var qualification: QualificationRules
    /// Tried in order; the first rule whose conditions all hold gives the channel.
    public var channelMapping: [ChannelRule]
    /// Probability of closing per open opportunity stage, for expected revenue.
    public var stageProbabilities: [String: Fraction]
    public var costAllocation: CostAllocation
    public var grossMargin: Fraction
    public var thresholds: Thresholds
    /// Touches of one contact, channel and campaign within this many minutes after the last
    /// kept one count once (0: no dedupe).
    public var dedupeWindowMinutes: Int
    public var mergePolicy: MergePolicy
    /// SHA-256 of the canonical JSON of the document as given: names this exact rule set.
    public var contentHash: EventHash
    /// The document in canonical form.
    public var canonicalJSON: String

    public init(attribution: AttributionRules = AttributionRules(), qualification: QualificationRules = QualificationRules(),
                channelMapping: [ChannelRule] = [], stageProbabilities: [String: Fraction] = [:],
                costAllocation: CostAllocation = .bySpend, grossMargin: Fraction = .one,
                thresholds: Thresholds = Thresholds(), dedupeWindowMinutes: Int = 0, mergePolicy: MergePolicy = .retroactive,
                contentHash: EventHash = .genesis, canonicalJSON: String = "{}") {
        self.attribution = attribution
        self.qualification = qualification
        self.channelMapping = channelMapping
        self.stageProbabilities = stageProbabilities
        self.costAllocation = costAllocation
        self.grossMargin = grossMargin
        self.thresholds = thresholds
        self.dedupeWindowMinutes = dedupeWindowMinutes
        self.mergePolicy = mergePolicy
        self.contentHash = contentHash
        self.canonicalJSON = canonicalJSON
    }
}

/// How touches earn credit.
public struct AttributionRules: Sendable, Equatable {
    public var model: AttributionModelName
    public var lookbackDays: Int
    public var level: AttributionLevel
    /// Half-life of `time_decay`, in days (exact decimal).
    public var halfLifeDays: Fraction
    /// `custom` weights of the first, middle and last touches, normalised when used.
    public var customWeights: CustomWeights
    public var creditUntil: CreditUntil

    public init(model: AttributionModelName = .wShaped, lookbackDays: Int = 90, level: AttributionLevel = .contact,
                halfLifeDays: Fraction = Fraction(7), customWeights: CustomWeights = CustomWeights(),
                creditUntil: CreditUntil = .created) {
        self.model = model
        self.lookbackDays = lookbackDays
        self.level = level
        self.halfLifeDays = halfLifeDays
        self.customWeights = customWeights
        self.creditUntil = creditUntil
    }
}

public struct CustomWeights: Sendable, Equatable {
    public var first: Fraction
    public var middle: Fraction
    public var last: Fraction

    public init(first: Fraction = Fraction(4, 10), middle: Fraction = Fraction(2, 10), last: Fraction = Fraction(4, 10)) {
        self.first = first
        self.middle = middle
        self.last = last
    }
}

/// The attribution models of product.md.
public enum AttributionModelName: String, Sendable, CaseIterable, Hashable {
    case firstTouch = "first_touch"
    case lastTouch = "last_touch"
    case linear
    case timeDecay = "time_decay"
    case positionBased = "position_based"
    case uShaped = "u_shaped"
    case jShaped = "j_shaped"
    case inverseJ = "inverse_j"
    case wShaped = "w_shaped"
    case fullPath = "full_path"
    case custom
    case markov
    case shapley

    /// Data-driven models fit over all journeys before they split a deal.
    public var isDataDriven: Bool { self == .markov || self == .shapley }
}

/// Whose touches a deal sees: its contacts', or every contact's of its account.
public enum AttributionLevel: String, Sendable, CaseIterable {
    case contact
    case account
}

/// Where the lookback window ends: at the opportunity's creation (default) or at its close.
public enum CreditUntil: String, Sendable, CaseIterable {
    case created
    case close
}

/// Predicates that decide MQL and SQL (the predicate language comes with the funnel).
public struct QualificationRules: Sendable, Equatable {
    public var mql: String?
    public var sql: String?

    public init(mql: String? = nil, sql: String? = nil) {
        self.mql = mql
        self.sql = sql
    }
}

public enum CostAllocation: String, Sendable, CaseIterable {
    case even
    case bySpend = "by_spend"
    case byLeads = "by_leads"
}

public struct Thresholds: Sendable, Equatable {
    /// Pipeline/cost below this: investigate.
    public var investigate: Fraction
    /// Pipeline/cost above this: scale.
    public var scale: Fraction

    public init(investigate: Fraction = Fraction(3), scale: Fraction = Fraction(10)) {
        self.investigate = investigate
        self.scale = scale
    }
}

/// Whether a merge moves the alias's whole history (retroactive) or only what happened after it.
public enum MergePolicy: String, Sendable, CaseIterable {
    case retroactive
    case prospective
}

/// One channel-mapping rule: all conditions must hold.
public struct ChannelRule: Sendable, Equatable {
    public var conditions: [ChannelCondition]
    public var channel: String
    /// The rule's position in the list (0-based), for `explain`.
    public var index: Int

    public init(conditions: [ChannelCondition], channel: String, index: Int) {
        self.conditions = conditions
        self.channel = channel
        self.index = index
    }
}

/// A condition on one touch field, compared case-insensitively.
public struct ChannelCondition: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case source, medium, campaign, content, term
        case touchType = "touch_type"
    }

    public enum Match: Sendable, Equatable {
        /// Any of these strings, exactly (lowercased).
        case oneOf([String])
        case prefix(String)
        case contains(String)
    }

    public var field: Field
    public var match: Match

    public init(field: Field, match: Match) {
        self.field = field
        self.match = match
    }
}
