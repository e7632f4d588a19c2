import Foundation
import GRDB

/// The outbox and delivery-log tables: every outbox statement Pingli runs is in this file.
public struct SQLiteOutbox: OutboxStore {
    let database: PingliDatabase

    public var settings: any SettingsAccess { database }

    /// Queues the outcome of a just-closed record, inside the closing transaction: the case
    /// sequence is the next for its case, the body is the CloudEvent ``OutcomeDocument`` builds.
    static func enqueue(_ db: Database, _ s: HearingState, closedAt: String, names: (String) throws -> String?) throws {
        let settings = SQLiteSettings(db)
        let seq = (try Int.fetchOne(db, sql: "SELECT max(case_seq) FROM outbox WHERE case_ref = ?", arguments: [s.caseRef]) ?? 0) + 1
        let source = try settings.value(DeliverySettings.Key.source.rawValue) ?? "urn:pingli"
        var seatNames: [String: String]?
        if try settings.value(DeliverySettings.Key.includeNames.rawValue) == "true" {
            seatNames = [:]
            for seat in s.seats { seatNames![seat.representative] = try names(seat.representative) }
        }
        let body = OutcomeDocument.body(for: s, closedAt: closedAt, caseSequence: seq, source: source, names: seatNames)
        try db.execute(sql: """
            INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [OutcomeDocument.eventID(for: s), s.id, s.caseRef, seq, OutcomeDocument.type(for: s), body,
                             s.sealedHash ?? s.headHash, closedAt, closedAt])
    }

    /// Queues a case status for the case system, inside the case's transaction, in the same
    /// per-case sequence as the outcomes of its hearings.
    static func enqueueStatus(_ db: Database, type: String, state: CaseState, event: CaseEvent) throws {
        let seq = (try Int.fetchOne(db, sql: "SELECT max(case_seq) FROM outbox WHERE case_ref = ?", arguments: [state.ref]) ?? 0) + 1
        let source = try SQLiteSettings(db).value(DeliverySettings.Key.source.rawValue) ?? "urn:pingli"
        let body = CaseStatusDocument.body(type: type, state: state, event: event, caseSequence: seq, source: source)
        try db.execute(sql: """
            INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, next_attempt_at)
            VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [CaseStatusDocument.eventID(ref: state.ref, seq: event.seq), state.ref, seq, type, body,
                             event.hash, event.at, event.at])
    }

    public func list(status: OutboxItem.Status?) throws -> [OutboxItem] {
        try database.pool.read { d in
            try Row.fetchAll(d, sql: "SELECT * FROM outbox" + (status == nil ? "" : " WHERE status = ?") + " ORDER BY id",
                             arguments: status.map { [$0.rawValue] } ?? []).map(Self.item)
        }
    }

    public func item(_ id: Int64) throws -> (OutboxItem, [DeliveryLogEntry]) {
        try database.pool.read { d in
            guard let row = try Row.fetchOne(d, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else {
                throw DeliveryError.notFound(Message("outbox.no-item", id))
            }
            let log = try Row.fetchAll(d, sql: "SELECT * FROM delivery_log WHERE outbox_id = ? ORDER BY id", arguments: [id]).map {
                DeliveryLogEntry(at: $0["at"], url: $0["url"], httpStatus: $0["http_status"], error: $0["error"], response: $0["response"], durationMS: $0["duration_ms"])
            }
            return (Self.item(row), log)
        }
    }

    public func counts() throws -> (pending: Int, dead: Int) {
        try database.pool.read { d in
            (try Int.fetchOne(d, sql: "SELECT count(*) FROM outbox WHERE status = 'pending'") ?? 0,
             try Int.fetchOne(d, sql: "SELECT count(*) FROM outbox WHERE status = 'dead'") ?? 0)
        }
    }

    public func retry(_ id: Int64, now: String) throws {
        try database.pool.write { d in
            try d.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL WHERE id = ? AND status <> 'delivered'",
                          arguments: [now, id])
            guard d.changesCount == 1 else {
                throw DeliveryError.notFound(Message("outbox.not-pending", id))
            }
        }
    }

    public func replay(since: String, now: String) throws -> Int {
        try database.pool.write { d in
            try d.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL WHERE created_at >= ?",
                          arguments: [now, since])
            return d.changesCount
        }
    }

    public func makeDue(now: String) throws {
        try database.pool.write { try $0.execute(sql: "UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending'", arguments: [now]) }
    }

    public func claim(now: String, leaseUntil: String, limit: Int, owner: String, isGone: (String) -> Bool) throws -> [OutboxItem] {
        try database.pool.write { d in
            for holder in try String.fetchAll(d, sql: "SELECT DISTINCT lease_owner FROM outbox WHERE lease_until >= ? AND lease_owner IS NOT NULL", arguments: [now])
                where isGone(holder) {
                try d.execute(sql: "UPDATE outbox SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ?", arguments: [holder])
            }
            let rows = try Row.fetchAll(d, sql: """
                SELECT * FROM outbox o
                WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.case_ref = o.case_ref AND p.case_seq < o.case_seq AND p.status <> 'delivered')
                ORDER BY o.id LIMIT ?
                """, arguments: [now, now, limit])
            for r in rows {
                try d.execute(sql: "UPDATE outbox SET lease_until = ?, lease_owner = ? WHERE id = ?", arguments: [leaseUntil, owner, r["id"] as Int64])
            }
            return rows.map(Self.item)
        }
    }

    public func release(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try database.pool.write { d in
            for id in ids { try d.execute(sql: "UPDATE outbox SET lease_until = NULL, lease_owner = NULL WHERE id = ?", arguments: [id]) }
        }
    }

    public func record(_ attempts: [DeliveryAttempt], at: String, url: String, nextAttempt: (Int) -> String) throws {
        guard !attempts.isEmpty else { return }
        try database.pool.write { d in
            for a in attempts {
                let (item, result) = (a.item, a.result)
                try d.execute(sql: "INSERT INTO delivery_log (outbox_id, at, url, http_status, error, response, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              arguments: [item.id, at, url, result.status, result.error, String(result.responseBody.prefix(CurlTransport.maxResponseBody)), a.durationMS])
                switch a.decision {
                case .delivered:
                    try d.execute(sql: "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_status = ?, last_error = NULL, lease_until = NULL, lease_owner = NULL WHERE id = ?",
                                  arguments: [at, result.status, item.id])
                case let .retry(after):
                    try d.execute(sql: "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, lease_until = NULL, lease_owner = NULL WHERE id = ?",
                                  arguments: [nextAttempt(after), result.status, result.error, item.id])
                case let .dead(reason):
                    try d.execute(sql: "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_status = ?, last_error = ?, lease_until = NULL, lease_owner = NULL WHERE id = ?",
                                  arguments: [result.status, reason, item.id])
                case .disableEndpoint:
                    try d.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_status = 410, last_error = 'endpoint gone (410)', lease_until = NULL, lease_owner = NULL WHERE id = ?", arguments: [item.id])
                    try SQLiteSettings(d).set(DeliverySettings.Key.disabled.rawValue, "the receiver answered 410 Gone at \(at)")
                }
            }
        }
    }

    public func nextDue() throws -> String? {
        try database.pool.read { try String.fetchOne($0, sql: "SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'") }
    }

    static func item(_ row: Row) -> OutboxItem {
        OutboxItem(id: row["id"], eventID: row["event_id"], hearingID: row["hearing_id"], caseRef: row["case_ref"],
                   caseSequence: row["case_seq"], type: row["type"], body: row["body"], recordHash: row["record_hash"],
                   createdAt: row["created_at"], status: OutboxItem.Status(rawValue: row["status"]) ?? .pending,
                   attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastStatus: row["last_status"],
                   lastError: row["last_error"], deliveredAt: row["delivered_at"])
    }
}

extension PingliDatabase {
    /// The office's outbox.
    public var outbox: any OutboxStore { SQLiteOutbox(database: self) }
}
