import ArgumentParser
import Foundation
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger audit REPORT.json`: proves a saved report is what the ledger says.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Re-run a saved JSON report from its provenance and check its digest, the ledger head it names and the chain up to it.",
        discussion: """
        Exit 0 when the report is reproduced byte for byte; 2 when it was edited by hand (its digest \
        no longer matches its content), when the ledger was rewritten or shortened after it was \
        issued (the head it names is gone or has another hash, or the chain does not verify), or \
        when the ledger replays to other numbers. A report made with --rules-file needs that file again.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A report saved with `report --format json` or `close --format json`.") var file: String
    @Option(help: "The rule-set file a report made with --rules-file used (checked against its hash).") var rulesFile: String?

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw CommandFailure(message: "error: cannot read \(file): \(error.localizedDescription)")
        }
        guard case .object(var document)? = try? JSONParser.parse(text), case .string(let digest)? = document["digest"],
              document["report"] == .string("report"), let provenance = AuditedProvenance(document["provenance"]) else {
            throw CommandFailure(message: "error: \(file) is not a report saved with `roiledger report --format json` (no report, provenance or digest)")
        }
        document["digest"] = nil
        let contentDigest = ContentDigest.sha256(JSONValue.object(document).canonicalText)
        guard contentDigest == digest else {
            throw Self.failed("the report was edited after it was issued: its content hashes to \(contentDigest), not to its digest \(digest)")
        }
        Terminal.writeLine("content: matches its digest \(digest)")
        let log = try global.openLedger(readOnly: true)
        guard let head = try log.head(seq: provenance.headSeq) else {
            throw Self.failed("the ledger is shorter than when the report was issued: it has \(try log.count()) events, the report names seq \(provenance.headSeq)")
        }
        guard head.hash.description == provenance.headHash else {
            throw Self.failed("the ledger was rewritten after the report was issued: seq \(head.seq) has hash \(head.hash) now, the report names \(provenance.headHash)")
        }
        let verification = try log.verify(anchor: ChainAnchor(seq: head.seq, hash: head.hash))
        guard verification.isValid else {
            throw Self.failed("the ledger's chain is broken at seq \(verification.failure?.seq ?? 0): \(verification.failure?.reason ?? "")")
        }
        Terminal.writeLine("ledger: seq \(head.seq) has the hash the report names; the chain verifies (\(verification.checkedCount) events)")
        // From the log alone: a checkpoint is a cache, and evidence must not rest on one.
        let facts = try PreparedReplay.fold(log, through: [head], checkpoints: .off)[0]
        var (rules, version) = try ruleSet(provenance, facts: facts)
        rules.attribution.level = provenance.level
        let prepared = PreparedReplay(facts: facts, rules: rules, ruleSetName: provenance.ruleSetName, ruleSetVersion: version,
                                      ruleSetSource: provenance.ruleSetSource, window: provenance.window, head: head,
                                      ledger: ResolvedLedger(facts: facts, rules: rules))
        let report = prepared.report(models: provenance.models, groupBy: provenance.groupBy, views: provenance.views, asOf: provenance.asOf)
        guard report.digest == digest else {
            let program = provenance.program == "roiledger \(ProgramVersion.current)" ? "" : " (it was issued by \(provenance.program); this is roiledger \(ProgramVersion.current))"
            throw Self.failed("the ledger replays to a different report: digest \(report.digest), the report says \(digest)\(program)")
        }
        Terminal.writeLine("replay: reproduced byte for byte under \(provenance.ruleSetName)\(version.map { " v\($0)" } ?? "") (\(provenance.ruleSetSource)), \(provenance.window.from) to \(provenance.window.to)")
        Terminal.writeLine("audit passed")
    }

    static func failed(_ reason: String) -> CommandFailure {
        CommandFailure(message: "audit FAILED: \(reason)", exitCode: 2)
    }

    /// The rule set the report names, checked against the hash it recorded.
    func ruleSet(_ provenance: AuditedProvenance, facts: LedgerFacts) throws -> (RuleSet, Int?) {
        let rules: RuleSet
        switch provenance.ruleSetSource {
        case "log":
            let reference = provenance.ruleSetName + (provenance.ruleSetVersion.map { "@\($0)" } ?? "")
            guard let published = PublishedRuleSets(facts).find(reference) else {
                throw Self.failed("the rule set \(reference) the report names is not in the ledger up to seq \(provenance.headSeq)")
            }
            rules = try published.ruleSet()
        case "file":
            guard let rulesFile else {
                throw CommandFailure(message: "error: the report used the rule-set file \(provenance.ruleSetName); pass it with --rules-file", exitCode: 64)
            }
            rules = try RulesFile.read(rulesFile).rules
        default:
            rules = RuleSet.shippedDefault
        }
        guard rules.contentHash.description == provenance.ruleSetHash else {
            throw Self.failed("the rule set has hash \(rules.contentHash), the report names \(provenance.ruleSetHash)")
        }
        return (rules, provenance.ruleSetVersion)
    }
}

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
