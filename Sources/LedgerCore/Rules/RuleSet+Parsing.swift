internal import Crypto

extension RuleSet {
    static let topLevelKeys = ["attribution", "qualification", "channel_mapping", "stage_probabilities", "cost_allocation",
                               "gross_margin", "thresholds", "dedupe", "merges", "segments", "cost_scope", "segment_cost_allocation", "calendar", "self_report_mapping", "handoff", "name", "description", "version"]

    /// Parses a rule-set document (JSON text); every key is optional and takes its default.
    public init(json text: String) throws(RuleSetError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw RuleSetError(path: "$", problem: "is not valid JSON (\(error.message) at byte \(error.offset))", expected: "a JSON object")
        }
        try self.init(document: value)
    }

    /// Parses a rule-set document; unknown keys are refused so that a typo never silently
    /// falls back to a default.
    public init(document: JSONValue) throws(RuleSetError) {
        let root = try RuleSetReader(value: document, path: "$").object(allowing: Self.topLevelKeys)
        self.init()
        if let attribution = try root.optional("attribution") {
            self.attribution = try Self.attribution(attribution)
        }
        if let qualification = try root.optional("qualification") {
            let fields = try qualification.object(allowing: ["mql", "sql"])
            let mql = try fields.optional("mql")
            let sql = try fields.optional("sql")
            let mqlText = try mql?.string()
            let sqlText = try sql?.string()
            do {
                _ = try QualificationRules(mql: mqlText)
            } catch {
                throw mql!.fail("does not parse \(error)", "a predicate such as score >= 50 and employees >= 200")
            }
            do {
                self.qualification = try QualificationRules(mql: mqlText, sql: sqlText)
            } catch {
                throw sql!.fail("does not parse \(error)", "a predicate such as stage('sql')")
            }
        }
        if let mapping = try root.optional("channel_mapping") {
            channelMapping = try mapping.array().enumerated().map { index, rule throws(RuleSetError) in try Self.channelRule(rule, index: index) }
        }
        if let probabilities = try root.optional("stage_probabilities") {
            for (stage, value) in try probabilities.members() {
                let probability = try value.fraction()
                guard probability <= .one else { throw value.fail("is \(probability)", "a probability between 0 and 1") }
                stageProbabilities[stage] = probability
            }
        }
        if let allocation = try root.optional("cost_allocation") {
            costAllocation = try allocation.enumeration(CostAllocation.self)
        }
        if let margin = try root.optional("gross_margin") {
            grossMargin = try margin.fraction()
            guard grossMargin <= .one else { throw margin.fail("is \(grossMargin)", "a share between 0 and 1") }
        }
        if let thresholds = try root.optional("thresholds") {
            let fields = try thresholds.object(allowing: ["investigate", "scale"])
            if let low = try fields.optional("investigate") { self.thresholds.investigate = try low.fraction() }
            if let high = try fields.optional("scale") { self.thresholds.scale = try high.fraction() }
            guard self.thresholds.investigate <= self.thresholds.scale else {
                throw thresholds.fail("investigate is above scale", "investigate <= scale")
            }
        }
        if let dedupe = try root.optional("dedupe") {
            let fields = try dedupe.object(allowing: ["window_minutes"])
            if let minutes = try fields.optional("window_minutes") { dedupeWindowMinutes = try minutes.integer(in: 0...525_600) }
        }
        if let merges = try root.optional("merges") {
            mergePolicy = try merges.enumeration(MergePolicy.self)
        }
        if let scope = try root.optional("cost_scope") {
            let categories = try scope.array().map { category throws(RuleSetError) in try category.string() }
            guard !categories.isEmpty else { throw scope.fail("is empty", "the spend categories that count as cost, such as [\"media\", \"agency\"]") }
            costScope = categories
        }
        if let segments = try root.optional("segments") {
            for (field, rule) in try segments.members() {
                self.segments[field] = try Self.segmentRule(rule)
            }
        }
        if let split = try root.optional("segment_cost_allocation") {
            segmentCostAllocation = try split.enumeration(SegmentCostAllocation.self)
        }
        if let answers = try root.optional("self_report_mapping") {
            selfReportMapping = try answers.array().map { rule throws(RuleSetError) in
                let fields = try rule.object(allowing: ["answer", "channel"])
                let answer = try fields.required("answer", "a string, a list of strings, {\"prefix\": …} or {\"contains\": …}")
                let channel = try fields.required("channel", "the channel this answer means").channelName()
                return SelfReportRule(answer: try answer.match(), channel: channel)
            }
        }
        if let handoff = try root.optional("handoff") {
            let fields = try handoff.object(allowing: ["sales_touch_types", "meeting_touch_types"])
            func types(_ reader: RuleSetReader) throws(RuleSetError) -> [String] {
                let types = try reader.array().map { type throws(RuleSetError) in try type.string() }
                guard !types.isEmpty else { throw reader.fail("is empty", "touch types, such as [\"sales_email\", \"sales_call\"]") }
                return types
            }
            if let sales = try fields.optional("sales_touch_types") { self.handoff.salesTouchTypes = try types(sales) }
            if let meetings = try fields.optional("meeting_touch_types") { self.handoff.meetingTouchTypes = try types(meetings) }
        }
        if let calendar = try root.optional("calendar") {
            self.calendar = try Self.calendar(calendar)
        }
        canonicalJSON = document.canonicalText
        var hasher = SHA256()
        hasher.update(data: Array(canonicalJSON.utf8))
        contentHash = EventHash(bytes: Array(hasher.finalize()))!
    }

    /// `calendar`: `{"fiscal_year_start_month": 2, "fiscal_year_named_by": "end", "week_start": "sunday", "time_zone": "-05:00"}`.
    private static func calendar(_ reader: RuleSetReader) throws(RuleSetError) -> ReportingCalendar {
        let fields = try reader.object(allowing: ["fiscal_year_start_month", "fiscal_year_named_by", "week_start", "time_zone"])
        var calendar = ReportingCalendar()
        if let month = try fields.optional("fiscal_year_start_month") { calendar.fiscalYearStartMonth = try month.integer(in: 1...12) }
        if let naming = try fields.optional("fiscal_year_named_by") { calendar.fiscalYearNamedBy = try naming.enumeration(ReportingCalendar.YearNaming.self) }
        if let week = try fields.optional("week_start") { calendar.weekStart = try week.enumeration(ReportingCalendar.Weekday.self) }
        if let zone = try fields.optional("time_zone") {
            let text = try zone.string()
            guard let minutes = ReportingCalendar.offsetMinutes(text) else {
                throw zone.fail("is \"\(text)\"", "UTC or a fixed offset ±HH:MM such as \"-05:00\" (a tz-database name would make reports depend on the machine's zone data)")
            }
            calendar.utcOffsetMinutes = minutes
        }
        return calendar
    }

    private static func attribution(_ reader: RuleSetReader) throws(RuleSetError) -> AttributionRules {
        let fields = try reader.object(allowing: ["model", "lookback_days", "level", "half_life_days", "weights", "credit_until"])
        var rules = AttributionRules()
        if let model = try fields.optional("model") { rules.model = try model.enumeration(AttributionModelName.self) }
        if let days = try fields.optional("lookback_days") { rules.lookbackDays = try days.integer(in: 0...3650) }
        if let level = try fields.optional("level") { rules.level = try level.enumeration(AttributionLevel.self) }
        if let halfLife = try fields.optional("half_life_days") {
            rules.halfLifeDays = try halfLife.fraction()
            guard rules.halfLifeDays > .zero else { throw halfLife.fail("is 0", "a positive number of days") }
        }
        if let until = try fields.optional("credit_until") { rules.creditUntil = try until.enumeration(CreditUntil.self) }
        if let weights = try fields.optional("weights") {
            let parts = try weights.object(allowing: ["first", "middle", "last"])
            var custom = CustomWeights()
            if let first = try parts.optional("first") { custom.first = try first.fraction() }
            if let middle = try parts.optional("middle") { custom.middle = try middle.fraction() }
            if let last = try parts.optional("last") { custom.last = try last.fraction() }
            guard custom.first + custom.middle + custom.last > .zero else {
                throw weights.fail("are all zero", "at least one positive weight")
            }
            rules.customWeights = custom
        }
        return rules
    }

    private static func channelRule(_ reader: RuleSetReader, index: Int) throws(RuleSetError) -> ChannelRule {
        let fields = try reader.object(allowing: ["when", "channel"])
        let whenReader = try fields.required("when", "an object of conditions")
        let channel = try fields.required("channel", "the channel name this rule gives").channelName()
        var conditions: [ChannelCondition] = []
        for (key, value) in try whenReader.object(allowing: ChannelCondition.Field.allCases.map(\.rawValue)).members() {
            let field = ChannelCondition.Field(rawValue: key)!
            conditions.append(ChannelCondition(field: field, match: try value.match()))
        }
        return ChannelRule(conditions: conditions, channel: channel, index: index)
    }
}

