import Foundation

/// The outbox and delivery log in the county store. Several drain workers on several machines
/// share it: a batch is claimed with `FOR UPDATE SKIP LOCKED` and leased in a short transaction
/// that commits before any item is sent, so no row lock is held across a libcurl call.
public struct PGOutbox: OutboxStore {
    let connection: PGConnection

    public init(_ connection: PGConnection) { self.connection = connection }

    public var settings: any SettingsAccess { PGSettings(connection: connection) }

    /// Queues the outcome of a just-closed record (hearing `key` in the store) inside the closing transaction.
    static func enqueue(_ connection: PGConnection, _ s: HearingState, key: String, closedAt: String) throws {
        let settings = PGSettings(connection: connection)
        let seq = try nextSequence(connection, s.caseRef)
        let source = try settings.value(DeliverySettings.Key.source.rawValue) ?? "urn:pingli"
        var seatNames: [String: String]?
        if try settings.value(DeliverySettings.Key.includeNames.rawValue) == "true" {
            seatNames = [:]
            for seat in s.seats {
                seatNames![seat.representative] = try connection.query("SELECT name FROM representative WHERE id = $1", [seat.representative]).first?.first
            }
        }
        let office = HearingKey.office(key)
        let body = OutcomeDocument.body(for: s, closedAt: closedAt, caseSequence: seq, source: source, names: seatNames, office: office)
        try connection.execute("""
            INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            """, [OutcomeDocument.eventID(for: s, office: office), key, s.caseRef, seq, OutcomeDocument.type(for: s), body, s.sealedHash ?? s.headHash, closedAt])
    }

    /// Queues a case status inside the case's transaction, in the case's one sequence.
    static func enqueueStatus(_ connection: PGConnection, type: String, state: CaseState, event: CaseEvent) throws {
        let seq = try nextSequence(connection, state.ref)
        let source = try PGSettings(connection: connection).value(DeliverySettings.Key.source.rawValue) ?? "urn:pingli"
        let body = CaseStatusDocument.body(type: type, state: state, event: event, caseSequence: seq, source: source)
        try connection.execute("""
            INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, next_attempt_at)
            VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $7)
            """, [CaseStatusDocument.eventID(ref: state.ref, seq: event.seq), state.ref, seq, type, body, event.hash, event.at])
    }

    /// The next number in `caseRef`'s sequence; writers of one case are serialised by a
    /// transaction-scoped advisory lock, so two offices never take the same number.
    static func nextSequence(_ connection: PGConnection, _ caseRef: String) throws -> Int {
        try connection.execute("SELECT pg_advisory_xact_lock(hashtext('pingli-case:' || $1))", [caseRef])
        return (try connection.query("SELECT coalesce(max(case_seq), 0) AS n FROM outbox WHERE case_ref = $1", [caseRef]).first?.int("n") ?? 0) + 1
    }

    public func list(status: OutboxItem.Status?) throws -> [OutboxItem] {
        try connection.transaction(readOnly: true) {
            try connection.query("SELECT * FROM outbox" + (status == nil ? "" : " WHERE status = $1") + " ORDER BY id",
                                 status.map { [$0.rawValue] } ?? []).map(Self.item)
        }
    }

    public func item(_ id: Int64) throws -> (OutboxItem, [DeliveryLogEntry]) {
        try connection.transaction(readOnly: true) {
            guard let row = try connection.query("SELECT * FROM outbox WHERE id = $1", [id]).first else {
                throw DeliveryError.notFound(Message("outbox.no-item", id))
            }
            let log = try connection.query("SELECT * FROM delivery_log WHERE outbox_id = $1 ORDER BY id", [id]).map {
                DeliveryLogEntry(at: $0.string("at"), url: $0.string("url"), httpStatus: $0.optionalInt("http_status"), error: $0["error"],
                                 response: $0["response"], durationMS: $0.int("duration_ms"))
            }
            return (Self.item(row), log)
        }
    }

    public func counts() throws -> (pending: Int, dead: Int) {
        try connection.transaction(readOnly: true) {
            let r = try connection.query("SELECT count(*) FILTER (WHERE status = 'pending') AS p, count(*) FILTER (WHERE status = 'dead') AS d FROM outbox")[0]
            return (r.int("p"), r.int("d"))
        }
    }

    public func retry(_ id: Int64, now: String) throws {
        try connection.transaction(isolation: .readCommitted) {
            let n = try connection.execute("""
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, lease_until = NULL WHERE id = $2 AND status <> 'delivered'
                """, [now, id])
            guard n == 1 else {
                throw DeliveryError.notFound(Message("outbox.not-pending", id))
            }
        }
    }

