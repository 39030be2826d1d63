import LedgerCore
import LedgerProjections
import LedgerReports

/// The provenance block of a saved report, read back.
struct AuditedProvenance {
    var program: String
    var headSeq: Int64
    var headHash: String
    var asOf: String?
    var ruleSetName: String
    var ruleSetVersion: Int?
    var ruleSetHash: String
    var ruleSetSource: String
    var window: ReportWindow
    var models: [AttributionModelName]
    var level: AttributionLevel
    var groupBy: GroupBy
    var views: [ReportView]

    init?(_ value: JSONValue?) {
        guard case .object(let object)? = value, case .string(let program)? = object["program"],
              case .object(let ledger)? = object["ledger"], case .number(let seq)? = ledger["head_seq"], let headSeq = Int64(seq),
              case .string(let headHash)? = ledger["head_hash"],
              case .object(let rules)? = object["rule_set"], case .string(let name)? = rules["name"], case .string(let hash)? = rules["hash"],
              case .string(let source)? = rules["source"],
              case .object(let window)? = object["window"], case .string(let from)? = window["from"], case .string(let to)? = window["to"],
              let first = LedgerDate(from), let last = LedgerDate(to),
              case .array(let models)? = object["models"], case .string(let level)? = object["level"], let levelValue = AttributionLevel(rawValue: level),
              case .string(let groupBy)? = object["group_by"], let grouping = GroupBy(groupBy),
              case .array(let views)? = object["views"] else { return nil }
        self.program = program
        self.headSeq = headSeq
        self.headHash = headHash
        if case .string(let asOf)? = ledger["as_of"] { self.asOf = asOf }
        ruleSetName = name
        if case .number(let version)? = rules["version"] { ruleSetVersion = Int(version) }
        ruleSetHash = hash
        ruleSetSource = source
        self.window = ReportWindow(from: first, to: last)
        self.models = models.compactMap { if case .string(let name) = $0 { AttributionModelName(rawValue: name) } else { nil } }
        self.level = levelValue
        self.groupBy = grouping
        self.views = views.compactMap { if case .string(let name) = $0 { ReportView(rawValue: name) } else { nil } }
        guard !self.models.isEmpty, self.models.count == models.count, self.views.count == views.count else { return nil }
    }
}
