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
        let statement = try connection.prepareCached(
            "SELECT seq, id, body FROM events WHERE id >= ? AND id < ? ORDER BY seq")
        defer { statement.reset() }
        try statement.bind(1, key + "@")
        try statement.bind(2, key + "A")   // "A" follows "@" in byte order
        var found: [StoredRevision] = []
        while try statement.step() {
            found.append(StoredRevision(seq: statement.int64(0), id: statement.string(1), body: statement.string(2), isRetracted: false))
        }
        guard !found.isEmpty else { return found }
        let retracted = try connection.prepareCached(
            "SELECT 1 FROM events WHERE type = 'retract' AND target = ? LIMIT 1")
        for index in found.indices {
            defer { retracted.reset() }
            try retracted.bind(1, found[index].id)
            found[index].isRetracted = try retracted.step()
        }
        return found
    }

    /// Records one imported file; returns its number for `recordLine`.
    public func recordImportFile(_ record: ImportFileRecord) throws(StoreError) -> Int64 {
        let statement = try connection.prepareCached("""
            INSERT INTO import_files (import_file, recorded_at, file_name, file_sha256, file_bytes, mapping, mapping_version,
                                      mapping_sha256)
            VALUES ((SELECT COALESCE(MAX(import_file), 0) + 1 FROM import_files), ?, ?, ?, ?, ?, ?, ?)
            """)
        defer { statement.reset() }
        try statement.bind(1, recordedAt.microseconds)
        try statement.bind(2, record.fileName)
        try statement.bind(3, record.fileSHA256)
        try statement.bind(4, record.fileBytes)
        try statement.bind(5, record.mapping)
        try statement.bind(6, Int64(record.mappingVersion))
        try statement.bind(7, record.mappingSHA256)
        try statement.run()
        return try connection.scalar("SELECT MAX(import_file) FROM import_files")
    }

    /// Records the file and physical line the event at `seq` was imported from.
    public func recordLine(seq: Int64, importFile: Int64, line: Int) throws(StoreError) {
        let statement = try connection.prepareCached("INSERT INTO import_lines (seq, import_file, line) VALUES (?, ?, ?)")
        defer { statement.reset() }
        try statement.bind(1, seq)
        try statement.bind(2, importFile)
        try statement.bind(3, Int64(line))
        try statement.run()
    }
}