    public func replay(since: String, now: String) throws -> Int {
        try connection.transaction(isolation: .readCommitted) {
            try connection.execute("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, lease_until = NULL WHERE created_at >= $2", [now, since])
        }
    }

    public func makeDue(now: String) throws {
        try connection.transaction(isolation: .readCommitted) {
            try connection.execute("UPDATE outbox SET next_attempt_at = $1 WHERE status = 'pending'", [now])
        }
    }

    public func claim(now: String, leaseUntil: String, limit: Int, owner: String, isGone: (String) -> Bool) throws -> [OutboxItem] {
        try connection.transaction(isolation: .readCommitted) {
            for holder in try connection.query("SELECT DISTINCT lease_owner FROM outbox WHERE lease_until >= $1 AND lease_owner IS NOT NULL", [now])
                .compactMap(\.first) where isGone(holder) {
                try connection.execute("UPDATE outbox SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = $1", [holder])
            }
            // Rows another worker is claiming right now are skipped, not waited for; an item
            // whose case has an earlier outcome not yet delivered waits for it.
            let rows = try connection.query("""
                SELECT * FROM outbox o
                WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND (o.lease_until IS NULL OR o.lease_until < $1)
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.case_ref = o.case_ref AND p.case_seq < o.case_seq AND p.status <> 'delivered')
                ORDER BY o.id LIMIT $2
                FOR UPDATE OF o SKIP LOCKED
                """, [now, limit])
            let ids = rows.map { $0.string("id") }
            if !ids.isEmpty {
                try connection.execute("UPDATE outbox SET lease_until = $1, lease_owner = $2 WHERE id = ANY($3::bigint[])", [leaseUntil, owner, PGArray(ids)])
            }
            return rows.map(Self.item)
        }
    }

    public func release(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try connection.transaction(isolation: .readCommitted) {
            try connection.execute("UPDATE outbox SET lease_until = NULL, lease_owner = NULL WHERE id = ANY($1::bigint[])", [PGArray(ids.map(String.init))])
        }
    }

    public func record(_ attempts: [DeliveryAttempt], at: String, url: String, nextAttempt: (Int) -> String) throws {
        guard !attempts.isEmpty else { return }
        try connection.transaction(isolation: .readCommitted) {
            for a in attempts {
                let (item, result) = (a.item, a.result)
                try connection.execute("""
                    INSERT INTO delivery_log (outbox_id, at, url, http_status, error, response, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [item.id, at, url, result.status, result.error, String(result.responseBody.prefix(CurlTransport.maxResponseBody)), a.durationMS])
                let done = "lease_until = NULL, lease_owner = NULL"
                switch a.decision {
                case .delivered:
                    try connection.execute("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = $1, last_status = $2, last_error = NULL, \(done) WHERE id = $3",
                                           [at, result.status, item.id])
                case let .retry(after):
                    try connection.execute("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_status = $2, last_error = $3, \(done) WHERE id = $4",
                                           [nextAttempt(after), result.status, result.error, item.id])
                case let .dead(reason):
                    try connection.execute("UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_status = $1, last_error = $2, \(done) WHERE id = $3",
                                           [result.status, reason, item.id])
                case .disableEndpoint:
                    try connection.execute("UPDATE outbox SET attempts = attempts + 1, last_status = 410, last_error = 'endpoint gone (410)', \(done) WHERE id = $1", [item.id])
                    try PGSettings(connection: connection).set(DeliverySettings.Key.disabled.rawValue, "the receiver answered 410 Gone at \(at)")
                }
            }
        }
    }

    public func nextDue() throws -> String? {
        try connection.transaction(readOnly: true) {
            try connection.query("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'").first?.first
        }
    }

    static func item(_ row: PGRow) -> OutboxItem {
        OutboxItem(id: row.int64("id"), eventID: row.string("event_id"), hearingID: row["hearing_id"], caseRef: row.string("case_ref"),
                   caseSequence: row.int("case_seq"), type: row.string("type"), body: row.string("body"), recordHash: row.string("record_hash"),
                   createdAt: row.string("created_at"), status: OutboxItem.Status(rawValue: row.string("status")) ?? .pending,
                   attempts: row.int("attempts"), nextAttemptAt: row.string("next_attempt_at"), lastStatus: row.optionalInt("last_status"),
                   lastError: row["last_error"], deliveredAt: row["delivered_at"])
    }
}
