public import LedgerCore

/// The rule sets published in the log (`rules` events), numbered per name in ledger order:
/// the first `default` is `default@1`, the next `default@2`. Reports pick one by name, by
/// name and version, or as the one in force at the window's end.
public struct PublishedRuleSets: Sendable {
    public struct Version: Sendable {
        public var name: String
        public var version: Int
        public var effectiveFrom: LedgerDate
        public var seq: Int64
        public var id: String
        public var at: Timestamp
        public var body: JSONObject

        /// `name@version`.
        public var label: String { "\(name)@\(version)" }

        /// The rule set; publication validated it, so this only fails on a ledger written by
        /// an older, looser program.
        public func ruleSet() throws(RuleSetError) -> RuleSet { try RuleSet(document: .object(body)) }
    }

    /// In ledger order.
    public var versions: [Version]

    public init(_ facts: LedgerFacts) {
        var counts: [String: Int] = [:]
        versions = facts.rulePublications.map { publication in
            counts[publication.value.name, default: 0] += 1
            return Version(name: publication.value.name, version: counts[publication.value.name]!, effectiveFrom: publication.value.effectiveFrom,
                           seq: publication.seq, id: publication.id, at: publication.at, body: publication.value.body)
        }
    }

    /// `NAME` (its latest version) or `NAME@VERSION`; nil when the log has no such version.
    public func find(_ reference: String) -> Version? {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let named = versions.filter { $0.name == parts[0] }
        guard parts.count == 2 else { return named.last }
        guard let number = Int(parts[1]) else { return nil }
        return named.first { $0.version == number }
    }

    /// The one in force at `date`: the latest `effective_from` on or before it, then the latest
    /// published.
    public func inForce(at date: LedgerDate) -> Version? {
        versions.filter { $0.effectiveFrom <= date }.max { ($0.effectiveFrom, $0.seq) < ($1.effectiveFrom, $1.seq) }
    }
}
