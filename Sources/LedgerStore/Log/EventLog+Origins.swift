public import LedgerCore

extension EventLog {
    /// The import origin of each of `seqs` that was imported (events appended by `ingest` or a
    /// command have none). A ledger older than import provenance has none either.
    public func origins(of seqs: [Int64]) throws(StoreError) -> [Int64: EventOrigin] {
        guard !seqs.isEmpty, try formatVersion() >= 3 else { return [:] }
        let statement = try connection.prepare("""
            SELECT l.line, f.file_name, f.file_sha256, f.mapping, f.mapping_version
              FROM import_lines l JOIN import_files f ON f.import_file = l.import_file
             WHERE l.seq = ?
            """)
        var found: [Int64: EventOrigin] = [:]
        for seq in Set(seqs) {
            defer { statement.reset() }
            try statement.bind(1, seq)
            if try statement.step() {
                found[seq] = EventOrigin(file: statement.string(1), fileSHA256: statement.string(2), line: Int(statement.int64(0)),
                                         mapping: statement.string(3), mappingVersion: Int(statement.int64(4)))
            }
        }
        return found
    }
}
