public import LedgerCore
public import LedgerProjections
import Foundation

/// Publishing a rule set: the file's rule set becomes NAME's next version, in force from a date.
public struct PublishRulesRequest: Sendable {
    /// The document's text, and where it came from (a path, a request) for errors.
    public var document: String
    public var source: String
    public var name: String
    public var effectiveFrom: String
    public var context: ActionContext
    /// Validate only.
    public var dryRun: Bool

    public init(document: String, source: String, name: String, effectiveFrom: String, context: ActionContext = ActionContext(), dryRun: Bool = false) {
        self.document = document
        self.source = source
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.context = context
        self.dryRun = dryRun
    }
}

public struct PublishRulesResult: Sendable {
    /// nil for a dry run.
    public var appended: AppendResult?
    public var label: String
    public var effectiveFrom: LedgerDate
    public var hash: String
}

/// One published version, as listed.
public struct PublishedRuleSetEntry: Sendable {
    public var label: String
    public var effectiveFrom: LedgerDate
    public var at: Timestamp
    public var seq: Int64
    /// nil when the stored body no longer loads as a rule set under this program.
    public var hash: String?
}

extension LedgerSession {
    /// Appends a `rules` event. Versions count this name's publications before this one, read
    /// by lookup (the ledger's `rules` events), not by a replay.
    public func publishRules(_ request: PublishRulesRequest) throws -> PublishRulesResult {
        let effectiveFrom = try RequestValues.date(request.effectiveFrom, .effectiveFrom)
        let (rules, body) = try RuleSetLoader.parse(request.document, source: request.source)
        let published = try LedgerLookups(log: log).publishedRuleSets()
        let version = published.versions.filter { $0.name == request.name }.count + 1
        let at = try request.context.atTimestamp(environment)
        let id = request.context.id ?? "rules:\(request.name)@\(version)@\(RFC3339.format(at, nanosecondRemainder: 0))"
        let fields: [(String, JSONValue)] = [("name", .string(request.name)), ("effective_from", .string(effectiveFrom.description)), ("body", body)]
        let writer = EventWriter(session: self)
        let decoded = try writer.compose(action: "rules", type: .rules, id: id, at: at,
                                         fields: fields + (try request.context.whoAndWhy(environment, requireReason: nil)))
        let recordedAt = try request.context.recordedAtTimestamp()
        var appended: AppendResult?
        if request.dryRun {
            try writer.validate(decoded, action: "rules", recordedAt: recordedAt)
        } else {
            appended = try writer.append(decoded, action: "rules", recordedAt: recordedAt)
        }
        return PublishRulesResult(appended: appended, label: "\(request.name)@\(version)", effectiveFrom: effectiveFrom, hash: rules.contentHash.description)
    }

    /// Every published rule set as the ledger stood at `asOf` (RFC 3339; nil: now), in ledger order.
    public func listRules(asOf: String? = nil) throws -> [PublishedRuleSetEntry] {
        try publishedRuleSets(asOf: asOf).versions.map { version in
            PublishedRuleSetEntry(label: version.label, effectiveFrom: version.effectiveFrom, at: version.at, seq: version.seq,
                                  hash: try? version.ruleSet().contentHash.description)
        }
    }

    /// One published version (`NAME`: the latest) with its canonical JSON.
    public func showRules(_ reference: String, asOf: String? = nil) throws -> (entry: PublishedRuleSetEntry, json: String) {
        let version = try RuleSetLoader.find(reference, in: try publishedRuleSets(asOf: asOf))
        let entry = PublishedRuleSetEntry(label: version.label, effectiveFrom: version.effectiveFrom, at: version.at, seq: version.seq,
                                          hash: try? version.ruleSet().contentHash.description)
        return (entry, JSONValue.object(version.body).canonicalText)
    }

    /// Key-by-key differences of two rule sets, each `NAME`, `NAME@VERSION` or a file.
    public func diffRules(_ first: String, _ second: String) throws -> [String] {
        let published = try publishedRuleSets(asOf: nil)
        func document(_ reference: String) throws -> JSONValue {
            if FileManager.default.fileExists(atPath: reference) { return try RuleSetLoader.read(reference).body }
            return .object(try RuleSetLoader.find(reference, in: published).body)
        }
        return RuleSetDiff.lines(try document(first), try document(second))
    }

    func publishedRuleSets(asOf: String?) throws -> PublishedRuleSets {
        let head = try replayer.head(asOfText: asOf)
        return try LedgerLookups(log: log).publishedRuleSets(throughSeq: head?.seq ?? 0)
    }
}

/// Key-by-key differences of two JSON documents, as `path: A -> B` lines sorted by path.
public enum RuleSetDiff {
    public static func lines(_ first: JSONValue, _ second: JSONValue) -> [String] {
        var left: [String: String] = [:]
        var right: [String: String] = [:]
        flatten(first, path: "$", into: &left)
        flatten(second, path: "$", into: &right)
        return Set(left.keys).union(right.keys).sorted().compactMap { path in
            switch (left[path], right[path]) {
            case let (a?, b?) where a != b: "\(path): \(a) -> \(b)"
            case (let a?, nil): "\(path): \(a) -> (absent)"
            case (nil, let b?): "\(path): (absent) -> \(b)"
            default: nil
            }
        }
    }

    /// Objects flatten to `$.key`; arrays and scalars stay whole (a mapping rule list is one value).
    static func flatten(_ value: JSONValue, path: String, into result: inout [String: String]) {
        if case .object(let object) = value, !object.members.isEmpty {
            for member in object.members { flatten(member.value, path: path + "." + member.key, into: &result) }
        } else {
            result[path] = value.canonicalText
        }
    }
}
