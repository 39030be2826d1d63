/// The ledger's schema, as forward-only migrations. A migration is never edited once shipped:
/// a change of schema is a new migration, recorded in the append-only `migrations` table, and
/// the format version in `meta` only ever moves forward (a trigger refuses anything else).
enum Migrations {
    struct Migration {
        let version: Int
        let name: String
        let sql: String
    }

    static var formatVersion: Int { all.last!.version }

    /// The types migration 1 allowed; frozen with it (migration 3 added `account`).
    static let eventTypesV1 = "'touch','contact','stage','opportunity','merge','unmerge','spend','adjustment','self_report','retract','close','rules'"
    static let eventTypes = eventTypesV1 + ",'account'"

    /// The event log table as migration 1 created it (frozen: migrations are never edited).
    static let eventsTableV1 = eventsTable(named: "events", types: eventTypesV1)
    /// The event log table as it is now, for the benchmark's bare baseline table.
    static let eventsTable = eventsTable(named: "events", types: eventTypes)

    static func eventsTable(named name: String, types: String) -> String { """
    -- One row per event, in ledger order. The typed columns are derived from `body` on
    -- append so that replay reads columns, never JSON; `verify` re-derives and compares them.
    CREATE TABLE \(name) (
        seq            INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
        id             TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 200),
        type           TEXT NOT NULL CHECK (type IN (\(types))),
        v              INTEGER NOT NULL CHECK (v >= 1),
        at             INTEGER NOT NULL,        -- business time, microseconds since the epoch (UTC)
        recorded_at    INTEGER NOT NULL,        -- ledger time, microseconds since the epoch (UTC)
        contact        TEXT,                    -- touch, contact, stage, self_report
        account        TEXT,                    -- touch, contact, opportunity
        opportunity    TEXT,                    -- opportunity, adjustment
        stage          TEXT,                    -- stage, opportunity
        channel        TEXT,                    -- touch, spend
        campaign       TEXT,                    -- touch, spend
        touch_type     TEXT,
        utm_source     TEXT,
        utm_medium     TEXT,
        utm_campaign   TEXT,
        utm_content    TEXT,
        utm_term       TEXT,
        amount         INTEGER,                 -- 1/10,000 of the ledger currency
        contacts       TEXT,                    -- opportunity: canonical JSON array
        attributes     TEXT,                    -- contact: canonical JSON object
        email          TEXT,
        merge_kind     TEXT CHECK (merge_kind IN ('contact','account')),
        merge_from     TEXT,
        merge_into     TEXT,
        target         TEXT,                    -- retract: the event id; unmerge: the merge id
        period_start   INTEGER,                 -- spend period or close window, day numbers
        period_end     INTEGER,
        category       TEXT,
        shared         INTEGER CHECK (shared IN (0, 1)),
        source         TEXT,                    -- self_report
        reason         TEXT,
        period         TEXT,                    -- close
        report_digest  TEXT,                    -- close
        rule_set_name  TEXT,                    -- rules; close: the rule set it used
        rule_set_version INTEGER,               -- close: the version it used
        effective_from INTEGER,                 -- rules: day number
        body           TEXT NOT NULL,           -- canonical JSON, the bytes the hash covers
        hash           BLOB NOT NULL CHECK (length(hash) = 32)
    ) STRICT;
    """
    }

    /// The guards on the events table (migrations 1 and 2), recreated by migration 3 after it
    /// rebuilt the table.
    static let eventGuards = """
    CREATE INDEX events_corrections ON events (seq) WHERE type IN ('merge', 'unmerge', 'retract');
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'roiledger: the event log is append-only; append a retract or correction event instead'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'roiledger: the event log is append-only; append a retract or correction event instead'); END;
    CREATE TRIGGER events_append_in_order BEFORE INSERT ON events
    BEGIN
        SELECT RAISE(ABORT, 'roiledger: seq must be the next integer after the last event')
         WHERE NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events);
        SELECT RAISE(ABORT, 'roiledger: recorded_at must not be earlier than the last event''s')
         WHERE NEW.recorded_at < (SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1);
    END;
    CREATE TRIGGER events_id_taken BEFORE INSERT ON events
    WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '\(idTakenMessage)'); END;
    """

