/// The text encodings exports arrive in. Spreadsheet tools and ad platforms write UTF-16 with a
/// byte order mark ("Unicode text", Google Ads' "CSV (Excel)"); everything else is UTF-8, with
/// or without a mark.
public enum SourceEncoding: String, Sendable, CaseIterable {
    /// Decide from the byte order mark: UTF-16 LE or BE when one says so, else UTF-8.
    case auto
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// Excel's "CSV" on Western-European Windows; only when a mapping says so (no mark tells).
    case windows1252 = "windows-1252"

    /// The encoding a file's first bytes announce, and how many bytes the mark takes.
    static func detect(_ prefix: UnsafeBufferPointer<UInt8>) -> (SourceEncoding, bomLength: Int)? {
        if prefix.count >= 3, prefix[0] == 0xEF, prefix[1] == 0xBB, prefix[2] == 0xBF { return (.utf8, 3) }
        if prefix.count >= 2, prefix[0] == 0xFF, prefix[1] == 0xFE { return (.utf16LE, 2) }
        if prefix.count >= 2, prefix[0] == 0xFE, prefix[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }
}
