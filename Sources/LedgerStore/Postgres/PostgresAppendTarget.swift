import LedgerCore

/// The server's side of an append: calls of the append functions (the only writes the writer
/// role may make) inside the transaction `PostgresLedger.append` opened with the head locked.
final class PostgresAppendTarget: AppendTarget {
    let connection: PGConnection
    private var savepointDepth = 0

    init(connection: PGConnection) {
        self.connection = connection
    }

    static let appendSQL = "SELECT taken, seq, hash FROM roiledger.append_event($1, $2, $3, $4, $5, $6, $7)"

    func insert(_ event: Event, body: UnsafeRawBufferPointer, seq: Int64, recordedAt: Timestamp, hash: EventHash) throws(StoreError) -> InsertResult {
        let rows = try connection.executePrepared(Self.appendSQL, [
            event.id, event.type.rawValue, String(event.schemaVersion), String(event.at.microseconds), String(recordedAt.microseconds),
            Self.columnsArray(of: event), String(decoding: body, as: UTF8.self),
        ])
        if rows.string(0, 0) == "t" { return .taken }
        guard rows.int64(0, 1) == seq, let stored = rows.bytes(0, 2).flatMap({ EventHash(bytes: $0) }) else {
            throw .diverged(seq: seq, detail: "the server appended at seq \(rows.string(0, 1) ?? "?") while this writer held the head at \(seq - 1)")
        }
        return .inserted(hash: stored)
    }

    /// The typed columns as a PostgreSQL text array literal, `{NULL,"x",…}` in `EventColumns.names` order.
    static func columnsArray(of event: Event) -> String {
        var cells = [String](repeating: "NULL", count: EventColumns.count)
        EventColumns.forEachValue(of: event) { index, value in
            switch value {
            case .integer(let integer): cells[index] = String(integer)
            case .text(let text): cells[index] = arrayElement(text)
            }
        }
        return "{" + cells.joined(separator: ",") + "}"
    }

    /// One quoted array element: backslashes and double quotes escaped.
    static func arrayElement(_ text: String) -> String {
        var quoted = "\""
        quoted.reserveCapacity(text.utf8.count + 2)
        for character in text.unicodeScalars {
            if character == "\"" || character == "\\" { quoted.unicodeScalars.append("\\") }
            quoted.unicodeScalars.append(character)
        }
        quoted += "\""
        return quoted
    }

    func lookup(id: String) throws(StoreError) -> (seq: Int64, type: String, body: String)? {
        let rows = try connection.executePrepared("SELECT seq, type, body FROM roiledger.events WHERE id = $1", [id])
        guard rows.count == 1, let seq = rows.int64(0, 0), let type = rows.string(0, 1), let body = rows.string(0, 2) else { return nil }
        return (seq, type, body)
    }

    func mergeGraph(before seq: Int64) throws(StoreError) -> MergeGraph {
        let rows = try connection.execute("""
            SELECT id, type, merge_kind, merge_from, merge_into, target FROM roiledger.events
             WHERE type IN ('merge', 'unmerge', 'retract') AND seq < $1 ORDER BY seq
            """, [String(seq)])
        var corrections: [MergeGraph.StoredCorrection] = []
        corrections.reserveCapacity(rows.count)
        for row in 0..<rows.count {
            corrections.append(.init(id: rows.string(row, 0) ?? "", type: rows.string(row, 1) ?? "", mergeKind: rows.string(row, 2),
                                     from: rows.string(row, 3), into: rows.string(row, 4), target: rows.string(row, 5)))
        }
        return MergeGraph.replaying(corrections)
    }

    func savepoint(_ step: SavepointStep) throws {
        switch step {
        case .begin: try connection.execute("SAVEPOINT atomically")
        case .release: try connection.execute("RELEASE SAVEPOINT atomically")
        case .rollback: try connection.execute("ROLLBACK TO SAVEPOINT atomically")
        }
    }

    func revisions(from prefix: String, below limit: String) throws(StoreError) -> [StoredRevision] {
        // `id` is COLLATE "C": byte order, as the file compares, through its unique index.
        let rows = try connection.execute("""
            SELECT e.seq, e.id, e.body,
                   EXISTS (SELECT 1 FROM roiledger.events r WHERE r.type = 'retract' AND r.target = e.id)
              FROM roiledger.events e
             WHERE e.id >= $1 AND e.id < $2 ORDER BY e.seq
            """, [prefix, limit])
        return (0..<rows.count).map { row in
            StoredRevision(seq: rows.int64(row, 0) ?? 0, id: rows.string(row, 1) ?? "", body: rows.string(row, 2) ?? "",
                           isRetracted: rows.string(row, 3) == "t")
        }
    }

    func recordImportFile(_ record: ImportFileRecord, recordedAt: Timestamp) throws(StoreError) -> Int64 {
        let rows = try connection.execute("SELECT roiledger.record_import_file($1, $2, $3, $4, $5, $6, $7)", [
            String(recordedAt.microseconds), record.fileName, record.fileSHA256, String(record.fileBytes),
            record.mapping, String(record.mappingVersion), record.mappingSHA256,
        ])
        return rows.int64(0, 0) ?? 0
    }

    func recordLine(seq: Int64, importFile: Int64, line: Int) throws(StoreError) {
        try connection.execute("SELECT roiledger.record_import_line($1, $2, $3)", [String(seq), String(importFile), String(line)])
    }
}