    static let all: [Migration] = [
        Migration(version: 1, name: "event log, meta and append-only guards", sql: """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE migrations (
            version    INTEGER PRIMARY KEY NOT NULL,
            name       TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        ) STRICT;

        \(eventsTableV1)

        -- History is never changed. These guards hold for every connection, ours or not;
        -- with recursive triggers on, INSERT OR REPLACE fires the delete guard too.
        -- Corrections (merges, unmerges, retractions) are a small share of the log; ingest
        -- reads them all to check a new one against the merges in force.
        CREATE INDEX events_corrections ON events (seq) WHERE type IN ('merge', 'unmerge', 'retract');

        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'roiledger: the event log is append-only; append a retract or correction event instead'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'roiledger: the event log is append-only; append a retract or correction event instead'); END;
        CREATE TRIGGER events_append_in_order BEFORE INSERT ON events
        BEGIN
            SELECT RAISE(ABORT, 'roiledger: seq must be the next integer after the last event')
             WHERE NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events);
            SELECT RAISE(ABORT, 'roiledger: recorded_at must not be earlier than the last event''s')
             WHERE NEW.recorded_at < (SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1);
        END;

        CREATE TRIGGER migrations_no_update BEFORE UPDATE ON migrations
        BEGIN SELECT RAISE(ABORT, 'roiledger: migrations are append-only'); END;
        CREATE TRIGGER migrations_no_delete BEFORE DELETE ON migrations
        BEGIN SELECT RAISE(ABORT, 'roiledger: migrations are append-only'); END;

        CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
        BEGIN SELECT RAISE(ABORT, 'roiledger: meta is append-only'); END;
        CREATE TRIGGER meta_forward_only BEFORE UPDATE ON meta
        WHEN NOT (OLD.key = 'format_version' AND NEW.key = 'format_version'
                  AND CAST(NEW.value AS INTEGER) > CAST(OLD.value AS INTEGER))
        BEGIN SELECT RAISE(ABORT, 'roiledger: meta is append-only; only format_version moves, and only forward'); END;
        """),
        // INSERT OR REPLACE resolves a UNIQUE conflict by deleting the old row, and the delete
        // guards see that only in connections with recursive triggers on. A BEFORE INSERT
        // trigger fires before conflict resolution in every connection: an insert that reuses a
        // key is refused outright. roiledger's own append recognises the message and tells a
        // duplicate from a conflict by reading the stored row.
        Migration(version: 2, name: "refuse inserts that reuse an id or a key", sql: """
        CREATE TRIGGER events_id_taken BEFORE INSERT ON events
        WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '\(idTakenMessage)'); END;
        CREATE TRIGGER meta_key_taken BEFORE INSERT ON meta
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = NEW.key)
        BEGIN SELECT RAISE(ABORT, 'roiledger: meta is append-only; this key is already set'); END;
        CREATE TRIGGER migrations_version_taken BEFORE INSERT ON migrations
        WHEN EXISTS (SELECT 1 FROM migrations WHERE version = NEW.version)
        BEGIN SELECT RAISE(ABORT, 'roiledger: migrations are append-only; this version is already recorded'); END;
        """),
        // Company facts get their own event type (`account`), which the type CHECK of
        // migration 1 refuses; SQLite cannot change a CHECK in place, so the table is rebuilt
        // with every row copied as stored (bodies and hashes untouched: the chain verifies as
        // before) and its guards recreated. DROP TABLE's implicit delete fires no trigger.
        //
        // Imports record where each event came from beside the log, not in the bodies that
        // decide duplicates: one row per import of a file (its SHA-256, the mapping's name,
        // version and hash) and one per appended event (the file's physical line). Both are
        // append-only and written in the same transaction as the events.
        Migration(version: 3, name: "account events; import provenance", sql: """
        \(eventsTable(named: "events_v3", types: eventTypes))
        INSERT INTO events_v3 SELECT * FROM events;
        DROP TABLE events;
        ALTER TABLE events_v3 RENAME TO events;
        \(eventGuards)

        CREATE TABLE import_files (
            import_file    INTEGER PRIMARY KEY NOT NULL CHECK (import_file >= 1),
            recorded_at    INTEGER NOT NULL,
            file_name      TEXT NOT NULL,
            file_sha256    TEXT NOT NULL CHECK (length(file_sha256) = 64),
            file_bytes     INTEGER NOT NULL,
            mapping        TEXT NOT NULL,
            mapping_version INTEGER NOT NULL,
            mapping_sha256 TEXT NOT NULL CHECK (length(mapping_sha256) = 64)
        ) STRICT;
        CREATE TABLE import_lines (
            seq            INTEGER PRIMARY KEY NOT NULL REFERENCES events (seq),
            import_file    INTEGER NOT NULL REFERENCES import_files (import_file),
            line           INTEGER NOT NULL CHECK (line >= 1)
        ) STRICT;
        CREATE TRIGGER import_files_no_update BEFORE UPDATE ON import_files
        BEGIN SELECT RAISE(ABORT, 'roiledger: import provenance is append-only'); END;
        CREATE TRIGGER import_files_no_delete BEFORE DELETE ON import_files
        BEGIN SELECT RAISE(ABORT, 'roiledger: import provenance is append-only'); END;
        CREATE TRIGGER import_lines_no_update BEFORE UPDATE ON import_lines
        BEGIN SELECT RAISE(ABORT, 'roiledger: import provenance is append-only'); END;
        CREATE TRIGGER import_lines_no_delete BEFORE DELETE ON import_lines
        BEGIN SELECT RAISE(ABORT, 'roiledger: import provenance is append-only'); END;
        """),
        // The web server's bearer tokens: only a SHA-256 of each secret is kept, with its roles;
        // a revocation is a row of its own, and every write over HTTP records which token wrote
        // which seq range. All three tables are append-only, like the log they account for.
        Migration(version: 4, name: "server tokens and who wrote what", sql: """
        CREATE TABLE tokens (
            token_id       TEXT PRIMARY KEY NOT NULL,
            name           TEXT NOT NULL,
            roles          TEXT NOT NULL,
            secret_sha256  TEXT NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
            created_at     INTEGER NOT NULL,
            created_by     TEXT NOT NULL
        ) STRICT;
        CREATE TABLE token_revocations (
            token_id       TEXT PRIMARY KEY NOT NULL REFERENCES tokens (token_id),
            revoked_at     INTEGER NOT NULL,
            reason         TEXT NOT NULL
        ) STRICT;
        CREATE TABLE token_writes (
            first_seq      INTEGER PRIMARY KEY NOT NULL REFERENCES events (seq),
            last_seq       INTEGER NOT NULL CHECK (last_seq >= first_seq),
            token_id       TEXT NOT NULL REFERENCES tokens (token_id),
            action         TEXT NOT NULL,
            recorded_at    INTEGER NOT NULL
        ) STRICT;
        \(appendOnly("tokens", "server tokens are append-only; revoke a token instead"))
        \(appendOnly("token_revocations", "token revocations are append-only"))
        \(appendOnly("token_writes", "the record of who wrote what is append-only"))
        """),
    ]

    /// Triggers that refuse UPDATE and DELETE on `table`.
    static func appendOnly(_ table: String, _ message: String) -> String { """
        CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
        BEGIN SELECT RAISE(ABORT, 'roiledger: \(message)'); END;
        CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
        BEGIN SELECT RAISE(ABORT, 'roiledger: \(message)'); END;
        """
    }

    /// What the id guard says; the append path matches it to look the stored row up.
    static let idTakenMessage = "roiledger: an event with this id is already in the ledger"
}
