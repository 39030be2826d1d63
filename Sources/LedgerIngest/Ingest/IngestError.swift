
/// Why an input could not be ingested, said so a person can fix it: the file, the line (and
/// column for JSON syntax), the field, what is wrong and what would be right.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var field: String?
    public var message: String
    public var hint: String?

    public init(file: String?, line: Int?, column: Int? = nil, field: String? = nil, message: String, hint: String?) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var location = file ?? "(input)"
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        var text = "\(location): "
        if let field { text += "field `\(field)`: " }
        text += message
        if let hint { text += "; \(hint)" }
        return text
    }
}
