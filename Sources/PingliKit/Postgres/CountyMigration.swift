import Foundation
import GRDB

/// Moves an office's SQLite database into the county store, in one PostgreSQL transaction:
/// the pool merged by id (a representative already in the county pool keeps the county's
/// row; their training and service are added), every hearing and case with its events copied
/// row for row — the hashes were computed in Swift and are not recomputed — and the outbox
/// with its delivery log, so nothing waiting for the case system is lost. Every office numbers
/// its own hearings, so the office's hearings are keyed `CODE/number` in the county store
/// (``HearingKey``) and keep their numbers, in their chains and on paper; a hearing this file
/// moved before, or a case ref the county store already holds, is refused (nothing moves).
public struct CountyMigration {
    public let source: PingliDatabase
    public let target: PGStore
    public let office: String

    /// What was moved.
    public struct Report: Sendable {
        public var representativesAdded = 0
        public var representativesMerged = 0
        public var trainingAdded = 0
        public var serviceAdded = 0
        public var hearings: [String] = []
        public var cases: [String] = []
        public var events = 0
        public var outboxItems = 0
        /// Settings the county already had with another value (the county's value kept).
        public var settingsKept: [String] = []
    }

    public init(source: PingliDatabase, target: PGStore, office: String) {
        self.source = source
        self.target = target
        self.office = office
    }

    public func run() throws -> Report {
        let c = target.connection
        guard try target.offices().contains(where: { $0.code == office }) else {
            throw StoreError.badOffice(code: office, known: try target.offices().map(\.code))
        }
        return try source.pool.read { db in
            try c.transaction {
                var report = Report()
                try copySettings(db, c, &report)
                try copyCategories(db, c)
                try copyPool(db, c, &report)
                try copyHearings(db, c, &report)
                try copyCases(db, c, &report)
                try copyOutbox(db, c, &report)
                return report
            }
        }
    }

