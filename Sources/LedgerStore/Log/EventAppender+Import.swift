import LedgerCore

/// An event already in the ledger under one revisable fact's key.
public struct StoredRevision: Sendable, Equatable {
    public var seq: Int64
    public var id: String
    public var body: String
    public var isRetracted: Bool
}

/// Where the events of one imported file came from, recorded beside the log.
public struct ImportFileRecord: Sendable, Equatable {
    public var fileName: String
    public var fileSHA256: String
    public var fileBytes: Int64
    public var mapping: String
    public var mappingVersion: Int
    public var mappingSHA256: String

    public init(fileName: String, fileSHA256: String, fileBytes: Int64, mapping: String, mappingVersion: Int,
                mappingSHA256: String) {
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.fileBytes = fileBytes
        self.mapping = mapping
        self.mappingVersion = mappingVersion
        self.mappingSHA256 = mappingSHA256
    }
}

extension EventAppender {
    /// Every event whose id is `key@…` (the revisions of one fact, `key@` + a digest of the
    /// content), in seq order, each with whether a retraction names it. Read through the id's
    /// unique index: a probe per row when nothing is there.
    public func revisions(ofKey key: String) throws(StoreError) -> [StoredRevision] {
        try target.revisions(from: key + "@", below: key + "A")   // "A" follows "@" in byte order
    }

    /// Records one imported file; returns its number for `recordLine`.
    public func recordImportFile(_ record: ImportFileRecord) throws(StoreError) -> Int64 {
        try target.recordImportFile(record, recordedAt: recordedAt)
    }

    /// Records the file and physical line the event at `seq` was imported from.
    public func recordLine(seq: Int64, importFile: Int64, line: Int) throws(StoreError) {
        try target.recordLine(seq: seq, importFile: importFile, line: line)
    }
}
