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
    /// One transport (one kept-alive connection) per lane.
    private let transports: [CurlTransport]
    private let secrets: [WebhookSecret]
    private let url: String
    private let now: @Sendable () -> Date
    private let jitter: () -> Double
    private let log: (String) -> Void

    public init(database: PingliDatabase, settings: DeliverySettings, now: @escaping @Sendable () -> Date = { Date() },
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
        self.transports = try (0..<max(1, settings.connections)).map { _ in try CurlTransport(options: settings.transport) }
        self.now = now
        self.jitter = jitter
        self.log = log
    }

    /// Outcomes claimed (and their results recorded) per transaction.
    static let batchSize = 256

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
                try Outbox.claim(d, now: stamp, leaseUntil: Timestamp.format(now().addingTimeInterval(leaseSeconds)),
                                 limit: min(Self.batchSize, limit - attempts))
            }
            if items.isEmpty { break }
            // Send the batch, then record every result in one transaction: one fsync per batch.
            // A worker killed in between sends those outcomes again; the receiver keeps each once.
            // A batch holds at most one outcome per case (see `Outbox.claim`), so its items
            // can go out on several connections at once without breaking any case's order.
            let results = sendAll(items)
            attempts += results.count
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

    /// Long enough for a whole batch at the worst: every attempt running to the timeout.
    private var leaseSeconds: Double {
        let rounds = (Self.batchSize + transports.count - 1) / transports.count
        return (settings.transport.totalTimeout + 1) * Double(rounds) + 30
    }

    /// Sends `items` over the lanes; stops early (leaving the rest unsent) after a 410.
    private func sendAll(_ items: [OutboxItem]) -> [(OutboxItem, AttemptResult, Int, RetryPolicy.Decision)] {
        let lanes = min(transports.count, items.count)
        let slots = SendSlots(count: items.count)
        let jitters = items.map { _ in jitter() }
        let policy = settings.policy
        let request = RequestSigner(url: url, secrets: secrets, bearerToken: settings.bearerToken, now: now)
        // Each lane uses only its own transport, so the handles are never shared.
        let transports = LaneTransports(transports)
        // Threads of their own: the lanes block on the network, and concurrentPerform would
        // run no more of them at once than there are cores.
        let done = DispatchGroup()
        for lane in 0..<lanes {
            done.enter()
            let thread = Thread {
                for i in stride(from: lane, to: items.count, by: lanes) where !slots.gone {
                    let (result, ms) = request.send(items[i], over: transports.lanes[lane])
                    let decision = policy.decide(result, attempt: items[i].attempts + 1, unit: jitters[i])
                    slots.set(i, (items[i], result, ms, decision))
                }
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        done.wait()
        return slots.filled
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

/// Results of one batch, filled from several lanes; `gone` tells the lanes to stop after a 410.
private final class SendSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(OutboxItem, AttemptResult, Int, RetryPolicy.Decision)?]
    private var stop = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    var gone: Bool { lock.lock(); defer { lock.unlock() }; return stop }

    func set(_ i: Int, _ value: (OutboxItem, AttemptResult, Int, RetryPolicy.Decision)) {
        lock.lock()
        slots[i] = value
        if value.3 == .disableEndpoint { stop = true }
        lock.unlock()
    }

    /// The results in claim order.
    var filled: [(OutboxItem, AttemptResult, Int, RetryPolicy.Decision)] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

/// Builds and sends one POST with a fresh timestamp and signatures (the id stays the same
/// across retries); signed just before sending, so a slow batch never sends a stale stamp.
private struct RequestSigner: Sendable {
    let url: String
    let secrets: [WebhookSecret]
    let bearerToken: String?
    let now: @Sendable () -> Date

    func send(_ item: OutboxItem, over transport: CurlTransport) -> (AttemptResult, Int) {
        let timestamp = Int(now().timeIntervalSince1970)
        let body = Data(item.body.utf8)
        var headers = [("webhook-id", item.eventID), ("webhook-timestamp", String(timestamp)),
                       ("webhook-signature", WebhookSignature.header(id: item.eventID, timestamp: timestamp, body: body, secrets: secrets))]
        if let bearerToken { headers.append(("Authorization", "Bearer \(bearerToken)")) }
        let started = Date()
        let result = transport.post(url: url, headers: headers, body: body)
        return (result, Int(Date().timeIntervalSince(started) * 1000))
    }
}

/// The deliverer's transports, handed to the lanes: lane `i` uses `lanes[i]` and no other.
private struct LaneTransports: @unchecked Sendable {
    let lanes: [CurlTransport]
    init(_ lanes: [CurlTransport]) { self.lanes = lanes }
}
