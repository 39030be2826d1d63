/// Why a whole import stopped (a file that cannot be read, a header that is not there, a mapping
/// that does not load, too many bad rows): it names the file, and the line when there is one.
public struct ImportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var field: String?
    public var message: String
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String, hint: String?) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        var text = "\(location): "
        if let field { text += "field `\(field)`: " }
        text += message
        if let hint { text += "; \(hint)" }
        return text
    }
}
