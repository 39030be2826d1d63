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

    static let eventTypes = "'touch','contact','stage','opportunity','merge','unmerge','spend','adjustment','self_report','retract','close','rules'"

    /// The event log table, shared by migration 1 and the benchmark's bare baseline table.
    static let eventsTable = """
    -- One row per event, in ledger order. The typed columns are derived from `body` on
    -- append so that replay reads columns, never JSON; `verify` re-derives and compares them.
    CREATE TABLE events (
        seq            INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
        id             TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 200),
        type           TEXT NOT NULL CHECK (type IN (\(eventTypes))),
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

        \(eventsTable)

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
    ]

    /// What the id guard says; the append path matches it to look the stored row up.
    static let idTakenMessage = "roiledger: an event with this id is already in the ledger"
}
