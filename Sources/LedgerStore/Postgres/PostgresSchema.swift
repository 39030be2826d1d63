/// The ledger's schema on PostgreSQL, as forward-only migrations recorded in
/// `roiledger.migrations` (like the file's, never edited once shipped).
///
/// The same contract as the file, enforced inside the server:
/// - `roiledger.head` is one row, updated by every append under a row lock taken at the start of
///   the writer's transaction. Writers queue on it, so `seq` is gapless and commit order is `seq`
///   order (a sequence would leave gaps on rollback and could commit out of order).
/// - The hash chain is computed by the server, in `append_event` and again by the insert guard:
///   SHA-256 of the previous hash, seq and recorded_at as 8-byte big-endian integers, and the
///   body's UTF-8 bytes, exactly as `EventHash.link` does, so one ledger has one chain in both
///   stores.
/// - Triggers refuse UPDATE, DELETE and TRUNCATE of the log and its records for every role, the
///   owner included; the head moves only to the event just inserted.
/// - `roiledger_writer` may read and call the append functions, nothing else;
///   `roiledger_reader` may only read. Team members' login roles are granted one of the two.
enum PostgresSchema {
    struct Migration {
        let version: Int
        let name: String
        let sql: String
    }

    static var formatVersion: Int { all.last!.version }

    /// The schema the ledger lives in, inside the database the URL names.
    static let schema = "roiledger"
    /// The channel every committed append notifies (once per transaction; the payload is empty:
    /// readers catch up by seq).
    static let channel = "roiledger_events"

    /// Typed columns stored as integers (the rest are text), by name.
    static let integerColumns: Set<String> = ["amount", "period_start", "period_end", "shared", "rule_set_version", "effective_from"]

    static func sqlType(_ column: String) -> String {
        integerColumns.contains(column) ? "bigint" : "text"
    }

    /// `p_columns[1]::bigint, p_columns[2], …`: the typed columns from the append function's array.
    static var typedArguments: String {
        EventColumns.names.enumerated().map { index, name in
            integerColumns.contains(name) ? "p_columns[\(index + 1)]::bigint" : "p_columns[\(index + 1)]"
        }.joined(separator: ", ")
    }

    static let eventTypes = Migrations.eventTypes

