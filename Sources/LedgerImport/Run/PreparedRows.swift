import LedgerCore

/// A data row read, converted and validated on the reading thread, ready to append.
struct PreparedRow: Sendable {
    enum Content: Sendable {
        /// The row's events, in order, each with its canonical body.
        case events([PreparedEvent])
        /// The row was refused before reaching the ledger.
        case rejected(Reject)
    }

    var content: Content
    /// The physical line the row starts on.
    var line: Int
    var record: Int
    /// Bytes of the file read so far, for progress.
    var bytesRead: Int64
}

/// One event of a row: validated, with the bytes the ledger stores and hashes.
struct PreparedEvent: Sendable {
    var decoded: EventDecoder.Decoded
    var revisionKey: String?
    var body: [UInt8]

    /// Writes the decoded event's canonical body with `writer` (reused across events).
    init(_ decoded: EventDecoder.Decoded, revisionKey: String?, writer: inout CanonicalJSONWriter) {
        writer.reset()
        writer.write(.object(decoded.canonicalBody))
        self.init(decoded: decoded, revisionKey: revisionKey, body: writer.bytes)
    }

    init(decoded: EventDecoder.Decoded, revisionKey: String?, body: [UInt8]) {
        self.decoded = decoded
        self.revisionKey = revisionKey
        self.body = body
    }
}

/// What the reading thread hands the appending one: a file's start, a run of its rows, or its
/// end with what only the reader knows.
enum PreparedItem: Sendable {
    case fileStarted(name: String, sha256: String, bytes: Int64)
    case rows([PreparedRow])
    case fileEnded(headerLine: Int, skippedRows: Int)
}
