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
        /// When the lead reached each step by any path (MQL whenever its predicate first held,
        /// a deal whether or not MQL and SQL came first): the counts beside the strict ones.
        public var reachedAny: [Timestamp?] = []

        /// The campaign to group by: `(no touch)` without a source touch, `(none)` without a campaign.
        public var campaignGroup: String {
            channel == FunnelView.noTouch && campaign == nil ? FunnelView.noTouch : campaign ?? FunnelView.noCampaign
        }

        public func count(_ step: Step) -> Int { reached[step.rawValue] == nil ? 0 : 1 }

        /// 1 when the lead reached the step by any path.
        public func countAny(_ step: Step) -> Int { reachedAny.indices.contains(step.rawValue) && reachedAny[step.rawValue] != nil ? 1 : 0 }
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
        self.init(base: Base(ledger: ledger, facts: facts, window: window), rules: rules)
    }

    /// Qualifies the leads of `base` under the rule set's predicates, half of them on each core
    /// (each lead reads only its own statements), in the leads' order.
    public init(base: Base, rules: RuleSet) {
        let mqlPredicate = rules.qualification.mqlPredicate
        let sqlPredicate = rules.qualification.sqlPredicate
        let read = mqlPredicate.attributeNames.union(sqlPredicate.attributeNames)
        let leads = base.leads
        let statements = base.statements
        @Sendable func qualify(_ range: Range<Int>) -> [LeadPath] {
            var reader = LeadStatements.Reader(statements)
            return leads[range].map { lead in
                var reached: [Timestamp?] = [lead.at, nil, nil, nil, nil]
                let (mql, sql) = Self.firstHolds(mql: mqlPredicate, sql: sqlPredicate, reading: read, of: lead.contact, in: &reader)
                if let mql {
                    reached[1] = max(mql, lead.at)
                    if let sql {
                        reached[2] = max(sql, reached[1]!)
                        if let created = lead.dealCreated {
                            reached[3] = max(created, reached[2]!)
                            if let won = lead.dealWon { reached[4] = max(won, reached[3]!) }
                        }
                    }
                }
                return LeadPath(contact: lead.contact, channel: lead.channel, campaign: lead.campaign, reached: reached,
                                closed: lead.closed, isTagged: lead.isTagged,
                                reachedAny: [lead.at, mql, sql, lead.dealCreated, lead.dealWon])
            }
        }
        let half = leads.count / 2
        let (first, second) = onBothCores({ qualify(0..<half) }, { qualify(half..<leads.count) })
        paths = first + second
    }

    /// Everything the funnel reads that does not depend on the qualification rules: the window's
    /// leads with their source and first deal, and where their statements are. Built once per
    /// resolved ledger and window, and shared by every rule set that resolves alike (`compare`).
    public struct Base: Sendable {
        struct Lead: Sendable {
            var contact: String
            var at: Timestamp
            var channel: String
            var campaign: String?
            var isTagged: Bool
            var dealCreated: Timestamp?
            var dealWon: Timestamp?
            var closed: Timestamp?
        }

        /// Sorted by contact (UTF-8).
        var leads: [Lead]
        /// The leads' attribute and stage statements, read when they are qualified.
        let statements: LeadStatements

        public var leadCount: Int { leads.count }
        /// Leads whose lead-creation touch is missing or carries neither UTM nor a channel.
        public var untaggedLeadCount: Int { leads.count { !$0.isTagged } }
        /// Those leads: contact and lead time (the completeness page lists them).
        public var untaggedLeads: [(contact: String, at: Timestamp)] { leads.filter { !$0.isTagged }.map { ($0.contact, $0.at) } }

        public init(ledger: ResolvedLedger, facts: LedgerFacts, window: ReportWindow) {
            let inWindow = ledger.leadStage.filter { window.contains($0.value.at) }
            statements = LeadStatements(facts: facts, identity: ledger.identity)
            var firstDeal: [String: Deal] = [:]
            for deal in ledger.deals {
                for contact in deal.contacts where inWindow[contact] != nil {
                    if let current = firstDeal[contact], (current.created.at, current.created.seq) <= (deal.created.at, deal.created.seq) { continue }
                    firstDeal[contact] = deal
                }
            }
            var leads: [Lead] = []
            leads.reserveCapacity(inWindow.count)
            for (contact, lead) in inWindow {
                let source = ledger.touchesByContact[contact]?.last { $0.isAtOrBefore(lead.at, seq: lead.seq) }
                let deal = firstDeal[contact]
                leads.append(Lead(contact: contact, at: lead.at, channel: source?.channel ?? FunnelView.noTouch, campaign: source?.campaign,
                                  isTagged: source.map(Self.isTagged) ?? false, dealCreated: deal?.created.at,
                                  dealWon: deal.flatMap { $0.isWon ? $0.close?.at : nil }, closed: deal?.close?.at))
            }
            self.leads = leads.sorted { $0.contact.utf8.lexicographicallyPrecedes($1.contact.utf8) }
        }

        /// Whether a touch carries a UTM field or an explicit channel.
        static func isTagged(_ touch: ResolvedTouch) -> Bool {
            touch.shape.isTagged
        }
    }

    /// The first instants after which each predicate holds, replaying the lead's attribute and
    /// stage statements once in (`at`, `seq`) order and tracking only the attributes the
    /// predicates read.
    static func firstHolds(mql: Predicate, sql: Predicate, reading names: Set<String>, of lead: String,
                           in reader: inout LeadStatements.Reader) -> (Timestamp?, Timestamp?) {
        var subject = Predicate.Subject(attributes: [:], stages: [])
        var mqlAt: Timestamp?
        var sqlAt: Timestamp?
        reader.forEach(of: lead) { at, attributes, stage in
            for attribute in attributes where names.contains(attribute.name) { subject.attributes[attribute.name] = attribute.value }
            if let stage { subject.stages.insert(stage) }
            if mqlAt == nil, mql.holds(for: subject) { mqlAt = at }
            if sqlAt == nil, sql.holds(for: subject) { sqlAt = at }
            return mqlAt == nil || sqlAt == nil
        }
        return (mqlAt, sqlAt)
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

    /// Median days from each step to the next, over the leads that made that move (nil: none
    /// did), exact: the middle duration in microseconds (the mean of the two middle ones for an
    /// even count) over a day's microseconds, so that printing can round half-even without
    /// binary64 deciding a tie.
    public var medianDaysBetweenSteps: [Ratio?] {
        (1..<Step.allCases.count).map { next in
            var durations = paths.compactMap { path -> Int64? in
                guard let from = path.reached[next - 1], let to = path.reached[next] else { return nil }
                return to.microseconds - from.microseconds
            }
            guard !durations.isEmpty else { return nil }
            durations.sort()
            let middle = durations.count / 2
            if durations.count % 2 == 1 { return Ratio(durations[middle], Timestamp.microsecondsPerDay) }
            return Ratio(wide: Int128(durations[middle - 1]) + Int128(durations[middle]), 2 * Int128(Timestamp.microsecondsPerDay))
        }
    }
}

extension Timestamp {
    /// `YYYY-MM` of the UTC date, for monthly cohorts.
    public var month: String { String(date.description.prefix(7)) }
}
