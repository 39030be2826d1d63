/// A qualification predicate over a contact's attributes and recorded stages, such as
/// `score >= 50 and employees >= 200` or `stage('sql') or (title in ['CMO', 'VP Marketing'])`.
///
/// The language is small on purpose, so that marketing ops can read and review it:
/// comparisons (`==` or `=`, `!=`, `<`, `<=`, `>`, `>=`) of an attribute with a number, a string
/// (single or double quotes) or a boolean; `in [...]` and `not in [...]`; `stage('name')` (the CRM
/// recorded that stage for the contact); a bare attribute (true when it is the boolean `true`);
/// `and`, `or`, `not` and parentheses. Numbers compare exactly as decimals; strings compare
/// exactly (`<` by UTF-8 bytes). A comparison with a missing attribute (`not in` included), or of
/// a number with a string, is false; `not` then negates that false like any other.
public indirect enum Predicate: Sendable, Equatable {
    case constant(Bool)
    case compare(attribute: String, op: ComparisonOperator, value: PredicateValue)
    case member(attribute: String, values: [PredicateValue])
    /// `attribute not in [...]`: a comparison, so false when the attribute is missing (as SQL's
    /// `NOT IN` with a NULL), unlike `not (attribute in [...])`, which negates a false.
    case notMember(attribute: String, values: [PredicateValue])
    case attribute(String)
    case stage(String)
    case not(Predicate)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
}

public enum ComparisonOperator: String, Sendable, Equatable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A literal in a predicate.
public enum PredicateValue: Sendable, Equatable {
    /// Canonical decimal text.
    case number(String)
    case string(String)
    case bool(Bool)
}

/// Why a predicate does not parse: the 1-based column and what was expected there.
public struct PredicateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public var description: String { "at column \(column): \(message)" }
}

extension Predicate {
    /// What a predicate reads of one contact.
    public struct Subject: Sendable {
        public var attributes: [String: AttributeValue]
        public var stages: Set<String>

        public init(attributes: [String: AttributeValue], stages: Set<String>) {
            self.attributes = attributes
            self.stages = stages
        }
    }

    public func holds(for subject: Subject) -> Bool {
        switch self {
        case .constant(let value): return value
        case .attribute(let name):
            if case .bool(true)? = subject.attributes[name] { return true }
            return false
        case .stage(let name): return subject.stages.contains(name)
        case .not(let inner): return !inner.holds(for: subject)
        case .and(let left, let right): return left.holds(for: subject) && right.holds(for: subject)
        case .or(let left, let right): return left.holds(for: subject) || right.holds(for: subject)
        case .member(let name, let values):
            guard let actual = subject.attributes[name] else { return false }
            return values.contains { Self.compare(actual, .equal, $0) }
        case .notMember(let name, let values):
            guard let actual = subject.attributes[name] else { return false }
            return !values.contains { Self.compare(actual, .equal, $0) }
        case .compare(let name, let op, let value):
            guard let actual = subject.attributes[name] else { return false }
            return Self.compare(actual, op, value)
        }
    }

    static func compare(_ actual: AttributeValue, _ op: ComparisonOperator, _ expected: PredicateValue) -> Bool {
        let order: Int
        switch (actual, expected) {
        case (.number(let left), .number(let right)): order = DecimalText.compare(left, right)
        case (.string(let left), .string(let right)):
            order = left == right ? 0 : (left.utf8.lexicographicallyPrecedes(right.utf8) ? -1 : 1)
        case (.bool(let left), .bool(let right)):
            guard op == .equal || op == .notEqual else { return false }
            order = left == right ? 0 : 1
        default:
            return false
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }
}

/// Exact comparison of canonical decimal texts (`-12.5`, `200`, `0.001`), without floating point.
enum DecimalText {
    static func compare(_ left: String, _ right: String) -> Int {
        let (leftNegative, leftWhole, leftFraction) = parts(left)
        let (rightNegative, rightWhole, rightFraction) = parts(right)
        if leftNegative != rightNegative {
            let bothZero = leftWhole == "0" && rightWhole == "0" && leftFraction.isEmpty && rightFraction.isEmpty
            return bothZero ? 0 : (leftNegative ? -1 : 1)
        }
        var magnitude: Int
        if leftWhole.count != rightWhole.count {
            magnitude = leftWhole.count < rightWhole.count ? -1 : 1
        } else if leftWhole != rightWhole {
            magnitude = leftWhole.utf8.lexicographicallyPrecedes(rightWhole.utf8) ? -1 : 1
        } else {
            let width = max(leftFraction.count, rightFraction.count)
            let a = leftFraction + String(repeating: "0", count: width - leftFraction.count)
            let b = rightFraction + String(repeating: "0", count: width - rightFraction.count)
            magnitude = a == b ? 0 : (a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1)
        }
        return leftNegative ? -magnitude : magnitude
    }

    private static func parts(_ text: String) -> (Bool, String, String) {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let pieces = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = String(pieces[0])
        while whole.count > 1, whole.first == "0" { whole.removeFirst() }
        if whole.isEmpty { whole = "0" }
        var fraction = pieces.count > 1 ? String(pieces[1]) : ""
        while fraction.last == "0" { fraction.removeLast() }
        return (negative, whole, fraction)
    }
}

extension Predicate {
    /// The attributes the predicate reads: a replay need track no others.
    public var attributeNames: Set<String> {
        switch self {
        case .constant, .stage: []
        case .compare(let attribute, _, _), .member(let attribute, _), .notMember(let attribute, _), .attribute(let attribute): [attribute]
        case .not(let inner): inner.attributeNames
        case .and(let left, let right), .or(let left, let right): left.attributeNames.union(right.attributeNames)
        }
    }
}
