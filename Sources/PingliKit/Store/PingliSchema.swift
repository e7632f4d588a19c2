import GRDB

/// The database schema, as an ordered list of migrations. Never edit a shipped
/// migration: add a new one, so that every office's database follows the same steps.
public enum PingliSchema {
    public static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-pool", migrate: createPool)
        m.registerMigration("v2-hearings", migrate: createHearings)
        m.registerMigration("v3-outbox", migrate: createOutbox)
        m.registerMigration("v4-cases", migrate: createCases)
        m.registerMigration("v5-offices", migrate: createOffices)
        m.registerMigration("v6-chain-check", migrate: createChainCheck)
        // `PGSchema.officeKeys`: in the county store a hearing is keyed by office and number.
        // An office's file holds one office's numbers, so its keys are its numbers already;
        // the step is recorded so both dialects count the same steps.
        m.registerMigration("v7-office-keys") { _ in }
        return m
    }

    /// The store refuses an event that does not follow the event before it (the same step as
    /// `PGSchema.chainCheck`): the adapter reads the head in its write transaction, so this
    /// catches only a writer that went around it. The first event must follow a hearing that
    /// has none yet (its genesis hash is the row's head; SQLite has no SHA-256 to compute it).
    static func createChainCheck(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TRIGGER hearing_event_follows_chain BEFORE INSERT ON hearing_event
            WHEN NOT (CASE WHEN NEW.seq = 1
                THEN EXISTS (SELECT 1 FROM hearing WHERE id = NEW.hearing_id AND last_seq = 0 AND head_hash = NEW.prev_hash)
                ELSE EXISTS (SELECT 1 FROM hearing_event WHERE hearing_id = NEW.hearing_id AND seq = NEW.seq - 1 AND hash = NEW.prev_hash)
                END)
            BEGIN SELECT RAISE(ABORT, 'hearing event does not follow the event before it'); END;
            """)
    }

    /// Offices (the county store's; a single office's database may leave them empty): every
    /// hearing and case may belong to one, a representative may have a home office. The same
    /// step as `PGSchema.offices`.
    static func createOffices(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE office (
                code TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                registered_at TEXT NOT NULL
            ) WITHOUT ROWID;
            ALTER TABLE hearing ADD COLUMN office TEXT REFERENCES office(code);
            ALTER TABLE "case" ADD COLUMN office TEXT REFERENCES office(code);
            ALTER TABLE representative ADD COLUMN home_office TEXT REFERENCES office(code);
            CREATE INDEX service_by_date ON service(date);
            """)
    }

    /// Cases from the 台账: one row per case (its status, deadline and chain head for lists and
    /// the prompt) and the append-only, hash-chained `case_event` log. The outbox also carries
    /// case statuses, which belong to no hearing: its `hearing_id` becomes optional.
    static func createCases(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE "case" (
                ref TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                category TEXT NOT NULL,
                status TEXT NOT NULL,
                moderator TEXT,
                received_on TEXT NOT NULL,
                next_deadline TEXT,
                round INTEGER NOT NULL,
                last_seq INTEGER NOT NULL,
                head_hash TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX case_by_deadline ON "case"(status, next_deadline);
            CREATE TABLE case_event (
                case_ref TEXT NOT NULL REFERENCES "case"(ref),
                seq INTEGER NOT NULL,
                at TEXT NOT NULL,
                operator TEXT NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                UNIQUE (case_ref, seq)
            );
            CREATE TRIGGER case_event_append_only_update BEFORE UPDATE ON case_event
            BEGIN SELECT RAISE(ABORT, 'case events are append-only: record a new event instead'); END;
            CREATE TRIGGER case_event_append_only_delete BEFORE DELETE ON case_event
            BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
            -- Referrals taken in by `pingli serve`, by webhook-id: a repeated delivery stores nothing new.
            CREATE TABLE intake (
                webhook_id TEXT PRIMARY KEY NOT NULL,
                case_ref TEXT NOT NULL,
                received_at TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE outbox_v4 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL UNIQUE,
                hearing_id TEXT REFERENCES hearing(id),
                case_ref TEXT NOT NULL,
                case_seq INTEGER NOT NULL,
                type TEXT NOT NULL,
                body TEXT NOT NULL,
                record_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                lease_until TEXT,
                lease_owner TEXT,
                last_status INTEGER,
                last_error TEXT,
                delivered_at TEXT,
                UNIQUE (case_ref, case_seq)
            );
            INSERT INTO outbox_v4 SELECT * FROM outbox;
            DROP TABLE outbox;
            ALTER TABLE outbox_v4 RENAME TO outbox;
            CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
            """)
    }

    static func createOutbox(_ db: Database) throws {
        try db.execute(sql: """
            -- Outcomes for the case system, written in the same transaction as the closing event.
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL UNIQUE,
                hearing_id TEXT NOT NULL REFERENCES hearing(id),
                case_ref TEXT NOT NULL,
                case_seq INTEGER NOT NULL,
                type TEXT NOT NULL,
                body TEXT NOT NULL,
                record_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                lease_until TEXT,
                lease_owner TEXT,
                last_status INTEGER,
                last_error TEXT,
                delivered_at TEXT,
                UNIQUE (case_ref, case_seq)
            );
            CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
            CREATE TABLE delivery_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                at TEXT NOT NULL,
                url TEXT NOT NULL,
                http_status INTEGER,
                error TEXT,
                response TEXT,
                duration_ms INTEGER NOT NULL
            );
            CREATE INDEX delivery_log_by_outbox ON delivery_log(outbox_id);
            """)
    }

    static func createHearings(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE hearing (
                id TEXT PRIMARY KEY NOT NULL,
                case_ref TEXT NOT NULL,
                kind TEXT NOT NULL,
                spec TEXT NOT NULL,
                place TEXT,
                opened_at TEXT NOT NULL,
                stage TEXT NOT NULL,
                last_seq INTEGER NOT NULL,
                -- The chain's head after the last append, and the hash of the closing event:
                -- anchors outside the chain, so a re-chained tail is detected.
                head_hash TEXT NOT NULL,
                sealed_hash TEXT,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX hearing_by_case ON hearing(case_ref);
            -- The log. Read in rowid (insertion) order, so a reordered row shows.
            CREATE TABLE hearing_event (
                hearing_id TEXT NOT NULL REFERENCES hearing(id),
                seq INTEGER NOT NULL,
                at TEXT NOT NULL,
                operator TEXT NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                UNIQUE (hearing_id, seq)
            );
            CREATE TRIGGER hearing_event_append_only_update BEFORE UPDATE ON hearing_event
            BEGIN SELECT RAISE(ABORT, 'hearing events are append-only: record a correction instead'); END;
            CREATE TRIGGER hearing_event_append_only_delete BEFORE DELETE ON hearing_event
            BEGIN SELECT RAISE(ABORT, 'hearing events are append-only'); END;
            """)
    }

    static func createPool(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE setting (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            );
            CREATE TABLE category (
                key TEXT PRIMARY KEY NOT NULL,
                label TEXT NOT NULL,
                aliases TEXT NOT NULL DEFAULT '',
                position INTEGER NOT NULL
            );
            CREATE TABLE import_batch (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                file TEXT NOT NULL,
                encoding TEXT NOT NULL,
                at TEXT NOT NULL,
                operator TEXT NOT NULL,
                created INTEGER NOT NULL DEFAULT 0,
                updated INTEGER NOT NULL DEFAULT 0,
                unchanged INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE representative (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
                birth_year INTEGER NOT NULL,
                community TEXT NOT NULL,
                street TEXT NOT NULL,
                categories TEXT NOT NULL,
                intake TEXT NOT NULL CHECK (intake IN ('self-nominated', 'recommended')),
                recommended_by TEXT,
                phone TEXT,
                household TEXT,
                work_unit TEXT,
                relations TEXT NOT NULL DEFAULT '',
                term_start TEXT,
                term_end TEXT,
                status TEXT NOT NULL CHECK (status IN ('candidate', 'active', 'suspended', 'retired', 'rejected')),
                status_reason TEXT,
                suspended_until TEXT,
                -- The import that created the row: its audit record (who, when, which file).
                -- (No foreign key on these two: checking it twice per row doubled import time.)
                created_batch INTEGER,
                created_line INTEGER,
                -- The import that last touched the row, to find duplicates inside one file.
                import_batch INTEGER,
                import_line INTEGER
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX representative_phone ON representative(phone) WHERE phone IS NOT NULL;
            CREATE TABLE representative_history (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                representative_id TEXT NOT NULL REFERENCES representative(id),
                at TEXT NOT NULL,
                operator TEXT NOT NULL,
                action TEXT NOT NULL,
                changes TEXT NOT NULL DEFAULT '[]',
                reason TEXT
            );
            CREATE INDEX representative_history_by_id ON representative_history(representative_id, seq);
            CREATE TABLE training (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                representative_id TEXT NOT NULL REFERENCES representative(id),
                date TEXT NOT NULL,
                topic TEXT NOT NULL,
                hours REAL NOT NULL CHECK (hours > 0)
            );
            CREATE INDEX training_by_id ON training(representative_id);
            CREATE TABLE service (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                representative_id TEXT NOT NULL REFERENCES representative(id),
                hearing_id TEXT NOT NULL,
                date TEXT NOT NULL,
                role TEXT NOT NULL
            );
            CREATE INDEX service_by_id ON service(representative_id, date);
            """)
        for (i, c) in CategoryCatalog.builtIn.enumerated() {
            try db.execute(sql: "INSERT INTO category (key, label, aliases, position) VALUES (?, ?, ?, ?)",
                           arguments: [c.key, c.label, c.aliases.joined(separator: ";"), i])
        }
    }
}
