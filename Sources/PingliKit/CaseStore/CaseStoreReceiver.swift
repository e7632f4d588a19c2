import FlyingFox
import FlyingSocks
import Foundation
import GRDB

/// An outcome as the reference case store keeps it.
public struct ReceivedOutcome: Sendable {
    public var webhookID: String
    public var receivedAt: String
    public var type: String
    public var caseRef: String
    public var hearingID: String
    public var sequence: Int
    public var recordHash: String
    public var body: String
}

/// A case's latest status as the reference case store keeps it (the highest sequence seen).
public struct ReceivedCaseStatus: Sendable, Equatable {
    public var caseRef: String
    public var status: String
    public var type: String
    public var sequence: Int
}

/// The reference receiver (a stand-in for the 台账 case system): verifies Standard Webhooks
/// signatures and timestamps, keeps each outcome and case status once by `webhook-id`, and
/// each case's latest status, in its own SQLite file.
public final class CaseStoreReceiver: Sendable {
    public let path: String
    private let queue: DatabaseQueue
    private let commits: GroupCommit<[DatabaseValueConvertible & Sendable], Bool>
    private let secrets: [WebhookSecret]
    private let now: @Sendable () -> Date

    public init(path: String, secrets: [WebhookSecret], now: @escaping @Sendable () -> Date = { Date() }) throws {
        guard !secrets.isEmpty else { throw DeliveryError.configuration(Message("outbox.casestore-secret")) }
        try PingliDatabase.createPrivately(path)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { try $0.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL") }
        let queue = try DatabaseQueue(path: path, configuration: config)
        self.queue = queue
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS outcome (
                    webhook_id TEXT PRIMARY KEY NOT NULL,
                    received_at TEXT NOT NULL,
                    type TEXT NOT NULL,
                    case_ref TEXT NOT NULL,
                    hearing_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    record_hash TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS case_status (
                    case_ref TEXT PRIMARY KEY NOT NULL,
                    status TEXT NOT NULL,
                    type TEXT NOT NULL,
                    sequence INTEGER NOT NULL
                );
                """)
        }
        commits = GroupCommit { rows in try queue.write { db in try rows.map { try Self.insert(db, $0) } } }
        self.path = path
        self.secrets = secrets
        self.now = now
    }

    /// Inserts one outcome or status; true when it was new.
    private static func insert(_ db: Database, _ arguments: [DatabaseValueConvertible & Sendable]) throws -> Bool {
        try db.execute(sql: """
            INSERT OR IGNORE INTO outcome (webhook_id, received_at, type, case_ref, hearing_id, sequence, record_hash, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments(Array(arguments.prefix(8))))
        let inserted = db.changesCount == 1
        if inserted {
            // The latest status by the sender's per-case sequence, whatever order they arrive in.
            try db.execute(sql: """
                INSERT INTO case_status (case_ref, status, type, sequence) VALUES (?, ?, ?, ?)
                ON CONFLICT(case_ref) DO UPDATE SET status = excluded.status, type = excluded.type, sequence = excluded.sequence
                WHERE excluded.sequence > case_status.sequence
                """, arguments: [arguments[3], arguments[8], arguments[2], arguments[5]])
        }
        return inserted
    }

    /// A server on `host:port` (0 picks a free port; read it from `listeningAddress`).
    public func server(host: String = "127.0.0.1", port: UInt16) throws -> HTTPServer {
        HTTPServer(address: try sockaddr_in.inet(ip4: host, port: port), timeout: 30,
                   pool: NoDelaySocketPool(HTTPServer.defaultPool()), logger: .disabled)
    }

    /// Handles one request.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        func reply(_ code: Int, _ fields: [String: String]) -> HTTPResponse {
            let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
            return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: code == 200 ? "OK" : "Error"),
                                headers: [.contentType: "application/json"], body: body)
        }
        guard request.path == "/outcomes" else { return reply(404, ["error": "POST outcomes to /outcomes"]) }
        guard request.method == .POST else { return reply(405, ["error": "only POST"]) }
        guard let body = try? await request.bodyData else { return reply(400, ["error": "unreadable body"]) }
        let id = request.headers[HTTPHeader("webhook-id")]
        do {
            try WebhookSignature.verify(id: id, timestamp: request.headers[HTTPHeader("webhook-timestamp")],
                                        signature: request.headers[HTTPHeader("webhook-signature")], body: body, secrets: secrets,
                                        now: Int(now().timeIntervalSince1970))
        } catch {
            return reply(401, ["error": "\(error)"])
        }
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              json["specversion"] as? String == "1.0", let eventID = json["id"] as? String, eventID == id,
              let type = json["type"] as? String, type.hasPrefix("pingli."),
              let data = json["data"] as? [String: Any], let caseRef = data["case_ref"] as? String,
              let seq = (json["sequence"] as? String).flatMap(Int.init) else {
            return reply(400, ["error": "not a Pingli CloudEvent (see docs/receiver.md)"])
        }
        // An outcome carries its hearing and record hash; a case status its status.
        let hash = data["record_hash"] as? String
        let status = data["status"] as? String ?? (hash != nil ? "outcome" : nil)
        guard let status else { return reply(400, ["error": "neither an outcome (data.record_hash) nor a case status (data.status)"]) }
        let hearing = data["hearing_id"] as? String ?? (data["hearing"] as? [String: Any])?["hearing_id"] as? String ?? ""
        do {
            let inserted = try await commits.commit([eventID, Timestamp.format(now()), type, caseRef, hearing, seq, hash ?? "",
                                                     String(decoding: body, as: UTF8.self), status])
            return reply(200, ["status": inserted ? "stored" : "duplicate", "id": eventID])
        } catch {
            return reply(503, ["error": "the case store could not save it; try again"])
        }
    }

    /// Transactions the receiver has committed since it started (concurrent outcomes share one).
    public var commitCount: Int { commits.commitCount }

    /// Outcomes waiting for the next commit.
    var pendingCount: Int { commits.pendingCount }
    /// Holds commits (requests wait unanswered) until `releaseCommits()`; for tests.
    func holdCommits() { commits.hold() }
    func releaseCommits() { commits.release() }

    /// Each case's latest status, by case reference.
    public func caseStatuses() throws -> [ReceivedCaseStatus] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM case_status ORDER BY case_ref").map {
                ReceivedCaseStatus(caseRef: $0["case_ref"], status: $0["status"], type: $0["type"], sequence: $0["sequence"])
            }
        }
    }

    public func outcomes() throws -> [ReceivedOutcome] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outcome ORDER BY received_at, rowid").map {
                ReceivedOutcome(webhookID: $0["webhook_id"], receivedAt: $0["received_at"], type: $0["type"], caseRef: $0["case_ref"],
                                hearingID: $0["hearing_id"], sequence: $0["sequence"], recordHash: $0["record_hash"], body: $0["body"])
            }
        }
    }
}
