public import LedgerCore

/// The funnel: leads → MQL → SQL → opportunity → won, for the leads created in the window.
///
/// A lead is a contact (after merges) with a recorded `lead` stage; its date is the earliest one.
/// MQL and SQL follow the rule set's predicates, evaluated over the contact's attributes and
/// recorded stages as they stood after each of its events, in (`at`, `seq`) order: a step is
/// reached the first time its predicate holds. The funnel is strict: a lead counts at a step only
/// if it reached every step before, and a step's date is the later of its own and the previous
/// step's, so every step is at most the one before, in every row and cohort. Opportunity: the
/// earliest deal naming the contact; won: that deal was won. The lead's source is its
/// lead-creation touch (the last touch at or before the lead stage); none: `(no touch)`.
public struct FunnelView: Sendable {
    public enum Step: Int, Sendable, CaseIterable {
        case lead, mql, sql, opportunity, won

        public var name: String {
            switch self {
            case .lead: "leads"
            case .mql: "mql"
            case .sql: "sql"
            case .opportunity: "opportunities"
            case .won: "won"
            }
        }
    }

    /// One lead's path: the date it reached each step (nil once it stopped).
    public struct LeadPath: Sendable, Equatable {
        public var contact: String
        /// The lead-creation touch's channel and campaign (`(no touch)` without one).
        public var channel: String
        public var campaign: String?
        public var reached: [Timestamp?]
        /// When the lead's first deal was won or lost (nil while open or without a deal).
        public var closed: Timestamp?
        /// Whether the lead-creation touch carries a UTM field or an explicit channel.
        public var isTagged: Bool

        /// The campaign to group by: `(no touch)` without a source touch, `(none)` without a campaign.
        public var campaignGroup: String {
            channel == FunnelView.noTouch && campaign == nil ? FunnelView.noTouch : campaign ?? FunnelView.noCampaign
        }

        public func count(_ step: Step) -> Int { reached[step.rawValue] == nil ? 0 : 1 }
    }

    /// Counts per step for one group.
    public struct Row: Sendable, Equatable {
        public var group: String
        public var counts: [Int]
    }

    public static let noTouch = "(no touch)"
    public static let noCampaign = "(none)"
    public static let open = "(open)"

    public var paths: [LeadPath]

    public init(ledger: ResolvedLedger, facts: LedgerFacts, rules: RuleSet, window: ReportWindow) {
        let timelines = Self.timelines(facts: facts, identity: ledger.identity)
        var firstDeal: [String: Deal] = [:]
        for deal in ledger.deals {
            for contact in deal.contacts {
                if let current = firstDeal[contact], (current.created.at, current.created.seq) <= (deal.created.at, deal.created.seq) { continue }
                firstDeal[contact] = deal
            }
        }
        var paths: [LeadPath] = []
        for (contact, lead) in ledger.leadStage where window.contains(lead.at) {
            let source = ledger.touchesByContact[contact]?.last { $0.isAtOrBefore(lead.at, seq: lead.seq) }
            var reached: [Timestamp?] = [lead.at, nil, nil, nil, nil]
            let events = timelines[contact] ?? []
            if let mql = Self.firstHold(rules.qualification.mqlPredicate, events) {
                reached[1] = max(mql, lead.at)
                if let sql = Self.firstHold(rules.qualification.sqlPredicate, events) {
                    reached[2] = max(sql, reached[1]!)
                    if let deal = firstDeal[contact] {
                        reached[3] = max(deal.created.at, reached[2]!)
                        if deal.isWon, let close = deal.close { reached[4] = max(close.at, reached[3]!) }
                    }
                }
            }
            let closed = firstDeal[contact]?.close?.at
            let utm = source?.raw.utm
            let tagged = source.map { ($0.raw.channel.map { !$0.isEmpty } ?? false)
                || [utm?.source, utm?.medium, utm?.campaign, utm?.content, utm?.term].contains { $0.map { !$0.isEmpty } ?? false } } ?? false
            paths.append(LeadPath(contact: contact, channel: source?.channel ?? Self.noTouch, campaign: source?.campaign, reached: reached,
                                  closed: closed, isTagged: tagged))
        }
        self.paths = paths.sorted { $0.contact.utf8.lexicographicallyPrecedes($1.contact.utf8) }
    }

    /// One contact's attribute and stage events, for replaying its qualification.
    struct TimelineEvent {
        var at: Timestamp
        var seq: Int64
        var attributes: [(name: String, value: AttributeValue)]
        var stage: String?
    }

    static func timelines(facts: LedgerFacts, identity: IdentityResolver) -> [String: [TimelineEvent]] {
        var timelines: [String: [TimelineEvent]] = [:]
        for (contact, statements) in facts.contactAttributes {
            for statement in statements where facts.isVisible(statement.id) {
                timelines[identity.contact(contact, at: statement.at), default: []].append(
                    TimelineEvent(at: statement.at, seq: statement.seq, attributes: statement.value.attributes, stage: nil))
            }
        }
        for (contact, stages) in facts.stages {
            for stage in stages where facts.isVisible(stage.id) {
                timelines[identity.contact(contact, at: stage.at), default: []].append(
                    TimelineEvent(at: stage.at, seq: stage.seq, attributes: [], stage: stage.value))
            }
        }
        for key in timelines.keys { timelines[key]!.sort { ($0.at, $0.seq) < ($1.at, $1.seq) } }
        return timelines
    }

    /// The first instant after which the predicate holds, replaying the contact's events.
    static func firstHold(_ predicate: Predicate, _ events: [TimelineEvent]) -> Timestamp? {
        var subject = Predicate.Subject(attributes: [:], stages: [])
        for event in events {
            for attribute in event.attributes { subject.attributes[attribute.name] = attribute.value }
            if let stage = event.stage { subject.stages.insert(stage) }
            if predicate.holds(for: subject) { return event.at }
        }
        return nil
    }

    /// Counts per group, sorted by group (UTF-8), for a grouping of lead paths.
    public func rows(by key: (LeadPath) -> String) -> [Row] {
        var counts: [String: [Int]] = [:]
        for path in paths {
            let group = key(path)
            var row = counts[group] ?? Array(repeating: 0, count: Step.allCases.count)
            for step in Step.allCases { row[step.rawValue] += path.count(step) }
            counts[group] = row
        }
        return counts.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { Row(group: $0, counts: counts[$0]!) }
    }

    public var totals: [Int] {
        Step.allCases.map { step in paths.reduce(0) { $0 + $1.count(step) } }
    }

    /// Median days from each step to the next, over the leads that made that move (nil: none did).
    public var medianDaysBetweenSteps: [Double?] {
        (1..<Step.allCases.count).map { next in
            var days = paths.compactMap { path -> Double? in
                guard let from = path.reached[next - 1], let to = path.reached[next] else { return nil }
                return Double(to.microseconds - from.microseconds) / Double(Timestamp.microsecondsPerDay)
            }
            guard !days.isEmpty else { return nil }
            days.sort()
            return days.count % 2 == 1 ? days[days.count / 2] : (days[days.count / 2 - 1] + days[days.count / 2]) / 2
        }
    }
}

extension Timestamp {
    /// `YYYY-MM` of the UTC date, for monthly cohorts.
    public var month: String { String(date.description.prefix(7)) }
}
