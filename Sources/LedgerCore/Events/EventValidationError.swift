/// Why an event breaks the contract: the field at fault (a dotted path such as `utm.source` or
/// `contacts.2`), what is wrong with it and what would be right. The ingest layer adds file and
/// line.
public struct EventValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var expected: String

    public init(field: String, problem: String, expected: String) {
        self.field = field
        self.problem = problem
        self.expected = expected
    }

    public var description: String {
        "field `\(field)`: \(problem); expected \(expected)"
    }
}
