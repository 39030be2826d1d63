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
    /// The spend categories that count as cost (nil: all). A spend without a category is
    /// `(none)` here.
    public var costScope: [String]?
    /// Attribute segments for grouping (`--by attr:FIELD`, `--by account:FIELD`), by field.
    public var segments: [String: SegmentRule] = [:]
    /// How cost (spend has no contact) reaches a segment: each channel's cost split over the
    /// segments it produced, by pipeline, leads or opportunities.
    public var segmentCostAllocation: SegmentCostAllocation = .byPipeline
    /// Where periods start and end: the fiscal year, the week, the reporting time zone.
    public var calendar = ReportingCalendar()
    /// What buyers' answers to "how did you hear about us?" mean as channels, tried in order.
    public var selfReportMapping: [SelfReportRule] = []
    /// Which touches are sales reaching out, for the handoff view.
    public var handoff = HandoffRules()
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

/// The attribution models of product.md. With no kept touch every model credits `(no touch)`;
/// with one, that touch takes everything. The role models share the rules written on
/// `RuleBasedShares` (several roles on one touch add up; a missing role's share goes evenly to
/// the roles present; with no role-less touch the rest share goes evenly to the roles present).
public enum AttributionModelName: String, Sendable, CaseIterable, Hashable {
    /// Everything to the first kept touch (by `at`, then `seq`).
    case firstTouch = "first_touch"
    /// Everything to the last kept touch.
    case lastTouch = "last_touch"
    /// 1/n to each of the n kept touches.
    case linear
    /// Proportional to 2^(−d/half_life_days), d the fractional days from the touch to creation.
    case timeDecay = "time_decay"
    /// 40 % first, 40 % last, 20 % evenly over the rest; two touches: 50/50.
    case positionBased = "position_based"
    /// 40 % first, 40 % lead creation, 20 % over the rest; no lead touch: its 40 % to the first.
    case uShaped = "u_shaped"
    /// 60 % last, 20 % first, 20 % over the middle; two touches: 75 % last, 25 % first.
    case jShaped = "j_shaped"
    /// 60 % first, 20 % last, 20 % over the middle; two touches: 75 % first, 25 % last.
    case inverseJ = "inverse_j"
    /// 30 % first, 30 % lead creation, 30 % opportunity creation, 10 % over the rest.
    case wShaped = "w_shaped"
    /// 22.5 % each first, lead creation, opportunity creation and closing touch, 10 % over the
    /// rest; credit runs to close (an open deal: to creation, and the closing role is missing).
    case fullPath = "full_path"
    /// The rule set's first / middle / last weights, normalised; two touches: first and last only;
    /// all weights zero for the touches present: linear.
    case custom
    /// Channel removal effects of a first-order absorbing Markov chain over all journeys, exact;
    /// within a channel evenly over its touches; all effects zero: linear.
    case markov
    /// Exact Shapley values of channels over conversion rates of channel sets; within a channel
    /// evenly over its touches; all values zero: linear.
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

/// Predicates that decide MQL and SQL (see `Predicate`), with the text they were written as.
/// With no predicate, a contact qualifies when the CRM recorded the stage (`stage('mql')`).
public struct QualificationRules: Sendable, Equatable {
    public var mql: String?
    public var sql: String?
    public var mqlPredicate: Predicate
    public var sqlPredicate: Predicate

    public init(mql: String? = nil, sql: String? = nil) throws(PredicateError) {
        self.mql = mql
        self.sql = sql
        mqlPredicate = try mql.map { (text) throws(PredicateError) in try PredicateParser.parse(text) } ?? .stage("mql")
        sqlPredicate = try sql.map { (text) throws(PredicateError) in try PredicateParser.parse(text) } ?? .stage("sql")
    }

    public init() {
        mql = nil
        sql = nil
        mqlPredicate = .stage("mql")
        sqlPredicate = .stage("sql")
    }
}

public enum CostAllocation: String, Sendable, CaseIterable {
    case even
    case bySpend = "by_spend"
    case byLeads = "by_leads"
}

/// The touch types that are sales reaching out to a lead, and those that are a meeting held.
public struct HandoffRules: Sendable, Equatable {
    public var salesTouchTypes: [String]
    public var meetingTouchTypes: [String]

    public init(salesTouchTypes: [String] = ["sales_email", "sales_call", "sales_meeting"], meetingTouchTypes: [String] = ["sales_meeting"]) {
        self.salesTouchTypes = salesTouchTypes
        self.meetingTouchTypes = meetingTouchTypes
    }
}

/// How a channel's cost is split over the segments it reached (`segment_cost_allocation`).
public enum SegmentCostAllocation: String, Sendable, CaseIterable {
    /// In proportion to the pipeline the model credited to each segment.
    case byPipeline = "by_pipeline"
    /// In proportion to the leads each segment had from the channel.
    case byLeads = "by_leads"
    /// In proportion to the deals created in the window credited to each segment.
    case byOpportunities = "by_opportunities"
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

/// One self-report rule: an answer that matches (case-insensitive, spaces trimmed and runs of
/// them as one) is that channel.
public struct SelfReportRule: Sendable, Equatable {
    public var answer: ChannelCondition.Match
    public var channel: String

    public init(answer: ChannelCondition.Match, channel: String) {
        self.answer = answer
        self.channel = channel
    }

    /// The channel of an answer under ordered rules; nil when none matches.
    public static func channel(of answer: String, _ rules: [SelfReportRule]) -> String? {
        let text = answer.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return rules.first { $0.answer.matches(text) }?.channel
    }
}

extension ChannelCondition.Match {
    /// Whether a (lowercased) value matches.
    public func matches(_ value: String) -> Bool {
        switch self {
        case .oneOf(let options): options.contains(value)
        case .prefix(let prefix): value.hasPrefix(prefix)
        case .contains(let part): value.contains(part)
        }
    }
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
