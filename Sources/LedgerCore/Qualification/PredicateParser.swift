/// Parses the qualification language (see `Predicate`) by recursive descent.
public struct PredicateParser {
    enum Token: Equatable {
        case word(String)
        case number(String)
        case string(String)
        case symbol(String)
        case end
    }

    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0

    public static func parse(_ text: String) throws(PredicateError) -> Predicate {
        var parser = PredicateParser()
        parser.tokens = try tokenize(text)
        let predicate = try parser.parseOr()
        guard case .end = parser.current else { throw parser.error("unexpected \(parser.describe(parser.current)); expected `and`, `or` or the end") }
        return predicate
    }

    private var current: Token { tokens[position].token }

    private func error(_ message: String) -> PredicateError {
        PredicateError(column: tokens[position].column, message: message)
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): "`\(word)`"
        case .number(let number): "the number \(number)"
        case .string(let string): "the string '\(string)'"
        case .symbol(let symbol): "`\(symbol)`"
        case .end: "the end"
        }
    }

    private mutating func advance() { position += 1 }

    private mutating func parseOr() throws(PredicateError) -> Predicate {
        var left = try parseAnd()
        while current == .word("or") {
            advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(PredicateError) -> Predicate {
        var left = try parseUnary()
        while current == .word("and") {
            advance()
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(PredicateError) -> Predicate {
        if current == .word("not") {
            advance()
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(PredicateError) -> Predicate {
        switch current {
        case .symbol("("):
            advance()
            let inner = try parseOr()
            guard current == .symbol(")") else { throw error("expected `)`, found \(describe(current))") }
            advance()
            return inner
        case .word("true"): advance(); return .constant(true)
        case .word("false"): advance(); return .constant(false)
        case .word("stage"):
            advance()
            guard current == .symbol("(") else { throw error("expected `(` after stage, as in stage('sql')") }
            advance()
            guard case .string(let name) = current else { throw error("expected a quoted stage name, as in stage('sql')") }
            advance()
            guard current == .symbol(")") else { throw error("expected `)` after the stage name") }
            advance()
            return .stage(name)
        case .word(let name) where !["and", "or", "not", "in"].contains(name):
            advance()
            return try parseComparison(name)
        default:
            throw error("expected an attribute, stage('…'), `not` or `(`, found \(describe(current))")
        }
    }

    private mutating func parseComparison(_ attribute: String) throws(PredicateError) -> Predicate {
        if current == .word("in") {
            advance()
            return .member(attribute: attribute, values: try parseList())
        }
        if current == .word("not"), position + 1 < tokens.count, tokens[position + 1].token == .word("in") {
            advance()
            advance()
            return .notMember(attribute: attribute, values: try parseList())
        }
        guard case .symbol(let symbol) = current, let op = Self.comparison(symbol) else { return .attribute(attribute) }
        advance()
        return .compare(attribute: attribute, op: op, value: try parseValue())
    }

    private static func comparison(_ symbol: String) -> ComparisonOperator? {
        switch symbol {
        case "=", "==": .equal
        case "!=": .notEqual
        case "<": .less
        case "<=": .lessOrEqual
        case ">": .greater
        case ">=": .greaterOrEqual
        default: nil
        }
    }

    private mutating func parseValue() throws(PredicateError) -> PredicateValue {
        let value: PredicateValue
        switch current {
        case .number(let number): value = .number(CanonicalNumber.canonical(number))
        case .string(let string): value = .string(string)
        case .word("true"): value = .bool(true)
        case .word("false"): value = .bool(false)
        default: throw error("expected a number, a quoted string, true or false, found \(describe(current))")
        }
        advance()
        return value
    }

    private mutating func parseList() throws(PredicateError) -> [PredicateValue] {
        guard current == .symbol("[") else { throw error("expected `[` to start a list, as in ['fintech', 'retail']") }
        advance()
        var values = [try parseValue()]
        while current == .symbol(",") {
            advance()
            values.append(try parseValue())
        }
        guard current == .symbol("]") else { throw error("expected `,` or `]` in the list, found \(describe(current))") }
        advance()
        return values
    }

    static func tokenize(_ text: String) throws(PredicateError) -> [(token: Token, column: Int)] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [(token: Token, column: Int)] = []
        var index = 0
        func isWordStart(_ s: Unicode.Scalar) -> Bool { s == "_" || s.properties.isAlphabetic }
        func isWordPart(_ s: Unicode.Scalar) -> Bool { isWordStart(s) || ("0"..."9").contains(s) || s == "." || s == "-" }
        while index < scalars.count {
            let scalar = scalars[index]
            let column = index + 1
            if scalar == " " || scalar == "\t" || scalar == "\n" { index += 1; continue }
            if isWordStart(scalar) {
                var word = ""
                while index < scalars.count, isWordPart(scalars[index]) { word.unicodeScalars.append(scalars[index]); index += 1 }
                tokens.append((.word(word), column))
            } else if ("0"..."9").contains(scalar) || (scalar == "-" && index + 1 < scalars.count && ("0"..."9").contains(scalars[index + 1])) {
                var number = String(scalar)
                index += 1
                while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
                    number.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard Money(number) != nil || Fraction(decimal: number) != nil || Int(number) != nil else {
                    throw PredicateError(column: column, message: "`\(number)` is not a number")
                }
                tokens.append((.number(number), column))
            } else if scalar == "'" || scalar == "\"" {
                var string = ""
                index += 1
                while index < scalars.count, scalars[index] != scalar { string.unicodeScalars.append(scalars[index]); index += 1 }
                guard index < scalars.count else { throw PredicateError(column: column, message: "unterminated string") }
                index += 1
                tokens.append((.string(string), column))
            } else {
                let pair = index + 1 < scalars.count ? String(scalar) + String(scalars[index + 1]) : ""
                if ["<=", ">=", "==", "!="].contains(pair) {
                    tokens.append((.symbol(pair), column))
                    index += 2
                } else if "()[],<>=".unicodeScalars.contains(scalar) {
                    tokens.append((.symbol(String(scalar)), column))
                    index += 1
                } else {
                    throw PredicateError(column: column, message: "unexpected character `\(scalar)`")
                }
            }
        }
        tokens.append((.end, scalars.count + 1))
        return tokens
    }
}
