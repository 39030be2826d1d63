/// A plain-text table with aligned columns: text left, numbers right; a rule above totals.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    public private(set) var rows: [[String]?] = []

    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// A line of dashes under the rows so far (before totals).
    public mutating func appendRule() {
        rows.append(nil)
    }

    public var rowCount: Int { rows.compactMap { $0 }.count }

    public func render() -> String {
        var widths = headers.map { $0.count }
        for row in rows.compactMap({ $0 }) {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                parts.append(alignments[index] == .left ? cell + padding : padding + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var lines = [line(headers), rule]
        lines += rows.map { $0.map(line) ?? rule }
        return lines.joined(separator: "\n") + "\n"
    }
}
