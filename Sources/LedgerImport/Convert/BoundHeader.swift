/// A mapping's columns found in one file's header row: where each column is, and the members of
/// each column family with the values their labels carry.
struct BoundHeader {
    struct FamilyMember {
        var index: Int
        var label: String
        var captures: [String: String]
    }

    let labels: [String]
    /// Column key → cell index, for the columns the file has.
    var indices: [String: Int] = [:]
    var families: [String: [FamilyMember]] = [:]
    /// Values captured from column labels (`Amount spent (USD)` → currency USD).
    var labelCaptures: [String: String] = [:]

    /// Binds `mapping` to the header `labels`; nil when a required column is missing (the row is
    /// not the header). Labels are compared without regard to case, surrounding space or a BOM.
    init?(labels rawLabels: [String], mapping: Mapping) {
        labels = rawLabels.map(Self.normalised)
        var anyFound = false
        for column in mapping.columns {
            if let index = labels.firstIndex(where: { label in column.headers.contains { Self.normalised($0) == label } }) {
                indices[column.key] = index
                anyFound = true
            } else if let pattern = column.headerPattern,
                      let (index, captures) = rawLabels.enumerated().lazy.compactMap({ offset, label in
                          pattern.match(Self.trimmed(label)).map { (offset, $0) } }).first {
                indices[column.key] = index
                labelCaptures.merge(captures) { first, _ in first }
                anyFound = true
            } else if column.required {
                return nil
            }
        }
        for family in mapping.families {
            var members: [FamilyMember] = []
            for (index, label) in rawLabels.enumerated() {
                if let captures = family.pattern.match(Self.trimmed(label)) {
                    members.append(FamilyMember(index: index, label: Self.trimmed(label), captures: captures))
                }
            }
            if !members.isEmpty { anyFound = true }
            families[family.key] = members
        }
        guard anyFound else { return nil }
    }

    static func trimmed(_ label: String) -> String {
        var text = Substring(label)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }

    static func normalised(_ label: String) -> String {
        trimmed(label).lowercased()
    }
}
