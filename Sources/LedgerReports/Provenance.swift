public import LedgerCore

/// Where a report's numbers come from: enough to replay it exactly. Same provenance, same bytes.
public struct Provenance: Sendable, Equatable {
    public var program: String
    /// The ledger head the replay ran through (the as-of point), and the as-of given.
    public var headSeq: Int64
    public var headHash: String
    public var asOf: String?
    public var ruleSetName: String
    public var ruleSetVersion: Int?
    public var ruleSetHash: String
    /// `file`, `log` or `default`.
    public var ruleSetSource: String
    public var window: (from: LedgerDate, to: LedgerDate)
    public var models: [AttributionModelName]
    public var level: AttributionLevel
    public var groupBy: String
    /// The views the report holds (completeness always among them).
    public var views: [ReportView]
    /// The reporting time zone of the window's days when it is not UTC (`-05:00`).
    public var timeZone: String?

    public init(program: String, headSeq: Int64, headHash: String, asOf: String?, ruleSetName: String, ruleSetVersion: Int?,
                ruleSetHash: String, ruleSetSource: String, window: (from: LedgerDate, to: LedgerDate),
                models: [AttributionModelName], level: AttributionLevel, groupBy: String, views: [ReportView] = [.attribution, .completeness],
                timeZone: String? = nil) {
        self.program = program
        self.headSeq = headSeq
        self.headHash = headHash
        self.asOf = asOf
        self.ruleSetName = ruleSetName
        self.ruleSetVersion = ruleSetVersion
        self.ruleSetHash = ruleSetHash
        self.ruleSetSource = ruleSetSource
        self.window = window
        self.models = models
        self.level = level
        self.groupBy = groupBy
        self.views = views
        self.timeZone = timeZone
    }

    public static func == (lhs: Provenance, rhs: Provenance) -> Bool {
        lhs.json == rhs.json
    }

    public var json: JSONValue {
        var ledger: [JSONObject.Member] = [.init(key: "head_seq", value: .number(String(headSeq))), .init(key: "head_hash", value: .string(headHash))]
        if let asOf { ledger.append(.init(key: "as_of", value: .string(asOf))) }
        var rules: [JSONObject.Member] = [
            .init(key: "name", value: .string(ruleSetName)), .init(key: "hash", value: .string(ruleSetHash)),
            .init(key: "source", value: .string(ruleSetSource)),
        ]
        if let ruleSetVersion { rules.append(.init(key: "version", value: .number(String(ruleSetVersion)))) }
        return .object(JSONObject([
            .init(key: "program", value: .string(program)),
            .init(key: "ledger", value: .object(JSONObject(ledger))),
            .init(key: "rule_set", value: .object(JSONObject(rules))),
            .init(key: "window", value: .object(JSONObject([.init(key: "from", value: .string(window.from.description)),
                                                            .init(key: "to", value: .string(window.to.description))]
                                                           + (timeZone.map { [.init(key: "time_zone", value: .string($0))] } ?? [])))),
            .init(key: "models", value: .array(models.map { .string($0.rawValue) })),
            .init(key: "level", value: .string(level.rawValue)),
            .init(key: "group_by", value: .string(groupBy)),
            .init(key: "views", value: .array(views.map { .string($0.rawValue) })),
        ]))
    }
}
