public import LedgerCore
import LedgerProjections

extension Report {
    /// The content as JSON, without its digest (`schemas/report.schema.json`).
    public var content: JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "report", value: .string("report")),
            .init(key: "provenance", value: provenance.json),
        ]
        if !ruleChanges.isEmpty { members.append(.init(key: "rule_changes", value: .array(ruleChanges.map(\.json)))) }
        if let attribution { members.append(.init(key: "attribution", value: attribution.json)) }
        let flagged = Dictionary(tables.map { ($0.key, $0) }) { first, _ in first }
        if let funnel {
            members.append(.init(key: "funnel", value: .object(JSONObject([.init(key: "tables", value: .array(funnel.tables.map { flagged[$0.key]!.json }))]))))
        }
        if let roi {
            members.append(.init(key: "roi", value: .object(JSONObject([
                .init(key: "model", value: .string(roi.model.rawValue)),
                .init(key: "shared_spend", value: .string(roi.view.sharedSpend.description)),
                .init(key: "allocation", value: .string(roi.view.allocation.rawValue)),
                .init(key: "tables", value: .array(roi.tables.map { flagged[$0.key]!.json })),
            ]))))
        }
        if let handoff {
            members.append(.init(key: "handoff", value: .object(JSONObject([.init(key: "tables", value: .array(handoff.tables.map { flagged[$0.key]!.json }))]))))
        }
        members.append(.init(key: "completeness", value: completeness.json))
        return .object(JSONObject(members))
    }

    /// SHA-256 of the canonical JSON of `content`: what `audit` recomputes.
    public var digest: String {
        ContentDigest.sha256(content.canonicalText)
    }

    /// The JSON document: content plus digest, canonical, one line.
    public func renderJSON() -> String {
        document.canonicalText + "\n"
    }

    /// Content plus digest: what `--format json` prints, and what a series embeds.
    public var document: JSONValue {
        guard case .object(var object) = content else { return content }
        object["digest"] = .string(digest)
        return .object(object)
    }

    /// The provenance, then each table under its title. Money rounds half-even to cents for
    /// display only; JSON and CSV carry exact decimals.
    public func renderTable() -> String {
        var parts = [provenance.lines(digest: digest).joined(separator: "\n") + "\n"]
        parts += tables.map { $0.renderText() }
        return parts.joined(separator: "\n")
    }
}

extension Provenance {
    /// The provenance for people: window, ledger head, rule set, models, program and digest.
    public func lines(digest: String, title: String? = nil) -> [String] {
        let version = ruleSetVersion.map { " v\($0)" } ?? ""
        return [
            (title ?? "roiledger report: \(views.map(\.rawValue).joined(separator: ", "))") + "; \(window.from) to \(window.to) (\(timeZone ?? "UTC"), inclusive); grouped by \(groupBy); \(level.rawValue) level",
            "ledger: head seq \(headSeq), hash \(headHash)" + (asOf.map { ", as of \($0)" } ?? ""),
            "rule set: \(ruleSetName)\(version) (\(ruleSetSource)), sha256 \(ruleSetHash)",
            "models: \(models.map(\.rawValue).joined(separator: ", ")); \(program); digest \(digest)",
        ]
    }
}