/// Reads one value of a rule-set document, knowing its JSON path for errors.
extension RuleSet {
    /// An array of ascending band edges, or an object of named value lists.
    static func segmentRule(_ rule: RuleSetReader) throws(RuleSetError) -> SegmentRule {
        if case .array = rule.value {
            let edges = try rule.array().map { edge throws(RuleSetError) in try edge.fraction() }
            guard !edges.isEmpty else { throw rule.fail("is empty", "ascending band edges, such as [1, 51, 201, 1001, 5001]") }
            for index in edges.indices.dropFirst() where edges[index] <= edges[index - 1] {
                throw rule.fail("has \(edges[index]) after \(edges[index - 1])", "strictly ascending band edges")
            }
            return .bands(edges)
        }
        var lists: [SegmentRule.NamedList] = []
        var seen: [String: String] = [:]
        for (label, values) in try rule.members() {
            let names = try values.array().map { value throws(RuleSetError) in try value.string() }
            for name in names {
                if let earlier = seen[name] { throw values.fail("lists \"\(name)\", already in \"\(earlier)\"", "each value in one list") }
                seen[name] = label
            }
            lists.append(SegmentRule.NamedList(label: label, values: names))
        }
        guard !lists.isEmpty else { throw rule.fail("is empty", "band edges (an array) or named lists of values (an object)") }
        // In label order: a published rule set's body is canonical (keys sorted), and the same
        // rule set must give the same rows whether read from a file or from the ledger.
        return .lists(lists.sorted { $0.label.utf8.lexicographicallyPrecedes($1.label.utf8) })
    }
}

