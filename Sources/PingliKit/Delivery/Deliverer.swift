import Foundation
import GRDB

/// What one pass of the outbox did.
public struct DrainReport: Sendable, Equatable {
    public var delivered = 0
    public var retrying = 0
    public var dead = 0
    public var disabled = false
}

/// Takes due outcomes from the outbox and delivers them with Standard Webhooks headers,
/// recording every attempt in the delivery log in its own transaction.
public final class Deliverer {
    public let database: PingliDatabase
    public let settings: DeliverySettings
    private let transport: CurlTransport
    private let secrets: [WebhookSecret]
    private let url: String
    private let now: () -> Date
    private let jitter: () -> Double
    private let log: (String) -> Void

    public init(database: PingliDatabase, settings: DeliverySettings, now: @escaping () -> Date = Date.init,
                jitter: @escaping () -> Double = { Double.random(in: -1...1) }, log: @escaping (String) -> Void = { _ in }) throws {
        guard let base = settings.url else {
            throw DeliveryError.configuration("no receiver URL: run `pingli outbox configure --url https://…` (the case system's base URL)")
        }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw DeliveryError.configuration("the receiver URL must start with https:// (or http:// on a trusted network): \(base)")
        }
        self.database = database
        self.settings = settings
        self.secrets = try settings.parsedSecrets()
        self.url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/outcomes"
        self.transport = try CurlTransport(options: settings.transport)
        self.now = now
        self.jitter = jitter
        self.log = log
    }

    /// Delivers everything due now (repeating while more becomes due), up to `limit` attempts.
    @discardableResult
    public func drainOnce(limit: Int = 10_000) throws -> DrainReport {
        var report = DrainReport()
        if let reason = try DeliverySettings.load(database).disabled {
            log("delivery is disabled: \(reason); re-enable with `pingli outbox configure --enable`")
            report.disabled = true
            return report
        }
        var attempts = 0
        while attempts < limit {
            let stamp = Timestamp.format(now())
            let items = try database.pool.write { d in
                try Outbox.claim(d, now: stamp, leaseUntil: Timestamp.format(now().addingTimeInterval(settings.transport.totalTimeout + 30)),
                                 limit: min(64, limit - attempts))
            }
            if items.isEmpty { break }
            // Send the batch, then record every result in one transaction: one fsync per batch.
            // A worker killed in between sends those outcomes again; the receiver keeps each once.
            var results: [(OutboxItem, AttemptResult, Int, RetryPolicy.Decision)] = []
            for item in items {
                attempts += 1
                let (result, ms) = send(item)
                let decision = settings.policy.decide(result, attempt: item.attempts + 1, unit: jitter())
                results.append((item, result, ms, decision))
                if decision == .disableEndpoint { break }
            }
            try record(results)
            for (_, _, _, decision) in results {
                switch decision {
                case .delivered: report.delivered += 1
                case .retry: report.retrying += 1
                case .dead: report.dead += 1
                case .disableEndpoint: report.disabled = true
                }
            }
            if report.disabled {
                // Release what this pass claimed but did not send.
                let sent = Set(results.map { $0.0.id })
                try database.pool.write { d in
                    for item in items where !sent.contains(item.id) {
                        try d.execute(sql: "UPDATE outbox SET lease_until = NULL, lease_owner = NULL WHERE id = ?", arguments: [item.id])
                    }
                }
                return report
            }
        }
        return report
    }

    /// Runs until `shouldStop` says so, sleeping until the next item is due (at most `poll` seconds).
    public func run(poll: Double = 1, shouldStop: () -> Bool) throws {
        while !shouldStop() {
            let r = try drainOnce()
            if r.delivered + r.dead + r.retrying > 0 { log("delivered \(r.delivered), retrying \(r.retrying), dead \(r.dead)") }
            var wait = poll
            if let next = try database.pool.read(Outbox.nextDue), let due = Timestamp.parse(next) {
                wait = max(0.05, min(poll, due.timeIntervalSince(now())))
            }
            if r.disabled { wait = poll }
            var slept = 0.0
            while slept < wait && !shouldStop() { usleep(50_000); slept += 0.05 }
        }
    }

    /// One POST with fresh timestamp and signatures (the id stays the same across retries).
    func send(_ item: OutboxItem) -> (AttemptResult, Int) {
        let timestamp = Int(now().timeIntervalSince1970)
        let body = Data(item.body.utf8)
        var headers = [("webhook-id", item.eventID), ("webhook-timestamp", String(timestamp)),
                       ("webhook-signature", WebhookSignature.header(id: item.eventID, timestamp: timestamp, body: body, secrets: secrets))]
        if let token = settings.bearerToken { headers.append(("Authorization", "Bearer \(token)")) }
        let started = Date()
        let result = transport.post(url: url, headers: headers, body: body)
        return (result, Int(Date().timeIntervalSince(started) * 1000))
    }

    /// Writes attempt results to the delivery log and the outbox.
    func record(_ results: [(OutboxItem, AttemptResult, Int, RetryPolicy.Decision)]) throws {
        guard !results.isEmpty else { return }
        let at = Timestamp.format(now())
        try database.pool.write { d in
            for (item, result, ms, decision) in results {
                try d.execute(sql: "INSERT INTO delivery_log (outbox_id, at, url, http_status, error, response, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              arguments: [item.id, at, url, result.status, result.error, String(result.responseBody.prefix(CurlTransport.maxResponseBody)), ms])
                switch decision {
                case .delivered:
                    try d.execute(sql: "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_status = ?, last_error = NULL, lease_until = NULL, lease_owner = NULL WHERE id = ?",
                                  arguments: [at, result.status, item.id])
                case let .retry(after):
                    try d.execute(sql: "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, lease_until = NULL, lease_owner = NULL WHERE id = ?",
                                  arguments: [Timestamp.format(now().addingTimeInterval(Double(after))), result.status, result.error, item.id])
                case let .dead(reason):
                    try d.execute(sql: "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_status = ?, last_error = ?, lease_until = NULL, lease_owner = NULL WHERE id = ?",
                                  arguments: [result.status, reason, item.id])
                case .disableEndpoint:
                    try d.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_status = 410, last_error = 'endpoint gone (410)', lease_until = NULL, lease_owner = NULL WHERE id = ?", arguments: [item.id])
                    try d.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                  arguments: [DeliverySettings.Key.disabled.rawValue, "the receiver answered 410 Gone at \(at)"])
                }
            }
        }
        for (item, result, _, decision) in results {
            let outcome: String
            switch decision {
            case .delivered: outcome = "delivered"
            case let .retry(after): outcome = "retry in \(after) s"
            case let .dead(reason): outcome = "dead: \(reason)"
            case .disableEndpoint: outcome = "endpoint disabled (410)"
            }
            log("\(item.eventID) [\(item.caseRef) #\(item.caseSequence)] attempt \(item.attempts + 1): " + (result.status.map { "HTTP \($0)" } ?? result.error ?? "no response") + " → \(outcome)")
        }
    }
}
