import Foundation

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
    public let outbox: any OutboxStore
    public let settings: DeliverySettings
    /// One transport (one kept-alive connection) per lane.
    private let transports: [CurlTransport]
    private let secrets: [WebhookSecret]
    private let url: String
    private let now: @Sendable () -> Date
    private let jitter: () -> Double
    private let log: (String) -> Void

    public init(outbox: any OutboxStore, settings: DeliverySettings, now: @escaping @Sendable () -> Date = { Date() },
                jitter: @escaping () -> Double = { Double.random(in: -1...1) }, log: @escaping (String) -> Void = { _ in }) throws {
        guard let base = settings.url else {
            throw DeliveryError.configuration(Message("outbox.no-url"))
        }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw DeliveryError.configuration(Message("outbox.bad-url", base))
        }
        self.outbox = outbox
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
        if let reason = try DeliverySettings.load(outbox.settings).disabled {
            log("delivery is disabled: \(reason); re-enable with `pingli outbox configure --enable`")
            report.disabled = true
            return report
        }
        var attempts = 0
        while attempts < limit {
            let stamp = Timestamp.format(now())
            // A worker killed mid-delivery leaves its lease behind: the claim frees leases of dead processes.
            let items = try outbox.claim(now: stamp, leaseUntil: Timestamp.format(now().addingTimeInterval(leaseSeconds)),
                                         limit: min(Self.batchSize, limit - attempts), owner: LeaseOwner.current,
                                         isGone: { !LeaseOwner.isAlive($0) })
            if items.isEmpty { break }
            // Send the batch, then record every result in one transaction: one fsync per batch.
            // A worker killed in between sends those outcomes again; the receiver keeps each once.
            // A batch holds at most one outcome per case (see `OutboxStore.claim`), so its items
            // can go out on several connections at once without breaking any case's order.
            let results = sendAll(items)
            attempts += results.count
            try record(results)
            for attempt in results {
                switch attempt.decision {
                case .delivered: report.delivered += 1
                case .retry: report.retrying += 1
                case .dead: report.dead += 1
                case .disableEndpoint: report.disabled = true
                }
            }
            if report.disabled {
                // Release what this pass claimed but did not send.
                let sent = Set(results.map(\.item.id))
                try outbox.release(items.map(\.id).filter { !sent.contains($0) })
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
    private func sendAll(_ items: [OutboxItem]) -> [DeliveryAttempt] {
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
                    slots.set(i, DeliveryAttempt(item: items[i], result: result, durationMS: ms, decision: decision))
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
            if let next = try outbox.nextDue(), let due = Timestamp.parse(next) {
                wait = max(0.05, min(poll, due.timeIntervalSince(now())))
            }
            if r.disabled { wait = poll }
            var slept = 0.0
            while slept < wait && !shouldStop() { usleep(50_000); slept += 0.05 }
        }
    }

    /// Writes attempt results to the delivery log and the outbox.
    func record(_ results: [DeliveryAttempt]) throws {
        guard !results.isEmpty else { return }
        let at = Timestamp.format(now())
        try outbox.record(results, at: at, url: url, nextAttempt: { Timestamp.format(self.now().addingTimeInterval(Double($0))) })
        for attempt in results {
            let (item, result) = (attempt.item, attempt.result)
            let outcome: String
            switch attempt.decision {
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
    private var slots: [DeliveryAttempt?]
    private var stop = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    var gone: Bool { lock.lock(); defer { lock.unlock() }; return stop }

    func set(_ i: Int, _ value: DeliveryAttempt) {
        lock.lock()
        slots[i] = value
        if value.decision == .disableEndpoint { stop = true }
        lock.unlock()
    }

    /// The results in claim order.
    var filled: [DeliveryAttempt] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
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