    static let all: [Migration] = [
        Migration(version: 1, name: "event log, head row, provenance, append functions, guards and roles", sql: """
        CREATE TABLE roiledger.meta (
            key   text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE roiledger.events (
            seq          bigint PRIMARY KEY CHECK (seq >= 1),
            id           text COLLATE "C" NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 200),
            type         text NOT NULL CHECK (type IN (\(eventTypes))),
            v            integer NOT NULL CHECK (v >= 1),
            at           bigint NOT NULL,
            recorded_at  bigint NOT NULL,
        \(EventColumns.names.map { "    \($0) \(sqlType($0))," }.joined(separator: "\n"))
            body         text NOT NULL,
            hash         bytea NOT NULL CHECK (length(hash) = 32)
        );
        CREATE INDEX events_corrections ON roiledger.events (seq) WHERE type IN ('merge', 'unmerge', 'retract');
        CREATE INDEX events_recorded_at ON roiledger.events (recorded_at, seq);
        CREATE INDEX events_retract_target ON roiledger.events (target) WHERE type = 'retract';

        CREATE TABLE roiledger.head (
            one          boolean PRIMARY KEY DEFAULT true CHECK (one),
            seq          bigint NOT NULL,
            recorded_at  bigint NOT NULL,
            hash         bytea NOT NULL CHECK (length(hash) = 32)
        );
        INSERT INTO roiledger.head (seq, recorded_at, hash) VALUES (0, -9223372036854775808, decode(repeat('00', 32), 'hex'));

        CREATE TABLE roiledger.import_files (
            import_file     bigint PRIMARY KEY CHECK (import_file >= 1),
            recorded_at     bigint NOT NULL,
            file_name       text NOT NULL,
            file_sha256     text NOT NULL CHECK (length(file_sha256) = 64),
            file_bytes      bigint NOT NULL,
            mapping         text NOT NULL,
            mapping_version integer NOT NULL,
            mapping_sha256  text NOT NULL CHECK (length(mapping_sha256) = 64)
        );
        CREATE TABLE roiledger.import_lines (
            seq          bigint PRIMARY KEY REFERENCES roiledger.events (seq),
            import_file  bigint NOT NULL REFERENCES roiledger.import_files (import_file),
            line         integer NOT NULL CHECK (line >= 1)
        );

        -- The guards: nothing is ever changed or removed, by anyone.
        CREATE FUNCTION roiledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'roiledger: % is append-only; %', TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = 'P0001';
        END $$;
        \(appendOnly("events", "append a retract or correction event instead"))
        \(appendOnly("meta", "the meta of a ledger is set once"))
        \(appendOnly("migrations", "migrations are recorded once"))
        \(appendOnly("import_files", "import provenance is recorded once"))
        \(appendOnly("import_lines", "import provenance is recorded once"))
        CREATE TRIGGER head_never_removed BEFORE DELETE ON roiledger.head
            FOR EACH ROW EXECUTE FUNCTION roiledger.refuse_change('the head moves only forward');
        CREATE TRIGGER head_never_truncated BEFORE TRUNCATE ON roiledger.head
            FOR EACH STATEMENT EXECUTE FUNCTION roiledger.refuse_change('the head moves only forward');

        -- An insert must be the next link of the chain, whoever inserts.
        CREATE FUNCTION roiledger.check_link() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE h roiledger.head%ROWTYPE;
        BEGIN
            SELECT * INTO h FROM roiledger.head;
            IF NEW.seq <> h.seq + 1 THEN
                RAISE EXCEPTION 'roiledger: seq must be the next integer after the last event (% after %)', NEW.seq, h.seq USING ERRCODE = 'P0001';
            END IF;
            IF NEW.recorded_at < h.recorded_at THEN
                RAISE EXCEPTION 'roiledger: recorded_at must not be earlier than the last event''s' USING ERRCODE = 'P0001';
            END IF;
            IF NEW.hash <> sha256(h.hash || int8send(NEW.seq) || int8send(NEW.recorded_at) || convert_to(NEW.body, 'UTF8')) THEN
                RAISE EXCEPTION 'roiledger: the hash is not the next link of the chain at seq %', NEW.seq USING ERRCODE = 'P0001';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER events_next_link BEFORE INSERT ON roiledger.events
            FOR EACH ROW EXECUTE FUNCTION roiledger.check_link();

        -- The head moves by one, to the event just inserted.
        CREATE FUNCTION roiledger.check_head() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE e record;
        BEGIN
            SELECT seq, recorded_at, hash INTO e FROM roiledger.events WHERE seq = NEW.seq;
            IF NOT FOUND OR NEW.seq <> OLD.seq + 1 OR NEW.recorded_at <> e.recorded_at OR NEW.hash <> e.hash OR NOT NEW.one THEN
                RAISE EXCEPTION 'roiledger: the head moves only to the event just appended' USING ERRCODE = 'P0001';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER head_follows_log BEFORE UPDATE ON roiledger.head
            FOR EACH ROW EXECUTE FUNCTION roiledger.check_head();

        -- A writer's transaction starts here: the head row is locked until it commits or rolls back.
        CREATE FUNCTION roiledger.lock_head() RETURNS TABLE (seq bigint, recorded_at bigint, hash bytea)
        LANGUAGE sql SECURITY DEFINER SET search_path = roiledger, pg_temp AS $$
            SELECT h.seq, h.recorded_at, h.hash FROM roiledger.head h FOR UPDATE;
        $$;

        -- Appends one event after the head, or reports the seq already holding its id
        -- (taken = true; the caller tells a duplicate from a conflict by the stored body).
        CREATE FUNCTION roiledger.append_event(p_id text, p_type text, p_v integer, p_at bigint, p_recorded_at bigint,
                                               p_columns text[], p_body text)
        RETURNS TABLE (taken boolean, seq bigint, hash bytea)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = roiledger, pg_temp AS $$
        DECLARE h roiledger.head%ROWTYPE; existing bigint; next_hash bytea;
        BEGIN
            SELECT * INTO h FROM roiledger.head FOR UPDATE;
            SELECT e.seq INTO existing FROM roiledger.events e WHERE e.id = p_id;
            IF FOUND THEN
                RETURN QUERY SELECT true, existing, NULL::bytea;
                RETURN;
            END IF;
            next_hash := sha256(h.hash || int8send(h.seq + 1) || int8send(p_recorded_at) || convert_to(p_body, 'UTF8'));
            INSERT INTO roiledger.events (\(EventColumns.list()))
            VALUES (h.seq + 1, p_id, p_type, p_v, p_at, p_recorded_at, \(typedArguments), p_body, next_hash);
            UPDATE roiledger.head SET seq = h.seq + 1, recorded_at = p_recorded_at, hash = next_hash;
            PERFORM pg_notify('\(channel)', '');
            RETURN QUERY SELECT false, h.seq + 1, next_hash;
        END $$;

        CREATE FUNCTION roiledger.record_import_file(p_recorded_at bigint, p_file_name text, p_file_sha256 text, p_file_bytes bigint,
                                                     p_mapping text, p_mapping_version integer, p_mapping_sha256 text)
        RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = roiledger, pg_temp AS $$
            INSERT INTO roiledger.import_files (import_file, recorded_at, file_name, file_sha256, file_bytes, mapping, mapping_version, mapping_sha256)
            SELECT COALESCE(MAX(import_file), 0) + 1, p_recorded_at, p_file_name, p_file_sha256, p_file_bytes, p_mapping, p_mapping_version, p_mapping_sha256
              FROM roiledger.import_files
            RETURNING import_file;
        $$;

        CREATE FUNCTION roiledger.record_import_line(p_seq bigint, p_import_file bigint, p_line integer)
        RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = roiledger, pg_temp AS $$
            INSERT INTO roiledger.import_lines (seq, import_file, line) VALUES (p_seq, p_import_file, p_line);
        $$;

        -- Roles: readers read; writers read and call the append functions; nobody else does either.
        -- Roles are the cluster's, shared by its ledgers: created once, tolerating a concurrent creator.
        DO $$ BEGIN
            BEGIN CREATE ROLE roiledger_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
            BEGIN CREATE ROLE roiledger_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
            IF NOT pg_has_role('roiledger_writer', 'roiledger_reader', 'MEMBER') THEN
                BEGIN GRANT roiledger_reader TO roiledger_writer; EXCEPTION WHEN unique_violation THEN NULL; END;
            END IF;
        END $$;
        REVOKE ALL ON ALL FUNCTIONS IN SCHEMA roiledger FROM PUBLIC;
        GRANT USAGE ON SCHEMA roiledger TO roiledger_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA roiledger TO roiledger_reader;
        GRANT EXECUTE ON FUNCTION roiledger.lock_head(), roiledger.append_event(text, text, integer, bigint, bigint, text[], text),
            roiledger.record_import_file(bigint, text, text, bigint, text, integer, text),
            roiledger.record_import_line(bigint, bigint, integer) TO roiledger_writer;
        """),
    ]