    private func copySettings(_ db: Database, _ c: PGConnection, _ report: inout Report) throws {
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting ORDER BY key") {
            let key: String = row["key"], value: String = row["value"]
            if let existing = try c.query("SELECT value FROM setting WHERE key = $1", [key]).first?.first {
                if existing != value { report.settingsKept.append(key) }
            } else {
                try c.execute("INSERT INTO setting (key, value) VALUES ($1, $2)", [key, value])
            }
        }
    }

    private func copyCategories(_ db: Database, _ c: PGConnection) throws {
        for row in try Row.fetchAll(db, sql: "SELECT key, label, aliases FROM category ORDER BY position") {
            try c.execute("""
                INSERT INTO category (key, label, aliases, position) VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM category))
                ON CONFLICT (key) DO NOTHING
                """, [row["key"] as String, row["label"] as String, row["aliases"] as String])
        }
    }

    private func copyPool(_ db: Database, _ c: PGConnection, _ report: inout Report) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM representative ORDER BY id") {
            let rep = try Representative(row: row)
            if let existing = try c.query("SELECT name, phone FROM representative WHERE id = $1", [rep.id]).first {
                guard existing["name"] == rep.name else {
                    throw StoreError.migrationConflict(Message("store.rep-other-name", rep.id, source.path, rep.name, existing.string("name")))
                }
                report.representativesMerged += 1
            } else {
                if let phone = rep.phone, let holder = try c.query("SELECT id FROM representative WHERE phone = $1", [phone]).first?.first {
                    throw StoreError.migrationConflict(Message("store.rep-phone-held", rep.id, rep.name, holder))
                }
                let placeholders = (1...rep.pgValues.count).map { "$\($0)" }.joined(separator: ", ")
                try c.execute("INSERT INTO representative (\(Representative.columnList)) VALUES (\(placeholders))", rep.pgValues)
                try c.execute("UPDATE representative SET home_office = $1 WHERE id = $2", [office, rep.id])
                report.representativesAdded += 1
                // The history comes along, oldest first, and says where it was kept before.
                if let created = try Row.fetchOne(db, sql: """
                    SELECT b.file, b.at, b.operator, r.created_line FROM representative r JOIN import_batch b ON b.id = r.created_batch WHERE r.id = ?
                    """, arguments: [rep.id]) {
                    try c.execute("INSERT INTO representative_history (representative_id, at, operator, action, changes, reason) VALUES ($1, $2, $3, 'created', '[]', $4)",
                                  [rep.id, created["at"] as String, created["operator"] as String,
                                   "导入 \(created["file"] as String):\(created["created_line"] as Int? ?? 0)"])
                }
                for h in try Row.fetchAll(db, sql: "SELECT * FROM representative_history WHERE representative_id = ? ORDER BY seq", arguments: [rep.id]) {
                    try c.execute("INSERT INTO representative_history (representative_id, at, operator, action, changes, reason) VALUES ($1, $2, $3, $4, $5, $6)",
                                  [rep.id, h["at"] as String, h["operator"] as String, h["action"] as String, h["changes"] as String, h["reason"] as String?])
                }
            }
            for t in try Row.fetchAll(db, sql: "SELECT date, topic, hours FROM training WHERE representative_id = ? ORDER BY id", arguments: [rep.id]) {
                let n = try c.execute("""
                    INSERT INTO training (representative_id, date, topic, hours) SELECT $1, $2, $3, $4
                    WHERE NOT EXISTS (SELECT 1 FROM training WHERE representative_id = $1 AND date = $2 AND topic = $3)
                    """, [rep.id, t["date"] as String, t["topic"] as String, t["hours"] as Double])
                report.trainingAdded += n
            }
            for s in try Row.fetchAll(db, sql: "SELECT hearing_id, date, role FROM service WHERE representative_id = ? ORDER BY id", arguments: [rep.id]) {
                let n = try c.execute("""
                    INSERT INTO service (representative_id, hearing_id, date, role) SELECT $1, $2, $3, $4
                    WHERE NOT EXISTS (SELECT 1 FROM service WHERE representative_id = $1 AND hearing_id = $2)
                    """, [rep.id, HearingKey.make(office: office, number: s["hearing_id"]), s["date"] as String, s["role"] as String])
                report.serviceAdded += n
            }
        }
    }

    private func copyHearings(_ db: Database, _ c: PGConnection, _ report: inout Report) throws {
        for h in try Row.fetchAll(db, sql: "SELECT * FROM hearing ORDER BY id") {
            let id: String = h["id"]
            let key = HearingKey.make(office: office, number: id)
            if !(try c.query("SELECT 1 FROM hearing WHERE id = $1", [key]).isEmpty) {
                throw StoreError.migrationConflict(Message("store.hearing-moved", key, source.path))
            }
            // Stored order (rowid): the county store takes each event only after the one before it, so a
            // log that does not verify here is named now rather than half-moved.
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM hearing_event WHERE hearing_id = ? ORDER BY rowid", arguments: [id])
                .map(SQLiteHearingLog.Transaction.stored)
            let problems = HashChain.verify(hearingID: id, rows: rows, sealedHash: h["sealed_hash"])
            guard problems.isEmpty, (rows.last?.hash ?? HashChain.genesis(id)) == (h["head_hash"] as String) else {
                throw StoreError.migrationConflict(Message("store.hearing-broken", id, source.path, problems.map { "\($0)" }.joined(separator: "; ")))
            }
            try c.execute("""
                INSERT INTO hearing (id, number, case_ref, kind, spec, place, opened_at, stage, sealed_hash, office)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                """, [key, id, h["case_ref"] as String, h["kind"] as String, h["spec"] as String, h["place"] as String?, h["opened_at"] as String,
                      h["stage"] as String, h["sealed_hash"] as String?, office])
            for e in rows {
                try c.enqueue("""
                    INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, [key, e.seq, e.at, e.operatorName, e.type, e.payload, e.prevHash, e.hash])
                report.events += 1
            }
            report.hearings.append(key)
        }
    }

    private func copyCases(_ db: Database, _ c: PGConnection, _ report: inout Report) throws {
        for k in try Row.fetchAll(db, sql: #"SELECT * FROM "case" ORDER BY ref"#) {
            let ref: String = k["ref"]
            if !(try c.query(#"SELECT 1 FROM "case" WHERE ref = $1"#, [ref]).isEmpty) {
                throw StoreError.migrationConflict(Message("store.case-moved", ref, source.path))
            }
            try c.execute("""
                INSERT INTO "case" (ref, title, category, status, moderator, received_on, next_deadline, round, last_seq, head_hash, updated_at, office)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """, [ref, k["title"] as String, k["category"] as String, k["status"] as String, k["moderator"] as String?, k["received_on"] as String,
                      k["next_deadline"] as String?, k["round"] as Int, k["last_seq"] as Int, k["head_hash"] as String, k["updated_at"] as String, office])
            for e in try Row.fetchAll(db, sql: "SELECT * FROM case_event WHERE case_ref = ? ORDER BY rowid", arguments: [ref]) {
                try c.execute("""
                    INSERT INTO case_event (case_ref, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, [ref, e["seq"] as Int, e["at"] as String, e["operator"] as String, e["type"] as String, e["payload"] as String,
                          e["prev_hash"] as String, e["hash"] as String])
                report.events += 1
            }
            report.cases.append(ref)
        }
        for i in try Row.fetchAll(db, sql: "SELECT * FROM intake") {
            try c.execute("INSERT INTO intake (webhook_id, case_ref, received_at) VALUES ($1, $2, $3) ON CONFLICT (webhook_id) DO NOTHING",
                          [i["webhook_id"] as String, i["case_ref"] as String, i["received_at"] as String])
        }
    }

    private func copyOutbox(_ db: Database, _ c: PGConnection, _ report: inout Report) throws {
        for o in try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id") {
            let ref: String = o["case_ref"], seq: Int = o["case_seq"]
            // A case's outcomes are one sequence: another office's under the same ref is another case.
            if !(try c.query("SELECT 1 FROM outbox WHERE case_ref = $1 AND case_seq = $2", [ref, seq]).isEmpty) {
                throw StoreError.migrationConflict(Message("store.outcome-moved", seq, ref, source.path))
            }
            // Leases belong to the office's workers, which stop before a move.
            let id = try c.query("""
                INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, status, attempts,
                                    next_attempt_at, last_status, last_error, delivered_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id
                """, [o["event_id"] as String, (o["hearing_id"] as String?).map { HearingKey.make(office: office, number: $0) }, o["case_ref"] as String, o["case_seq"] as Int, o["type"] as String,
                      o["body"] as String, o["record_hash"] as String, o["created_at"] as String, o["status"] as String, o["attempts"] as Int,
                      o["next_attempt_at"] as String, o["last_status"] as Int?, o["last_error"] as String?, o["delivered_at"] as String?])[0].string("id")
            for l in try Row.fetchAll(db, sql: "SELECT * FROM delivery_log WHERE outbox_id = ? ORDER BY id", arguments: [o["id"] as Int64]) {
                try c.execute("""
                    INSERT INTO delivery_log (outbox_id, at, url, http_status, error, response, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [id, l["at"] as String, l["url"] as String, l["http_status"] as Int?, l["error"] as String?, l["response"] as String?,
                          l["duration_ms"] as Int])
            }
            report.outboxItems += 1
        }
    }
}