struct RuleSetReader {
    let value: JSONValue
    let path: String

    func fail(_ problem: String, _ expected: String) -> RuleSetError {
        RuleSetError(path: path, problem: problem, expected: expected)
    }

    func object(allowing keys: [String]) throws(RuleSetError) -> RuleSetReader {
        guard case .object(let object) = value else { throw fail("is \(value.typeName)", "an object") }
        for key in object.keys where !keys.contains(key) {
            throw RuleSetError(path: path + "." + key, problem: "is not a known key", expected: "one of \(keys.joined(separator: ", "))")
        }
        return self
    }

    func optional(_ key: String) throws(RuleSetError) -> RuleSetReader? {
        guard case .object(let object) = value else { throw fail("is \(value.typeName)", "an object") }
        return object[key].map { RuleSetReader(value: $0, path: path + "." + key) }
    }

    /// A key that must be there; missing, the error names its path and what belongs there.
    func required(_ key: String, _ expected: String) throws(RuleSetError) -> RuleSetReader {
        guard let reader = try optional(key) else { throw RuleSetError(path: path + "." + key, problem: "missing", expected: expected) }
        return reader
    }

    /// A channel's name: a non-empty string.
    func channelName() throws(RuleSetError) -> String {
        let name = try string()
        guard !name.isEmpty else { throw fail("is empty", "a channel name") }
        return name
    }

    func members() throws(RuleSetError) -> [(String, RuleSetReader)] {
        guard case .object(let object) = value else { throw fail("is \(value.typeName)", "an object") }
        return object.members.map { ($0.key, RuleSetReader(value: $0.value, path: path + "." + $0.key)) }
    }

    func array() throws(RuleSetError) -> [RuleSetReader] {
        guard case .array(let elements) = value else { throw fail("is \(value.typeName)", "an array") }
        return elements.enumerated().map { RuleSetReader(value: $0.element, path: "\(path)[\($0.offset)]") }
    }

    func string() throws(RuleSetError) -> String {
        guard case .string(let text) = value else { throw fail("is \(value.typeName)", "a string") }
        return text
    }

    func integer(in range: ClosedRange<Int>) throws(RuleSetError) -> Int {
        guard case .number(let text) = value, let integer = Int(CanonicalNumber.canonical(text)), range.contains(integer) else {
            throw fail("is \(value.canonicalText)", "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return integer
    }

    /// A non-negative decimal, as a JSON number or a decimal string.
    func fraction() throws(RuleSetError) -> Fraction {
        let text: String
        switch value {
        case .number(let number): text = CanonicalNumber.canonical(number)
        case .string(let string): text = string
        default: throw fail("is \(value.typeName)", "a non-negative decimal number")
        }
        guard let fraction = Fraction(decimal: text), fraction >= .zero else {
            throw fail("is \(value.canonicalText)", "a non-negative decimal number with at most 9 fraction digits")
        }
        return fraction
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws(RuleSetError) -> T where T.RawValue == String {
        let text = try string()
        guard let result = T(rawValue: text) else {
            throw fail("is \"\(text)\"", "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return result
    }

    /// A mapping condition: a string, a list of strings, `{"prefix": …}` or `{"contains": …}`.
    func match() throws(RuleSetError) -> ChannelCondition.Match {
        let expected = "a string, a list of strings, {\"prefix\": \"…\"} or {\"contains\": \"…\"}"
        switch value {
        case .string(let text): return .oneOf([text.lowercased()])
        case .array(let elements):
            var options: [String] = []
            for (offset, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw RuleSetError(path: "\(path)[\(offset)]", problem: "is \(element.typeName)", expected: "a string")
                }
                options.append(text.lowercased())
            }
            guard !options.isEmpty else { throw fail("is an empty list", expected) }
            return .oneOf(options)
        case .object(let object) where object.members.count == 1:
            let member = object.members[0]
            guard case .string(let text) = member.value else { throw fail("has a \(member.value.typeName) \(member.key)", expected) }
            switch member.key {
            case "prefix": return .prefix(text.lowercased())
            case "contains": return .contains(text.lowercased())
            default: throw RuleSetError(path: path + "." + member.key, problem: "is not a known matcher", expected: "prefix or contains")
            }
        default:
            throw fail("is \(value.typeName)", expected)
        }
    }
}
