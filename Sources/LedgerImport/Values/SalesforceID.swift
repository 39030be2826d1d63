/// Salesforce record ids. Reports export the 15-character form, which is case-sensitive; the API
/// and Data Loader export the 18-character form, whose last three characters encode the case of
/// the first fifteen so that it survives case-insensitive tools. The ledger compares ids
/// exactly, so every Salesforce id is stored in its 18-character form.
enum SalesforceID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    /// The 18-character form of a 15- or 18-character id, or nil when it is neither (or an
    /// 18-character id whose suffix does not match its first fifteen characters).
    static func canonical(_ id: String) -> String? {
        let characters = Array(id)
        guard characters.count == 15 || characters.count == 18,
              characters.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let base = Array(characters.prefix(15))
        var suffix = ""
        for chunk in 0..<3 {
            var bits = 0
            for position in 0..<5 where base[chunk * 5 + position].isUppercase {
                bits |= 1 << position
            }
            suffix.append(alphabet[bits])
        }
        if characters.count == 18 {
            // The suffix is case-insensitive by design; the first fifteen are authoritative.
            guard String(characters.suffix(3)).uppercased() == suffix else { return nil }
        }
        return String(base) + suffix
    }
}
