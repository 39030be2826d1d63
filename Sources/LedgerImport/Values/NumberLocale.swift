/// How an export writes numbers: the decimal and group characters, currency symbols, negatives in
/// parentheses, and the markers that mean "no value".
///
/// Reading is strict where a wrong guess would move money: `1,234` when no group character is
/// declared could be one thousand or one point two, so it is refused as ambiguous; so are
/// malformed groups (`1,23,4`), exponents and money with more than four fraction digits that are
/// not zeros.
public struct NumberLocale: Sendable, Equatable {
    public var decimal: Character
    public var group: Character?
    public var currencySymbols: [String]
    public var negativeParentheses: Bool
    public var missing: [String]

    public init(decimal: Character = ".", group: Character? = nil, currencySymbols: [String] = [],
                negativeParentheses: Bool = false, missing: [String] = []) {
        self.decimal = decimal
        self.group = group
        self.currencySymbols = currencySymbols
        self.negativeParentheses = negativeParentheses
        self.missing = missing
    }

    /// Characters that separate groups somewhere in the world; one of them in a number, when no
    /// group is declared and it is not the decimal character, makes the number ambiguous.
    static let separators: Set<Character> = [".", ",", "'", " ", "\u{00A0}", "\u{202F}", "\u{2009}"]

    /// A number read from a cell: its exact decimal text (`-1234.5`), or nil for a missing value.
    func read(_ raw: String, money: Bool) throws(CellProblem) -> String? {
        var text = Self.trimmed(raw)
        if text.isEmpty || missing.contains(text) { return nil }
        var negative = false
        if negativeParentheses, text.hasPrefix("("), text.hasSuffix(")") {
            negative = true
            text = Self.trimmed(String(text.dropFirst().dropLast()))
        }
        if text.hasPrefix("-") { negative.toggle(); text = Self.trimmed(String(text.dropFirst())) }
        for symbol in currencySymbols.sorted(by: { $0.count > $1.count }) {
            if text.hasPrefix(symbol) { text = Self.trimmed(String(text.dropFirst(symbol.count))); break }
            if text.hasSuffix(symbol) { text = Self.trimmed(String(text.dropLast(symbol.count))); break }
        }
        if text.hasPrefix("-"), !negative { negative = true; text = Self.trimmed(String(text.dropFirst())) }
        if text.hasSuffix("-"), !negative { negative = true; text = Self.trimmed(String(text.dropLast())) }
        let expected = expectation(money: money)
        if text.contains(where: { $0 == "e" || $0 == "E" }) {
            throw CellProblem(code: .castNumber, problem: "\"\(raw)\" is in exponent notation", expected: expected)
        }
        var whole = ""
        var fraction = ""
        var inFraction = false
        var groups: [Int] = [0]
        for character in text {
            if character.isASCII, character.isNumber {
                if inFraction { fraction.append(character) } else { whole.append(character); groups[groups.count - 1] += 1 }
            } else if character == decimal, !inFraction {
                inFraction = true
            } else if let group, character == group || (group == " " && Self.separators.contains(character) && character.isWhitespace), !inFraction {
                groups.append(0)
            } else if group == nil, Self.separators.contains(character) {
                throw CellProblem(code: .ambiguousNumber,
                                  problem: "\"\(raw)\" uses \"\(character)\", which this mapping does not declare as a group or decimal character",
                                  expected: "\(expected); declare `numbers.group` if the export groups thousands")
            } else {
                throw CellProblem(code: .castNumber, problem: "\"\(raw)\" is not a number", expected: expected)
            }
        }
        guard !whole.isEmpty || !fraction.isEmpty, !(inFraction && fraction.isEmpty) else {
            throw CellProblem(code: .castNumber, problem: "\"\(raw)\" is not a number", expected: expected)
        }
        if groups.count > 1, !(1...3).contains(groups[0]) || groups.dropFirst().contains(where: { $0 != 3 }) {
            throw CellProblem(code: .castNumber, problem: "\"\(raw)\" groups its digits irregularly", expected: expected)
        }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if money, fraction.count > 4 {
            throw CellProblem(code: .moneyPrecision, problem: "\"\(raw)\" has \(fraction.count) fraction digits",
                              expected: "money with at most 4 fraction digits (the ledger keeps 1/10,000 of a unit exactly)")
        }
        let digits = whole.drop(while: { $0 == "0" })
        if money, digits.count > 14 {
            throw CellProblem(code: .castNumber, problem: "\"\(raw)\" is too large", expected: "money below 10^14")
        }
        var result = digits.isEmpty ? "0" : String(digits)
        if !fraction.isEmpty { result += "." + fraction }
        if negative, result != "0" { result = "-" + result }
        return result
    }

    private func expectation(money: Bool) -> String {
        var example = "1\(group.map(String.init) ?? "")234\(decimal)50"
        if let symbol = currencySymbols.first { example = symbol + example }
        return money ? "an amount such as \(example)" : "a number such as \(example)"
    }

    static func trimmed(_ text: String) -> String {
        var view = Substring(text)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
