internal import CSQLite

/// Checks that a ledger's schema is exactly the one its migrations create: every table, index
/// and trigger present with its recorded definition, and nothing else.
///
/// The append-only guards are triggers any raw connection can drop (`DROP TRIGGER`, or all of
/// them through `writable_schema`), and a column added with `ALTER TABLE` would go unnoticed by
/// the hash chain. So the expected schema is built by running the same migrations in memory,
/// and the file's `sqlite_schema` is compared with it object by object: roiledger refuses to
/// write to a ledger that differs, and `verify` reports it.
enum SchemaGuard {
    struct Object: Hashable {
        var type: String
        var name: String
        var sql: String
    }

    /// The objects migrations 1…`version` create, keyed by name.
    static func expected(formatVersion version: Int) throws(StoreError) -> [String: Object] {
        let memory = try Connection(path: ":memory:", mode: .readWriteCreate, hardening: .none)
        try memory.withSchemaChangesAllowed { () throws(StoreError) in
            for migration in Migrations.all where migration.version <= version { try memory.execute(migration.sql) }
        }
        return try objects(memory)
    }

    static func objects(_ connection: Connection) throws(StoreError) -> [String: Object] {
        let statement = try connection.prepare(
            "SELECT type, name, COALESCE(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        defer { statement.reset() }
        var result: [String: Object] = [:]
        while try statement.step() {
            let object = Object(type: statement.string(0), name: statement.string(1), sql: statement.string(2))
            result[object.name] = object
        }
        return result
    }

    /// What differs from the schema of the ledger's format version, one phrase per object
    /// (empty when the schema is intact).
    static func problems(_ connection: Connection, formatVersion version: Int) throws(StoreError) -> [String] {
        let expected = try expected(formatVersion: version)
        let found = try objects(connection)
        var problems: [String] = []
        for name in expected.keys.sorted() {
            let want = expected[name]!
            guard let have = found[name] else {
                problems.append("\(want.type) \(name) is missing")
                continue
            }
            if have.type != want.type || normalized(have.sql) != normalized(want.sql) {
                problems.append("\(want.type) \(name) has been altered")
            }
        }
        for name in found.keys.sorted() where expected[name] == nil {
            problems.append("\(found[name]!.type) \(name) is not part of the ledger's schema")
        }
        return problems
    }

    /// SQLite keeps a CREATE statement's text as written, except that `ALTER TABLE` rewrites it;
    /// comparing without whitespace runs keeps the check about meaning, not layout.
    static func normalized(_ sql: String) -> String {
        sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
