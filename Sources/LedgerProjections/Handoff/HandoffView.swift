public import LedgerCore

/// The sales handoff: how fast and how often sales reached the leads marketing qualified, and
/// what that did to SQL → opportunity.
///
/// The population is the window's leads that reached MQL by any path. A sales touch is a touch
/// of the lead (after merges) whose type the rule set's `handoff.sales_touch_types` or
/// `meeting_touch_types` names, at or after the MQL; a meeting one of the latter. Per lead:
/// response time from MQL (and from SQL) = the first sales touch at or after it − it; contacted
/// when there is one; a meeting set when a meeting follows the MQL; attempts = the sales touches
/// that are not meetings from the MQL to the first meeting or the deal's creation, whichever
/// came first (only for leads that got one). SQLs are bucketed by their response time (under 1
/// hour, under 1 day, under 1 week, later, never), each bucket with its opportunities (the lead
/// has a deal).
public struct HandoffView: Sendable {
    public enum Bucket: String, Sendable, CaseIterable {
        case underAnHour = "under 1 hour"
        case underADay = "under 1 day"
        case underAWeek = "under 1 week"
        case later
        case never

        static func of(_ response: Int64?) -> Bucket {
            guard let response else { return .never }
            let hour = Timestamp.microsecondsPerDay / 24
            if response < hour { return .underAnHour }
            if response < Timestamp.microsecondsPerDay { return .underADay }
            if response < 7 * Timestamp.microsecondsPerDay { return .underAWeek }
            return .later
        }
    }

    public struct Row: Sendable, Equatable {
        public var path: [String]
        public var mqls = 0
        public var contacted = 0
        public var meetings = 0
        public var sqls = 0
        /// Microseconds from MQL (SQL) to the first sales touch, of the leads that got one.
        public var fromMQL: [Int64] = []
        public var fromSQL: [Int64] = []
        /// Attempts before the first meeting or opportunity, of the leads that got one.
        public var attempts: [Int64] = []

        public init(path: [String]) {
            self.path = path
        }

        mutating func add(_ other: Row) {
            mqls += other.mqls
            contacted += other.contacted
            meetings += other.meetings
            sqls += other.sqls
            fromMQL += other.fromMQL
            fromSQL += other.fromSQL
            attempts += other.attempts
        }
    }

    /// Per bucket of response time: MQLs by their response from MQL; SQLs by theirs from SQL and
    /// how many of those SQLs have an opportunity.
    public struct BucketCounts: Sendable, Equatable {
        public var mqls = 0
        public var sqls = 0
        public var opportunities = 0

        public init(mqls: Int = 0, sqls: Int = 0, opportunities: Int = 0) {
            self.mqls = mqls
            self.sqls = sqls
            self.opportunities = opportunities
        }
    }

    /// Every row, a parent before its children (nested), in the grouping's order.
    public var rows: [Row]
    public var total: Row
    public var buckets: [Bucket: BucketCounts]
    public var rules: HandoffRules

    public init(ledger: ResolvedLedger, funnel: FunnelView, rules: HandoffRules, grouping: RowGrouping) {
        self.rules = rules
        let sales = Set(rules.salesTouchTypes).union(rules.meetingTouchTypes)
        let meeting = Set(rules.meetingTouchTypes)
        var rows: [[String]: Row] = [:]
        var total = Row(path: ["total"])
        var buckets: [Bucket: BucketCounts] = [:]
        for path in funnel.paths {
            guard path.reachedAny.count == FunnelView.Step.allCases.count, let mql = path.reachedAny[FunnelView.Step.mql.rawValue] else { continue }
            let touches = (ledger.touchesByContact[path.contact] ?? []).filter { touch in
                touch.shape.touchType.map(sales.contains) ?? false
            }
            var row = Row(path: [])
            row.mqls = 1
            let afterMQL = touches.filter { $0.at >= mql }
            if let first = afterMQL.first {
                row.contacted = 1
                row.fromMQL = [first.at.microseconds - mql.microseconds]
            }
            let firstMeeting = afterMQL.first { $0.shape.touchType.map(meeting.contains) ?? false }?.at
            if firstMeeting != nil { row.meetings = 1 }
            let opportunity = path.reachedAny[FunnelView.Step.opportunity.rawValue]
            if let end = [firstMeeting, opportunity].compactMap({ $0 }).min() {
                row.attempts = [Int64(afterMQL.count { $0.at < end && !($0.shape.touchType.map(meeting.contains) ?? false) })]
            }
            buckets[Bucket.of(row.fromMQL.first), default: BucketCounts()].mqls += 1
            if let sql = path.reachedAny[FunnelView.Step.sql.rawValue] {
                row.sqls = 1
                let response = touches.first { $0.at >= sql }.map { $0.at.microseconds - sql.microseconds }
                if let response { row.fromSQL = [response] }
                var bucket = buckets[Bucket.of(response)] ?? BucketCounts()
                bucket.sqls += 1
                if opportunity != nil { bucket.opportunities += 1 }
                buckets[Bucket.of(response)] = bucket
            }
            let key = grouping.key(of: path)
            for depth in 1...key.count {
                let prefix = Array(key.prefix(depth))
                var merged = rows[prefix] ?? Row(path: prefix)
                merged.add(row)
                rows[prefix] = merged
            }
            total.add(row)
        }
        self.rows = rows.values.sorted { grouping.precedes($0.path, $1.path) }
        self.total = total
        self.buckets = buckets
    }

    /// The median of some durations (or counts), exact; nil without any.
    public static func median(_ values: [Int64], per unit: Int64) -> Ratio? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Ratio(sorted[middle], unit) }
        return Ratio(wide: Int128(sorted[middle - 1]) + Int128(sorted[middle]), 2 * Int128(unit))
    }
}
