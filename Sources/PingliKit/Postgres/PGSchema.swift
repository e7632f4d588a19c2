/// The county store's schema on PostgreSQL: the same steps, under the same names, as the
/// SQLite schema (``PingliSchema``), written in PostgreSQL's dialect. Never edit a shipped
/// step: add one to both.
public enum PGSchema {
    /// The steps in order, by the identifiers the SQLite migrator uses.
    public static let steps: [(id: String, sql: String)] = [
        ("v1-pool", pool), ("v2-hearings", hearings), ("v3-outbox", outbox), ("v4-cases", cases), ("v5-offices", offices),
        ("v6-chain-check", chainCheck), ("v7-office-keys", officeKeys),
    ]

    /// Brings the store at `connection` up to date, one step a transaction, under an advisory
    /// lock so two processes starting at once do not both migrate. A store with steps this
    /// Pingli does not know is refused untouched.
    public static func migrate(_ connection: PGConnection, readOnly: Bool = false) throws {
        try migrate(connection, readOnly: readOnly, steps: steps)
    }

    /// The same, taking only `steps` (a prefix of ``steps``: tests build a store as an earlier
    /// Pingli left it).
    static func migrate(_ connection: PGConnection, readOnly: Bool = false, steps: [(id: String, sql: String)]) throws {
        try connection.withLock {
            // Checked first: the application role may not create tables (see `grants`).
            if try connection.query("SELECT to_regclass('pingli_migrations') AS t").first?["t"] == nil {
                try connection.execute("CREATE TABLE IF NOT EXISTS pingli_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            }
            let applied = Set(try connection.query("SELECT identifier FROM pingli_migrations").compactMap { $0.first })
            let unknown = applied.subtracting(Self.steps.map(\.id))
            if !unknown.isEmpty { throw StoreError.newerSchema(path: connection.location, unknown: unknown.sorted()) }
            guard !readOnly, applied.count < steps.count else { return }
            try connection.execute("SELECT pg_advisory_lock(7412001)")
            defer { _ = try? connection.execute("SELECT pg_advisory_unlock(7412001)") }
            for step in steps {
                try connection.transaction {
                    let done = try connection.query("SELECT 1 FROM pingli_migrations WHERE identifier = $1", [step.id])
                    guard done.isEmpty else { return }
                    try connection.execute(step.sql)
                    try connection.execute("INSERT INTO pingli_migrations (identifier) VALUES ($1)", [step.id])
                }
            }
        }
    }

    static let pool = """
        CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE category (key TEXT PRIMARY KEY, label TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL);
        CREATE TABLE import_batch (
            id BIGSERIAL PRIMARY KEY, file TEXT NOT NULL, encoding TEXT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL,
            created INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE representative (
            id TEXT PRIMARY KEY, name TEXT NOT NULL,
            gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
            birth_year INTEGER NOT NULL, community TEXT NOT NULL, street TEXT NOT NULL, categories TEXT NOT NULL,
            intake TEXT NOT NULL CHECK (intake IN ('self-nominated', 'recommended')),
            recommended_by TEXT, phone TEXT, household TEXT, work_unit TEXT, relations TEXT NOT NULL DEFAULT '',
            term_start TEXT, term_end TEXT,
            status TEXT NOT NULL CHECK (status IN ('candidate', 'active', 'suspended', 'retired', 'rejected')),
            status_reason TEXT, suspended_until TEXT,
            created_batch BIGINT, created_line INTEGER, import_batch BIGINT, import_line INTEGER);
        CREATE UNIQUE INDEX representative_phone ON representative(phone) WHERE phone IS NOT NULL;
        CREATE TABLE representative_history (
            seq BIGSERIAL PRIMARY KEY, representative_id TEXT NOT NULL REFERENCES representative(id),
            at TEXT NOT NULL, operator TEXT NOT NULL, action TEXT NOT NULL, changes TEXT NOT NULL DEFAULT '[]', reason TEXT);
        CREATE INDEX representative_history_by_id ON representative_history(representative_id, seq);
        CREATE TABLE training (
            id BIGSERIAL PRIMARY KEY, representative_id TEXT NOT NULL REFERENCES representative(id),
            date TEXT NOT NULL, topic TEXT NOT NULL, hours DOUBLE PRECISION NOT NULL CHECK (hours > 0));
        CREATE INDEX training_by_id ON training(representative_id);
        CREATE TABLE service (
            id BIGSERIAL PRIMARY KEY, representative_id TEXT NOT NULL REFERENCES representative(id),
            hearing_id TEXT NOT NULL, date TEXT NOT NULL, role TEXT NOT NULL);
        CREATE INDEX service_by_id ON service(representative_id, date);
        INSERT INTO category (key, label, aliases, position) VALUES
        """ + CategoryCatalog.builtIn.enumerated().map { i, c in
            "(\(literal(c.key)), \(literal(c.label)), \(literal(c.aliases.joined(separator: ";"))), \(i))"
        }.joined(separator: ",\n") + ";"

    /// Append-only logs: a statement trigger refuses every UPDATE, DELETE and TRUNCATE of an
    /// event table, even one that would touch no row, whoever runs it (a role without those
    /// grants is refused before the trigger).
    static let hearings = """
        CREATE FUNCTION pingli_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% rows are append-only: record a new event instead', TG_TABLE_NAME USING ERRCODE = 'P0001';
        END $$;
        CREATE TABLE hearing (
            id TEXT PRIMARY KEY, case_ref TEXT NOT NULL, kind TEXT NOT NULL, spec TEXT NOT NULL, place TEXT,
            opened_at TEXT NOT NULL, stage TEXT NOT NULL, last_seq INTEGER NOT NULL,
            head_hash TEXT NOT NULL, sealed_hash TEXT, updated_at TEXT NOT NULL);
        CREATE INDEX hearing_by_case ON hearing(case_ref);
        -- The log, read in insertion (id) order so a reordered row shows.
        CREATE TABLE hearing_event (
            id BIGSERIAL PRIMARY KEY, hearing_id TEXT NOT NULL REFERENCES hearing(id), seq INTEGER NOT NULL,
            at TEXT NOT NULL, operator TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (hearing_id, seq));
        CREATE TRIGGER hearing_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON hearing_event
            FOR EACH STATEMENT EXECUTE FUNCTION pingli_append_only();
        -- Each event must follow the hearing's head: the next number, after the head's hash.
        -- A writer that appended on a stale view (another console got there first) is refused
        -- with a serialization failure and decides again on the fresh state; the head moves
        -- with the event, in the same statement.
        CREATE FUNCTION pingli_follows_head() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE last INTEGER; head TEXT;
        BEGIN
            SELECT h.last_seq, h.head_hash INTO last, head FROM hearing h WHERE h.id = NEW.hearing_id FOR UPDATE;
            IF NOT FOUND OR NEW.seq <> last + 1 OR NEW.prev_hash <> head THEN
                RAISE EXCEPTION 'hearing % moved on: event % does not follow its head', NEW.hearing_id, NEW.seq USING ERRCODE = '40001';
            END IF;
            UPDATE hearing SET last_seq = NEW.seq, head_hash = NEW.hash, updated_at = NEW.at WHERE id = NEW.hearing_id;
            RETURN NEW;
        END $$;
        CREATE TRIGGER hearing_event_follows_head BEFORE INSERT ON hearing_event
            FOR EACH ROW EXECUTE FUNCTION pingli_follows_head();
        """

    static let outbox = """
        CREATE TABLE outbox (
            id BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, hearing_id TEXT NOT NULL REFERENCES hearing(id),
            case_ref TEXT NOT NULL, case_seq INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
            record_hash TEXT NOT NULL, created_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, lease_until TEXT, lease_owner TEXT,
            last_status INTEGER, last_error TEXT, delivered_at TEXT, UNIQUE (case_ref, case_seq));
        CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
        CREATE TABLE delivery_log (
            id BIGSERIAL PRIMARY KEY, outbox_id BIGINT NOT NULL REFERENCES outbox(id), at TEXT NOT NULL, url TEXT NOT NULL,
            http_status INTEGER, error TEXT, response TEXT, duration_ms INTEGER NOT NULL);
        CREATE INDEX delivery_log_by_outbox ON delivery_log(outbox_id);
        """

    static let cases = """
        CREATE TABLE "case" (
            ref TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL, moderator TEXT,
            received_on TEXT NOT NULL, next_deadline TEXT, round INTEGER NOT NULL, last_seq INTEGER NOT NULL,
            head_hash TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX case_by_deadline ON "case"(status, next_deadline);
        CREATE TABLE case_event (
            id BIGSERIAL PRIMARY KEY, case_ref TEXT NOT NULL REFERENCES "case"(ref), seq INTEGER NOT NULL,
            at TEXT NOT NULL, operator TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (case_ref, seq));
        CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_event
            FOR EACH STATEMENT EXECUTE FUNCTION pingli_append_only();
        CREATE TABLE intake (webhook_id TEXT PRIMARY KEY, case_ref TEXT NOT NULL, received_at TEXT NOT NULL);
        ALTER TABLE outbox ALTER COLUMN hearing_id DROP NOT NULL;
        """

    /// Offices of a county: every hearing and case belongs to one; a representative has a home
    /// office (none: serves county-wide).
    static let offices = """
        CREATE TABLE office (code TEXT PRIMARY KEY, name TEXT NOT NULL, registered_at TEXT NOT NULL);
        ALTER TABLE hearing ADD COLUMN office TEXT REFERENCES office(code);
        ALTER TABLE "case" ADD COLUMN office TEXT REFERENCES office(code);
        ALTER TABLE representative ADD COLUMN home_office TEXT REFERENCES office(code);
        CREATE INDEX service_by_date ON service(date);
        """

    /// The privileges of the role consoles, workers and `pingli serve` log in as: everything
    /// they need, but no UPDATE, DELETE or TRUNCATE of an event table, nor any schema change
    /// (migrations run as the owner). The triggers refuse those to the owner as well.
    public static func grants(role: String) -> [String] {
        let r = "\"" + role.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let logs = ["hearing_event", "case_event"]
        let tables = ["setting", "category", "import_batch", "representative", "representative_history", "training", "service",
                      "outbox", "delivery_log", "\"case\"", "intake", "office"]
        return ["REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(r)",
                "GRANT USAGE ON SCHEMA public TO \(r)",
                "GRANT SELECT ON pingli_migrations TO \(r)",
                "GRANT SELECT, INSERT ON \(logs.joined(separator: ", ")) TO \(r)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON \(tables.joined(separator: ", ")) TO \(r)",
                "GRANT SELECT, INSERT, UPDATE ON hearing TO \(r)",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \(r)"]
    }

    /// The store checks each event against the event before it, not against a head kept on
    /// the hearing row: the row's head moved with every event (a second row written, a row
    /// lock taken) and its foreign key locked the hearing row again. Events are immutable and a
    /// hearing is never deleted, so the check needs no lock: a writer on a stale view either
    /// fails the check (40001) or loses the race for the next number to the unique
    /// `(hearing_id, seq)` (23505); both are decided again on the fresh state
    /// (``PGError/isRetryable``). The head is the last event (`hearing_event` by `(hearing_id, seq)`).
    static let chainCheck = """
        DROP TRIGGER hearing_event_follows_head ON hearing_event;
        DROP FUNCTION pingli_follows_head();
        ALTER TABLE hearing_event DROP CONSTRAINT hearing_event_hearing_id_fkey;
        ALTER TABLE hearing DROP COLUMN last_seq, DROP COLUMN head_hash, DROP COLUMN updated_at;
        CREATE FUNCTION pingli_follows_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.seq = 1 THEN
                IF NEW.prev_hash = encode(sha256(convert_to('pingli-hearing-chain-v1' || chr(10) || NEW.hearing_id, 'UTF8')), 'hex')
                   AND EXISTS (SELECT 1 FROM hearing h WHERE h.id = NEW.hearing_id) THEN
                    RETURN NEW;
                END IF;
            ELSIF EXISTS (SELECT 1 FROM hearing_event e WHERE e.hearing_id = NEW.hearing_id AND e.seq = NEW.seq - 1 AND e.hash = NEW.prev_hash) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'hearing % moved on: event % does not follow the event before it', NEW.hearing_id, NEW.seq USING ERRCODE = '40001';
        END $$;
        CREATE TRIGGER hearing_event_follows_chain BEFORE INSERT ON hearing_event
            FOR EACH ROW EXECUTE FUNCTION pingli_follows_chain();
        CREATE FUNCTION pingli_hearing_kept() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'hearings are kept with their logs: a hearing is never deleted' USING ERRCODE = 'P0001';
        END $$;
        CREATE TRIGGER hearing_kept BEFORE DELETE OR TRUNCATE ON hearing
            FOR EACH STATEMENT EXECUTE FUNCTION pingli_hearing_kept();
        """

    /// Offices number their own hearings (see ``HearingKey``): a hearing of an office is keyed
    /// `office/number`, and its number is kept in its own column, the id its chain was hashed
    /// under. The keys of hearings already stored move with them — the one rewrite of the
    /// event table a step may make (its append-only trigger is off for that statement only);
    /// no hash changes, as no hash covers a key. An event is keyed by its hearing and number:
    /// the insertion-order id is gone (the numbers are immutable and hashed, so the log is read
    /// by number) and with it an index per event. An outcome's event id is unique per hearing
    /// (new ones name their office; those moved from an office's file keep theirs).
    static let officeKeys = """
        ALTER TABLE hearing ADD COLUMN number TEXT;
        UPDATE hearing SET number = id;
        ALTER TABLE hearing ALTER COLUMN number SET NOT NULL;
        ALTER TABLE outbox DROP CONSTRAINT outbox_hearing_id_fkey;
        ALTER TABLE hearing_event DISABLE TRIGGER hearing_event_append_only;
        UPDATE hearing_event e SET hearing_id = h.office || '/' || h.number FROM hearing h WHERE e.hearing_id = h.id AND h.office IS NOT NULL;
        ALTER TABLE hearing_event ENABLE TRIGGER hearing_event_append_only;
        UPDATE outbox o SET hearing_id = h.office || '/' || h.number FROM hearing h WHERE o.hearing_id = h.id AND h.office IS NOT NULL;
        UPDATE service s SET hearing_id = h.office || '/' || h.number FROM hearing h WHERE s.hearing_id = h.id AND h.office IS NOT NULL;
        UPDATE hearing SET id = office || '/' || number WHERE office IS NOT NULL;
        ALTER TABLE outbox ADD CONSTRAINT outbox_hearing_id_fkey FOREIGN KEY (hearing_id) REFERENCES hearing(id);
        ALTER TABLE hearing ADD CONSTRAINT hearing_key CHECK (id = CASE WHEN office IS NULL THEN number ELSE office || '/' || number END);
        CREATE INDEX hearing_by_number ON hearing(number);
        CREATE INDEX service_by_hearing ON service(hearing_id);
        ALTER TABLE outbox DROP CONSTRAINT outbox_event_id_key;
        CREATE UNIQUE INDEX outbox_event ON outbox(event_id, coalesce(hearing_id, ''));
        ALTER TABLE hearing_event DROP COLUMN id;
        ALTER TABLE hearing_event DROP CONSTRAINT hearing_event_hearing_id_seq_key;
        ALTER TABLE hearing_event ADD CONSTRAINT hearing_event_pkey PRIMARY KEY (hearing_id, seq);
        CREATE OR REPLACE FUNCTION pingli_follows_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.seq = 1 THEN
                IF EXISTS (SELECT 1 FROM hearing h WHERE h.id = NEW.hearing_id
                           AND NEW.prev_hash = encode(sha256(convert_to('pingli-hearing-chain-v1' || chr(10) || h.number, 'UTF8')), 'hex')) THEN
                    RETURN NEW;
                END IF;
            ELSIF EXISTS (SELECT 1 FROM hearing_event e WHERE e.hearing_id = NEW.hearing_id AND e.seq = NEW.seq - 1 AND e.hash = NEW.prev_hash) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'hearing % moved on: event % does not follow the event before it', NEW.hearing_id, NEW.seq USING ERRCODE = '40001';
        END $$;
        """

    /// The unique constraints that give a log's next number to one writer: losing one is a
    /// stale view, decided again like a serialization failure.
    static let nextNumberConstraints: Set<String> = ["hearing_event_pkey", "case_event_case_ref_seq_key"]

    /// `text` as an SQL string literal (for the built-in rows written into a step).
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
