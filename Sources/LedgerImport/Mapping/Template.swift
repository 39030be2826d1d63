/// A string with placeholders: `hubspot:contact:{id}`, `{source|map:channels}`,
/// `{contact_id|or:email|lower}`. `{{` and `}}` are literal braces.
///
/// Placeholders name a column key, or inside a repeated template `item` (a list's item), `value`
/// (a family member's cell) and the family's captures; `#digest` (ids only) is a digest of the
/// event's other fields, for facts keyed by their content. Filters apply left to right:
/// `lower`, `upper`, `trim`, `slug` (lower case, runs of anything but letters and digits as one
/// `_`), `map:NAME` (a declared value map), `or:KEY` (another column when this one is empty),
/// `date` (a timestamp's UTC date), `first` (a list's first item).
struct Template: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case placeholder(Placeholder)
    }

    struct Placeholder: Sendable, Equatable {
        var name: String
        var filters: [Filter]
    }

    enum Filter: Sendable, Equatable {
        case lower, upper, trim, slug, date, first
        case map(String)
        case or(String)
    }

    var text: String
    var parts: [Part]

    /// The lone placeholder when the template is exactly one, so the value keeps its column's
    /// type (a number stays a JSON number, a list an array).
    var single: Placeholder? {
        if parts.count == 1, case .placeholder(let placeholder) = parts[0] { return placeholder }
        return nil
    }

    var placeholders: [Placeholder] {
        parts.compactMap { if case .placeholder(let placeholder) = $0 { placeholder } else { nil } }
    }

    /// Parses `text`; the error says what is wrong with it.
    static func parse(_ text: String) -> Result<Template, TemplateSyntaxError> {
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
                continue
            }
            if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
                continue
            }
            if character == "}" { return .failure(TemplateSyntaxError(problem: "has a `}` with no `{`")) }
            guard character == "{" else {
                literal.append(character)
                index = next
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else {
                return .failure(TemplateSyntaxError(problem: "has a `{` with no `}`"))
            }
            let inside = text[next..<close].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard let name = inside.first, !name.isEmpty else { return .failure(TemplateSyntaxError(problem: "has an empty placeholder")) }
            var filters: [Filter] = []
            for spec in inside.dropFirst() {
                let pieces = spec.split(separator: ":", maxSplits: 1).map(String.init)
                switch (pieces.first ?? "", pieces.count) {
                case ("lower", 1): filters.append(.lower)
                case ("upper", 1): filters.append(.upper)
                case ("trim", 1): filters.append(.trim)
                case ("slug", 1): filters.append(.slug)
                case ("date", 1): filters.append(.date)
                case ("first", 1): filters.append(.first)
                case ("map", 2): filters.append(.map(pieces[1]))
                case ("or", 2): filters.append(.or(pieces[1]))
                default:
                    return .failure(TemplateSyntaxError(problem: "has an unknown filter `\(spec)` in `{\(text[next..<close])}`"))
                }
            }
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            parts.append(.placeholder(Placeholder(name: name, filters: filters)))
            index = text.index(after: close)
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return .success(Template(text: text, parts: parts))
    }
}

struct TemplateSyntaxError: Error, Sendable {
    var problem: String
}
