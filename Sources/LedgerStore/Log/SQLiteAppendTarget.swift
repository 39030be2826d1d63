import LedgerCore

/// The file's side of an append: prepared statements on the writer's connection, inside the
/// transaction `EventLog.append` opened.
final class SQLiteAppendTarget: AppendTarget {
    let statements: AppendStatements
    let connection: Connection

    init(statements: AppendStatements, connection: Connection) {
        self.statements = statements
        self.connection = connection
    }

    func insert(_ event: Event, body: UnsafeRawBufferPointer, seq: Int64, recordedAt: Timestamp, hash: EventHash) throws(StoreError) -> InsertResult {
        let insert = statements.insert
        defer { insert.reset() }
        try Self.bind(insert, event: event, body: body, seq: seq, recordedAt: recordedAt, hash: hash)
        do {
            try insert.step()
        } catch .sqlite(_, let message, _) where message == Migrations.idTakenMessage {
            // The id guard refused the insert before conflict resolution.
            return .taken
        }
        return connection.changes == 1 ? .inserted(hash: hash) : .taken
    }

    /// Binds one row of `EventColumns.all` to `insert` (every column the event leaves unset
    /// stays NULL after `reset`).
    static func bind(_ insert: Statement, event: Event, body: UnsafeRawBufferPointer, seq: Int64, recordedAt: Timestamp, hash: EventHash) throws(StoreError) {
        try insert.bind(1, seq)
        try insert.bind(2, event.id)
        try insert.bind(3, event.type.rawValue)
        try insert.bind(4, Int64(event.schemaVersion))
        try insert.bind(5, event.at.microseconds)
        try insert.bind(6, recordedAt.microseconds)
        var bindFailure: StoreError?
        EventColumns.forEachValue(of: event) { column, value in
            guard bindFailure == nil else { return }
            do throws(StoreError) {
                switch value {
                case .integer(let integer): try insert.bind(7 + Int32(column), integer)
                case .text(let text): try insert.bind(7 + Int32(column), text)
                }
            } catch {
                bindFailure = error
            }
        }
        if let bindFailure { throw bindFailure }
        let index = 7 + Int32(EventColumns.count)
        try insert.bindText(index, bytes: body)
        try hash.withUnsafeBytes { (bytes) throws(StoreError) in try insert.bindBlob(index + 1, bytes: bytes) }
    }

    func lookup(id: String) throws(StoreError) -> (seq: Int64, type: String, body: String)? {
        let lookup = statements.lookup
        defer { lookup.reset() }
        try lookup.bind(1, id)
        guard try lookup.step() else { return nil }
        return (lookup.int64(0), lookup.string(1), lookup.string(2))
    }

    func mergeGraph(before seq: Int64) throws(StoreError) -> MergeGraph {
        let statement = try connection.prepare(
            "SELECT id, type, merge_kind, merge_from, merge_into, target FROM events WHERE type IN ('merge', 'unmerge', 'retract') AND seq < ? ORDER BY seq")
        try statement.bind(1, seq)
        var rows: [MergeGraph.StoredCorrection] = []
        while try statement.step() {
            rows.append(.init(id: statement.string(0), type: statement.string(1), mergeKind: statement.optionalString(2),
                              from: statement.optionalString(3), into: statement.optionalString(4), target: statement.optionalString(5)))
        }
        return MergeGraph.replaying(rows)
    }

    func savepoint(_ step: SavepointStep) throws {
        switch step {
        case .begin: try connection.execute("SAVEPOINT atomically")
        case .release: try connection.execute("RELEASE atomically")
        case .rollback: try connection.execute("ROLLBACK TO atomically")
        }
    }

    func revisions(from prefix: String, below limit: String) throws(StoreError) -> [StoredRevision] {
        let statement = try connection.prepareCached("SELECT seq, id, body FROM events WHERE id >= ? AND id < ? ORDER BY seq")
        defer { statement.reset() }
        try statement.bind(1, prefix)
        try statement.bind(2, limit)
        var found: [StoredRevision] = []
        while try statement.step() {
            found.append(StoredRevision(seq: statement.int64(0), id: statement.string(1), body: statement.string(2), isRetracted: false))
        }
        guard !found.isEmpty else { return found }
        let retracted = try connection.prepareCached("SELECT 1 FROM events WHERE type = 'retract' AND target = ? LIMIT 1")
        for index in found.indices {
            defer { retracted.reset() }
            try retracted.bind(1, found[index].id)
            found[index].isRetracted = try retracted.step()
        }
        return found
    }

    func recordImportFile(_ record: ImportFileRecord, recordedAt: Timestamp) throws(StoreError) -> Int64 {
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

    func recordLine(seq: Int64, importFile: Int64, line: Int) throws(StoreError) {
        let statement = try connection.prepareCached("INSERT INTO import_lines (seq, import_file, line) VALUES (?, ?, ?)")
        defer { statement.reset() }
        try statement.bind(1, seq)
        try statement.bind(2, importFile)
        try statement.bind(3, Int64(line))
        try statement.run()
    }
}

extension MergeGraph {
    /// A correction row as stored (typed columns), for rebuilding the graph in either store.
    struct StoredCorrection {
        var id: String
        var type: String
        var mergeKind: String?
        var from: String?
        var into: String?
        var target: String?
    }

    /// The graph of stored corrections in seq order; history was validated when it was appended,
    /// so it is replayed as it stands.
    static func replaying(_ rows: [StoredCorrection]) -> MergeGraph {
        var graph = MergeGraph()
        for row in rows {
            let correction: MergeGraph.Correction
            switch row.type {
            case "merge":
                let kind = MergeKind(rawValue: row.mergeKind ?? "") ?? .contact
                correction = .merge(id: row.id, Merge(kind: kind, from: row.from ?? "", into: row.into ?? ""))
            case "unmerge": correction = .unmerge(id: row.id, mergeID: row.target ?? "")
            default: correction = .retract(id: row.id, targetID: row.target ?? "")
            }
            try? graph.apply(correction, validating: false)
        }
        return graph
    }
}
