/// How a report groups by an attribute the rule set segments: numeric values into bands
/// (`"employees": [1, 51, 201, 1001, 5001]` gives `1–50`, `51–200`, `201–1000`, `1001–5000`,
/// `5001+`), or text values into named lists (`"industry": {"finance": ["fintech", "banking"]}`).
/// Groups come out in the rule's order, `(missing)` last, instead of one row per raw value.
public enum SegmentRule: Sendable, Equatable {
    /// Ascending band edges: a value v is in the band [e(i), e(i+1)).
    case bands([Fraction])
    /// Named lists of values, in the document's order; values are compared exactly.
    case lists([NamedList])

    public struct NamedList: Sendable, Equatable {
        public var label: String
        public var values: [String]

        public init(label: String, values: [String]) {
            self.label = label
            self.values = values
        }
    }

    public static let missing = "(missing)"
    /// A value no list names.
    public static let other = "(other)"
    /// A value a band rule cannot place (text, a boolean).
    public static let notANumber = "(not a number)"

    /// Every group the rule can give, in report order.
    public var labels: [String] {
        switch self {
        case .bands(let edges):
            var labels = ["under \(Self.text(edges[0]))"]
            for index in edges.indices { labels.append(Self.bandLabel(edges, index)) }
            return labels + [Self.notANumber, Self.missing]
        case .lists(let lists):
            return lists.map(\.label) + [Self.other, Self.missing]
        }
    }

    /// The group of `value` (nil: the record has no such attribute).
    public func label(of value: AttributeValue?) -> String {
        guard let value else { return Self.missing }
        switch self {
        case .bands(let edges):
            guard case .number(let text) = value, let number = Fraction(decimal: text) else { return Self.notANumber }
            guard number >= edges[0] else { return "under \(Self.text(edges[0]))" }
            let index = edges.lastIndex { $0 <= number }!
            return Self.bandLabel(edges, index)
        case .lists(let lists):
            let text: String = switch value {
            case .string(let string): string
            case .number(let number): number
            case .bool(let flag): flag ? "true" : "false"
            }
            return lists.first { $0.values.contains(text) }?.label ?? Self.other
        }
    }

    /// `51–200` for whole edges (the band ends one below the next edge), `0.5–<2.5` otherwise,
    /// and `5001+` for the last.
    static func bandLabel(_ edges: [Fraction], _ index: Int) -> String {
        guard index + 1 < edges.count else { return "\(text(edges[index]))+" }
        let low = edges[index]
        let high = edges[index + 1]
        if low.denominator == 1, high.denominator == 1 {
            return high.numerator - 1 == low.numerator ? "\(low)" : "\(low)–\(high.numerator - 1)"
        }
        return "\(text(low))–<\(text(high))"
    }

    /// An edge as the decimal it was written as (edges parse from decimals of at most 9
    /// fraction digits, so the expansion ends).
    static func text(_ edge: Fraction) -> String {
        var numerator = edge.numerator
        var digits = 0
        while digits < 9, numerator % edge.denominator != 0 {
            numerator *= 10
            digits += 1
        }
        let scaled = String(numerator / edge.denominator)
        guard digits > 0 else { return scaled }
        let padded = String(repeating: "0", count: max(0, digits + 1 - scaled.count)) + scaled
        return String(padded.dropLast(digits)) + "." + String(padded.suffix(digits))
    }

    /// Orders report groups by the rule: its labels in order, anything else after by name.
    public func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let order = labels
        switch (order.firstIndex(of: lhs), order.firstIndex(of: rhs)) {
        case let (left?, right?): return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        }
    }
}