    /// The bootstrap: the schema and the migrations table, before any migration runs.
    static let bootstrap = """
        CREATE SCHEMA IF NOT EXISTS roiledger;
        CREATE TABLE IF NOT EXISTS roiledger.migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at bigint NOT NULL
        );
        """

    /// Triggers refusing UPDATE and DELETE (per row) and TRUNCATE (per statement) on `table`.
    static func appendOnly(_ table: String, _ hint: String) -> String { """
        CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON roiledger.\(table)
            FOR EACH ROW EXECUTE FUNCTION roiledger.refuse_change('\(hint)');
        CREATE TRIGGER \(table)_never_truncated BEFORE TRUNCATE ON roiledger.\(table)
            FOR EACH STATEMENT EXECUTE FUNCTION roiledger.refuse_change('\(hint)');
        """
    }

    /// The guard triggers each migration level must have enabled; `open` for writing checks them,
    /// as the file's `SchemaGuard` does.
    static let guardTriggers: [(table: String, trigger: String)] = [
        ("events", "events_append_only"), ("events", "events_never_truncated"), ("events", "events_next_link"),
        ("meta", "meta_append_only"), ("meta", "meta_never_truncated"),
        ("migrations", "migrations_append_only"), ("migrations", "migrations_never_truncated"),
        ("import_files", "import_files_append_only"), ("import_files", "import_files_never_truncated"),
        ("import_lines", "import_lines_append_only"), ("import_lines", "import_lines_never_truncated"),
        ("head", "head_never_removed"), ("head", "head_never_truncated"), ("head", "head_follows_log"),
    ]
}
