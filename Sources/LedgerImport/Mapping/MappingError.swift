/// A mapping file that cannot be used: which field (a dotted path such as `events[2].at`), what
/// is wrong with it and what was expected.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var expected: String

    public init(field: String, problem: String, expected: String) {
        self.field = field
        self.problem = problem
        self.expected = expected
    }

    public var description: String { "field `\(field)`: \(problem); expected \(expected)" }
}
