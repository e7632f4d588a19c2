import Foundation
import GRDB

/// One outcome waiting for (or done with) delivery.
public struct OutboxItem: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, delivered, dead }
    public var id: Int64
    public var eventID: String
    public var hearingID: String
    public var caseRef: String
    public var caseSequence: Int
    public var type: String
    public var body: String
    public var recordHash: String
    public var createdAt: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: String
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: String?

    init(row: Row) {
        id = row["id"]; eventID = row["event_id"]; hearingID = row["hearing_id"]; caseRef = row["case_ref"]
        caseSequence = row["case_seq"]; type = row["type"]; body = row["body"]; recordHash = row["record_hash"]
        createdAt = row["created_at"]; status = Status(rawValue: row["status"]) ?? .pending; attempts = row["attempts"]
        nextAttemptAt = row["next_attempt_at"]; lastStatus = row["last_status"]; lastError = row["last_error"]; deliveredAt = row["delivered_at"]
    }
}

/// One attempt as kept in the delivery log (no secret, no personal data beyond the outcome's).
public struct DeliveryLogEntry: Sendable {
    public var at: String
    public var url: String
    public var httpStatus: Int?
    public var error: String?
    public var response: String?
    public var durationMS: Int
}

/// The outbox table: outcomes enter with their record, leave when the case system has them.
public enum Outbox {
    /// Writes the outcome of a just-closed record (called inside the closing transaction).
    static func enqueue(_ db: Database, _ s: HearingState, closedAt: String) throws {
        let seq = (try Int.fetchOne(db, sql: "SELECT max(case_seq) FROM outbox WHERE case_ref = ?", arguments: [s.caseRef]) ?? 0) + 1
        let source = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [DeliverySettings.Key.source.rawValue]) ?? "urn:pingli"
        let withNames = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [DeliverySettings.Key.includeNames.rawValue]) == "true"
        var names: [String: String]?
        if withNames {
            names = [:]
            for seat in s.seats { names![seat.representative] = try String.fetchOne(db, sql: "SELECT name FROM representative WHERE id = ?", arguments: [seat.representative]) }
        }
        let body = OutcomeDocument.body(for: s, closedAt: closedAt, caseSequence: seq, source: source, names: names)
        try db.execute(sql: """
            INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [OutcomeDocument.eventID(for: s), s.id, s.caseRef, seq, OutcomeDocument.type(for: s), body,
                             s.sealedHash ?? s.headHash, closedAt, closedAt])
    }

    public static func list(_ db: PingliDatabase, status: OutboxItem.Status? = nil) throws -> [OutboxItem] {
        try db.pool.read { d in
            try Row.fetchAll(d, sql: "SELECT * FROM outbox" + (status == nil ? "" : " WHERE status = ?") + " ORDER BY id",
                             arguments: status.map { [$0.rawValue] } ?? []).map(OutboxItem.init(row:))
        }
    }

    public static func item(_ db: PingliDatabase, _ id: Int64) throws -> (OutboxItem, [DeliveryLogEntry]) {
        try db.pool.read { d in
            guard let row = try Row.fetchOne(d, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else {
                throw DeliveryError.notFound("no outbox item \(id) (see `pingli outbox list`)")
            }
            let log = try Row.fetchAll(d, sql: "SELECT * FROM delivery_log WHERE outbox_id = ? ORDER BY id", arguments: [id]).map {
                DeliveryLogEntry(at: $0["at"], url: $0["url"], httpStatus: $0["http_status"], error: $0["error"], response: $0["response"], durationMS: $0["duration_ms"])
            }
            return (OutboxItem(row: row), log)
        }
    }

    /// Counts for the console's prompt.
    public static func counts(_ db: PingliDatabase) throws -> (pending: Int, dead: Int) {
        try db.pool.read { d in
            (try Int.fetchOne(d, sql: "SELECT count(*) FROM outbox WHERE status = 'pending'") ?? 0,
             try Int.fetchOne(d, sql: "SELECT count(*) FROM outbox WHERE status = 'dead'") ?? 0)
        }
    }

    /// Puts a dead (or pending) item back at the front: due now, attempts counted afresh.
    public static func retry(_ db: PingliDatabase, _ id: Int64, now: String) throws {
        try db.pool.write { d in
            try d.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL WHERE id = ? AND status <> 'delivered'",
                          arguments: [now, id])
            guard d.changesCount == 1 else {
                throw DeliveryError.notFound("outbox item \(id) does not exist or was already delivered (use `replay` to send delivered outcomes again)")
            }
        }
    }

    /// Sends every outcome created since `since` again (the receiver de-duplicates by id).
    public static func replay(_ db: PingliDatabase, since: String, now: String) throws -> Int {
        try db.pool.write { d in
            try d.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL WHERE created_at >= ?",
                          arguments: [now, since])
            return d.changesCount
        }
    }

    /// Claims up to `limit` items due at `now`, oldest first, skipping any whose case has an
    /// earlier outcome not yet delivered (events of one case arrive in order). A claim is a
    /// lease: a worker that dies lets it lapse and another takes over.
    static func claim(_ d: Database, now: String, leaseUntil: String, limit: Int) throws -> [OutboxItem] {
        // A worker killed mid-delivery leaves its lease behind: free leases of dead processes here.
        for owner in try String.fetchAll(d, sql: "SELECT DISTINCT lease_owner FROM outbox WHERE lease_until >= ? AND lease_owner IS NOT NULL", arguments: [now])
            where !LeaseOwner.isAlive(owner) {
            try d.execute(sql: "UPDATE outbox SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ?", arguments: [owner])
        }
        let rows = try Row.fetchAll(d, sql: """
            SELECT * FROM outbox o
            WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.case_ref = o.case_ref AND p.case_seq < o.case_seq AND p.status <> 'delivered')
            ORDER BY o.id LIMIT ?
            """, arguments: [now, now, limit])
        for r in rows {
            try d.execute(sql: "UPDATE outbox SET lease_until = ?, lease_owner = ? WHERE id = ?", arguments: [leaseUntil, LeaseOwner.current, r["id"] as Int64])
        }
        return rows.map(OutboxItem.init(row:))
    }

    /// The earliest time anything pending becomes due (for a worker's sleep).
    static func nextDue(_ d: Database) throws -> String? {
        try String.fetchOne(d, sql: "SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'")
    }
}

/// Who holds a lease: `pid@host`. A lease of a process that no longer exists on this host is void.
enum LeaseOwner {
    static let current = "\(getpid())@\(ProcessInfo.processInfo.hostName)"

    static func isAlive(_ owner: String) -> Bool {
        let parts = owner.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let pid = Int32(parts[0]) else { return false }
        guard String(parts[1]) == ProcessInfo.processInfo.hostName else { return true } // another machine: trust its lease
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
