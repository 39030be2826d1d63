/// Why a line is not well-formed JSON, and where: `offset` counts bytes from the start of the
/// line (0-based), which the ingest error turns into a column.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
