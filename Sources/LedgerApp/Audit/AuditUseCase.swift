public import LedgerCore
public import LedgerReports
public import LedgerProjections
import LedgerStore
import Foundation

/// What an audit of a saved report found, step by step: a typed verdict a front end words.
public struct AuditResult: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        /// The ledger replays to the report byte for byte.
        case reproduced(ruleSet: String, source: String, window: ReportWindow)
        /// The report's content no longer hashes to its digest.
        case edited(contentDigest: String, digest: String)
        /// The ledger has fewer events than the head the report names.
        case ledgerShortened(events: Int64, namedSeq: Int64)
        /// The head the report names has another hash now.
        case ledgerRewritten(seq: Int64, hash: String, namedHash: String)
        /// The chain up to the named head does not verify.
        case chainBroken(seq: Int64, reason: String)
        /// The rule set the report names is not in the ledger, or has another hash.
        case ruleSetMissing(reference: String, seq: Int64)
        case ruleSetDiffers(hash: String, namedHash: String)
        /// The ledger replays to other numbers.
        case replayDiffers(digest: String, namedDigest: String, issuedBy: String?)
    }

    public var digest: String
    /// Set once the content is checked against its digest.
    public var contentMatches: Bool
    /// The chain's events checked up to the named head (0 before that step).
    public var eventsVerified: Int64
    public var headSeq: Int64
    public var verdict: Verdict

    public var passed: Bool {
        if case .reproduced = verdict { true } else { false }
    }
}

extension LedgerSession {
    /// Re-runs a saved JSON report from its provenance: its digest, the ledger head it names, the
    /// chain up to it, then a replay from the log alone (a checkpoint is a cache, and evidence
    /// must not rest on one). `rulesFile` is the file a report made from one used.
    public func audit(reportText text: String, source: String, rulesFile: String? = nil) throws -> AuditResult {
        guard case .object(var document)? = try? JSONParser.parse(text), case .string(let digest)? = document["digest"],
              document["report"] == .string("report") else {
            throw AppError.notAReport(path: source, problem: "it has no report, provenance or digest")
        }
        guard let provenance = AuditedProvenance(document["provenance"]) else {
            throw AppError.notAReport(path: source, problem: "its provenance is incomplete or names an unknown model, view, level or grouping")
        }
        document["digest"] = nil
        var result = AuditResult(digest: digest, contentMatches: false, eventsVerified: 0, headSeq: provenance.headSeq,
                                 verdict: .reproduced(ruleSet: "", source: "", window: provenance.window))
        let contentDigest = ContentDigest.sha256(JSONValue.object(document).canonicalText)
        guard contentDigest == digest else {
            result.verdict = .edited(contentDigest: contentDigest, digest: digest)
            return result
        }
        result.contentMatches = true
        guard let head = try storeCall({ try log.head(seq: provenance.headSeq) }) else {
            result.verdict = .ledgerShortened(events: try storeCall { try log.count() }, namedSeq: provenance.headSeq)
            return result
        }
        guard head.hash.description == provenance.headHash else {
            result.verdict = .ledgerRewritten(seq: head.seq, hash: head.hash.description, namedHash: provenance.headHash)
            return result
        }
        let verification = try storeCall { try log.verify(anchor: ChainAnchor(seq: head.seq, hash: head.hash)) }
        guard verification.isValid else {
            result.verdict = .chainBroken(seq: verification.failure?.seq ?? 0, reason: verification.failure?.reason ?? "")
            return result
        }
        result.eventsVerified = verification.checkedCount
        let facts = try replayer.fold(through: [head], checkpoints: .off)[0]
        var rules: RuleSet
        var version: Int?
        switch provenance.ruleSetSource {
        case RuleSetIdentity.Source.log.rawValue:
            let reference = provenance.ruleSetName + (provenance.ruleSetVersion.map { "@\($0)" } ?? "")
            guard let published = PublishedRuleSets(facts).find(reference) else {
                result.verdict = .ruleSetMissing(reference: reference, seq: provenance.headSeq)
                return result
            }
            rules = try RuleSetLoader.load(published)
            version = published.version
        case RuleSetIdentity.Source.file.rawValue:
            guard let rulesFile else { throw AppError.ruleSetFileNeeded(name: provenance.ruleSetName) }
            rules = try RuleSetLoader.read(rulesFile).rules
        default:
            rules = .shippedDefault
        }
        guard rules.contentHash.description == provenance.ruleSetHash else {
            result.verdict = .ruleSetDiffers(hash: rules.contentHash.description, namedHash: provenance.ruleSetHash)
            return result
        }
        rules.attribution.level = provenance.level
        let identity = RuleSetIdentity(name: provenance.ruleSetName, version: version ?? provenance.ruleSetVersion,
                                       source: RuleSetIdentity.Source(rawValue: provenance.ruleSetSource) ?? .shippedDefault)
        // The window and its flags as the report settled them: days in the rule set's zone, and
        // the rule-set changes inside it.
        var window = provenance.window
        window.utcOffsetMinutes = rules.calendar.utcOffsetMinutes
        let prepared = PreparedReplay(facts: facts, rules: rules, ruleSet: identity, window: window, head: head,
                                      ledger: ResolvedLedger(facts: facts, rules: rules),
                                      ruleChanges: try RuleSetTimeline.changes(in: window, facts: facts, applied: identity.label))
        environment.retain(prepared.ledger)
        let report = prepared.report(models: provenance.models, groupBy: provenance.groupBy, views: provenance.views, asOf: provenance.asOf)
        guard report.digest == digest else {
            result.verdict = .replayDiffers(digest: report.digest, namedDigest: digest,
                                            issuedBy: provenance.program == ProgramVersion.program ? nil : provenance.program)
            return result
        }
        result.verdict = .reproduced(ruleSet: identity.label, source: provenance.ruleSetSource, window: provenance.window)
        return result
    }

    /// The same, for a report in a file.
    public func audit(reportFile path: String, rulesFile: String? = nil) throws -> AuditResult {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AppError.cannotRead(path: path, reason: FileErrors.reason(error))
        }
        return try audit(reportText: text, source: path, rulesFile: rulesFile)
    }
}
