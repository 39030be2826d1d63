/// Why a rule set is invalid: the JSON path at fault (`$.attribution.lookback_days`), what is
/// wrong, and what would be right.
public struct RuleSetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var expected: String

    public init(path: String, problem: String, expected: String) {
        self.path = path
        self.problem = problem
        self.expected = expected
    }

    /// The path as a dotted field (`channel_mapping.0.channel`), as ingest errors name fields.
    public var dottedField: String {
        var text = ""
        for character in path.dropFirst(path.hasPrefix("$") ? 1 : 0) {
            switch character {
            case "[": text.append(".")
            case "]": continue
            default: text.append(character)
            }
        }
        return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }

    public var description: String {
        "rule set \(path): \(problem); expected \(expected)"
    }
}
