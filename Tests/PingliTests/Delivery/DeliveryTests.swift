import FlyingFox
import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("Signatures and retry policy")
struct SignatureTests {
    @Test("the Standard Webhooks specification's test vector")
    func standardVector() throws {
        let secret = try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let sig = secret.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: Data(#"{"test": 2432232314}"#.utf8))
        #expect(sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(throws: Never.self) {
            try WebhookSignature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signature: "v1,bm9wZQ== \(sig)",
                                        body: Data(#"{"test": 2432232314}"#.utf8), secrets: [secret], now: 1614265330)
        }
        #expect(throws: WebhookSignature.Rejection.badSignature) {
            try WebhookSignature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signature: sig,
                                        body: Data(#"{"test": 2432232315}"#.utf8), secrets: [secret], now: 1614265330)
        }
        #expect(throws: WebhookSignature.Rejection.stale(seconds: 301)) {
            try WebhookSignature.verify(id: "x", timestamp: "1000", signature: sig, body: Data(), secrets: [secret], now: 1301)
        }
        for hostile in ["-9223372036854775808", "9223372036854775807"] {
            #expect(throws: WebhookSignature.Rejection.self, "a timestamp at the edge of Int is refused, not an overflow") {
                try WebhookSignature.verify(id: "x", timestamp: hostile, signature: sig, body: Data(), secrets: [secret], now: 1301)
            }
        }
        do {
            _ = try WebhookSecret("whsec_short")
            Issue.record("a short secret was accepted")
        } catch {
            #expect(!"\(error)".contains("short"), "the message does not repeat the secret")
        }
    }

    @Test func retryDecisions() throws {
        let p = RetryPolicy.default
        #expect(p.decide(AttemptResult(status: 204), attempt: 1, unit: 0) == .delivered)
        #expect(p.decide(AttemptResult(status: 500), attempt: 1, unit: 0) == .retry(after: 5))
        #expect(p.decide(AttemptResult(status: 500), attempt: 2, unit: 1) == .retry(after: 330), "+10% jitter")
        #expect(p.decide(AttemptResult(status: 429, retryAfter: "900"), attempt: 1, unit: 0) == .retry(after: 900))
        #expect(p.decide(AttemptResult(status: nil, error: "timeout"), attempt: 1, unit: 0) == .retry(after: 5))
        #expect(p.decide(AttemptResult(status: 408), attempt: 3, unit: 0) == .retry(after: 1800))
        #expect(p.decide(AttemptResult(status: 410), attempt: 1, unit: 0) == .disableEndpoint)
        if case .dead = p.decide(AttemptResult(status: 422, responseBody: "bad"), attempt: 1, unit: 0) {} else { Issue.record("422 is dead") }
        if case .dead = p.decide(AttemptResult(status: 503), attempt: 8, unit: 0) {} else { Issue.record("gives up after the schedule") }
        #expect(try RetryPolicy(parsing: "0,5s,5m,2h").schedule == [0, 5, 300, 7200])
        #expect(throws: DeliveryError.self) { try RetryPolicy(parsing: "0,soon") }
    }
}

@Suite("Delivery to real servers on 127.0.0.1")
struct DeliveryTests {
    @Test("outcomes carry no phone or household, and the reference receiver keeps each once")
    func referenceReceiver() async throws {
        let w = try DeliveryWorld(hearings: 3)
        let dir = TempDir("pingli-casestore")
        let receiver = try CaseStoreReceiver(path: dir.file("case.sqlite"), secrets: [try WebhookSecret(w.secret)])
        let running = try await RunningServer(try receiver.server(port: 0)) { await receiver.handle($0) }
        defer { Task { await running.stop() } }
        try w.configure(url: "http://127.0.0.1:\(running.port)")
        let db = w.world.database
        let settings = try DeliverySettings.load(db, environment: [:])
        #expect(try await blocking { try Deliverer(outbox: db.outbox, settings: settings).drainOnce().delivered } == 3)
        // Replaying sends them again; the receiver still has each once.
        _ = try db.outbox.replay(since: "2000-01-01T00:00:00.000Z", now: Timestamp.format(Date()))
        #expect(try await blocking { try Deliverer(outbox: db.outbox, settings: settings).drainOnce().delivered } == 3)
        let got = try receiver.outcomes()
        #expect(got.count == 3 && Set(got.map(\.webhookID)).count == 3)
        for o in got {
            #expect(!o.body.contains("HX-9") && !o.body.contains("单位") && !o.body.contains("1380"), "no personal data: \(o.body)")
            #expect(o.type == "pingli.mediation.agreed")
            let json = try JSONSerialization.jsonObject(with: Data(o.body.utf8)) as! [String: Any]
            let data = json["data"] as! [String: Any]
            #expect(data["record_hash"] as? String == o.recordHash && o.recordHash.count == 64)
        }
        // The delivery log holds status and body, never the secret.
        let log = try await w.world.database.pool.read { try String.fetchAll($0, sql: "SELECT coalesce(response, '') || coalesce(error, '') || url FROM delivery_log") }
        #expect(!log.joined().contains(w.secret) && !log.joined().contains(String(w.secret.dropFirst(6))))
    }

    @Test("a tampered body, a wrong secret or an old timestamp is rejected by the receiver")
    func receiverRejects() async throws {
        let store = try await LocalCaseStore()
        defer { Task { await store.running.stop() } }
        let (secret, receiver, url) = (store.secret, store.receiver, store.url)
        let body = Data(#"{"specversion":"1.0","id":"e1","type":"pingli.hearing.closed","sequence":"1","data":{"case_ref":"C","hearing_id":"H","record_hash":"x"}}"#.utf8)
        func send(_ body: Data, signedBody: Data, ts: Int, with s: WebhookSecret) async throws -> Int? {
            try await blocking {
                try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 5))
                    .post(url: url, headers: [("webhook-id", "e1"), ("webhook-timestamp", String(ts)),
                                              ("webhook-signature", s.sign(id: "e1", timestamp: ts, body: signedBody))], body: body).status
            }
        }
        let now = Int(Date().timeIntervalSince1970)
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "y")
        #expect(try await send(tampered, signedBody: body, ts: now, with: secret) == 401)
        #expect(try await send(body, signedBody: body, ts: now - 600, with: secret) == 401)
        #expect(try await send(body, signedBody: body, ts: now, with: try WebhookSecret(WebhookSecret.generate())) == 401)
        #expect(try receiver.outcomes().isEmpty)
        #expect(try await send(body, signedBody: body, ts: now, with: secret) == 200)
        #expect(try receiver.outcomes().count == 1)
    }

    @Test("500, 429 with Retry-After, a hang past the timeout, a reset and a stopped server: each outcome arrives once, in case order")
    func flakyServer() async throws {
        let w = try DeliveryWorld(hearings: 0)
        try DeliveryWorld.closeOne(w.world, caseRef: "SAME")
        try DeliveryWorld.closeOne(w.world, caseRef: "SAME")
        try DeliveryWorld.closeOne(w.world, caseRef: "OTHER")
        let server = try await ScriptedServer.start()
        defer { Task { await server.running.stop() } }
        let clock = TestClock()
        // First the endpoint resets every connection, then nothing listens.
        let reset = try ResettingListener()
        try w.configure(url: "http://127.0.0.1:\(reset.port)", timeout: 1)
        var r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.retrying == 2 && r.delivered == 0, "SAME #2 waits behind SAME #1: \(r)")
        reset.stop()
        clock.advance(2)
        r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.retrying == 2, "connection refused is retried")
        // Then a real server that answers 500, 429 (Retry-After 120), and hangs past the timeout.
        try w.configure(url: server.url, timeout: 1)
        server.script([.status(500), .retryAfter(429, seconds: 120), .hang(seconds: 3)])
        clock.advance(2)
        r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.retrying == 2)
        clock.advance(2)
        r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.delivered + r.retrying >= 1)
        let items = try w.world.database.outbox.list()
        #expect(items.contains { $0.lastStatus == 429 && $0.nextAttemptAt >= Timestamp.format(clock.now.addingTimeInterval(100)) }, "Retry-After is honoured")
        clock.advance(200)
        for _ in 0..<5 { clock.advance(2); _ = try await blocking { try w.deliverer(clock: clock).drainOnce() } }
        let final = try w.world.database.outbox.list()
        #expect(final.allSatisfy { $0.status == .delivered }, "\(final.map { ($0.eventID, $0.status, $0.lastError ?? "") })")
        let delivered = server.ids
        let same = final.filter { $0.caseRef == "SAME" }.sorted { $0.caseSequence < $1.caseSequence }.map(\.eventID)
        let order = delivered.filter { same.contains($0) }
        #expect(order.firstIndex(of: same[1])! > order.lastIndex(of: same[0])!, "case SAME #2 only after #1: \(order)")
        try await Task.sleep(nanoseconds: 2_500_000_000) // let the hung request finish
    }

    @Test("outcomes of different cases go out on several connections at once; one case's outcomes one at a time, in order")
    func parallelLanes() async throws {
        let w = try DeliveryWorld(hearings: 0)
        for n in 0..<8 { try DeliveryWorld.closeOne(w.world, caseRef: "C-\(n)") }
        for _ in 0..<3 { try DeliveryWorld.closeOne(w.world, caseRef: "SAME") }
        let server = try await ScriptedServer.start()
        defer { Task { await server.running.stop() } }
        try w.configure(url: server.url, timeout: 5)
        server.script(Array(repeating: .hang(seconds: 0.2), count: 11))
        let clock = TestClock()
        var delivered = 0
        for _ in 0..<4 { delivered += try await blocking { try w.deliverer(clock: clock).drainOnce() }.delivered }
        #expect(delivered == 11)
        #expect(server.mostAtOnce == DeliverySettings.defaultConnections, "four connections in use at once, saw \(server.mostAtOnce)")
        let same = try w.world.database.outbox.list().filter { $0.caseRef == "SAME" }.sorted { $0.caseSequence < $1.caseSequence }.map(\.eventID)
        #expect(server.ids.filter(same.contains) == same, "case SAME in order, each once")

        // With one connection, one request at a time.
        let one = try DeliveryWorld(hearings: 6)
        let quiet = try await ScriptedServer.start()
        defer { Task { await quiet.running.stop() } }
        try one.configure(url: quiet.url, timeout: 5)
        try DeliverySettings.set(one.world.database, .connections, "1")
        quiet.script(Array(repeating: .hang(seconds: 0.05), count: 6))
        #expect(try await blocking { try one.deliverer(clock: clock).drainOnce() }.delivered == 6)
        #expect(quiet.mostAtOnce == 1)
        #expect(throws: DeliveryError.self) { try DeliverySettings.parseConnections("0") }
        #expect(throws: DeliveryError.self) { try DeliverySettings.parseConnections("lots") }
    }

    @Test("the reference receiver commits concurrent outcomes together, each once")
    func groupCommit() async throws {
        let store = try await LocalCaseStore()
        defer { Task { await store.running.stop() } }
        let (secret, receiver, url) = (store.secret, store.receiver, store.url)
        let statuses = try await blocking { () -> [Int?] in
            let results = ResultBox(count: 80)
            DispatchQueue.concurrentPerform(iterations: 8) { lane in
                let transport = try! CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 10))
                for i in stride(from: lane, to: 80, by: 8) {
                    let id = "e\(i % 40)" // every outcome twice
                    let body = Data(#"{"specversion":"1.0","id":"\#(id)","type":"pingli.hearing.closed","sequence":"1","data":{"case_ref":"C\#(i % 40)","hearing_id":"H","record_hash":"x"}}"#.utf8)
                    let ts = Int(Date().timeIntervalSince1970)
                    results.set(i, transport.post(url: url, headers: [("webhook-id", id), ("webhook-timestamp", String(ts)),
                                                                      ("webhook-signature", secret.sign(id: id, timestamp: ts, body: body))], body: body).status)
                }
            }
            return results.values
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        let stored = try receiver.outcomes()
        #expect(stored.count == 40 && Set(stored.map(\.webhookID)).count == 40, "each outcome once")
        // How many requests share a commit depends on scheduling (pingli-bench delivery measures
        // it); what must always hold is that no request costs more than one commit.
        #expect(receiver.commitCount <= 80, "\(receiver.commitCount) commits for 80 requests")

        // Batching itself, made deterministic: commits are held until eight requests wait, then
        // all eight go to disk in one transaction and only then is each answered.
        let before = receiver.commitCount
        receiver.holdCommits()
        let held = Task.detached { () -> [Int?] in
            let results = ResultBox(count: 8)
            // One thread each (concurrentPerform runs only as many at once as there are cores).
            onThreads(8) { i in
                let transport = try! CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 30))
                let id = "held\(i)"
                let body = Data(#"{"specversion":"1.0","id":"\#(id)","type":"pingli.hearing.closed","sequence":"1","data":{"case_ref":"H\#(i)","hearing_id":"H","record_hash":"x"}}"#.utf8)
                let ts = Int(Date().timeIntervalSince1970)
                results.set(i, transport.post(url: url, headers: [("webhook-id", id), ("webhook-timestamp", String(ts)),
                                                                  ("webhook-signature", secret.sign(id: id, timestamp: ts, body: body))], body: body).status)
            }
            return results.values
        }
        let deadline = Date().addingTimeInterval(20)
        while receiver.pendingCount < 8 && Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(receiver.pendingCount == 8, "eight requests wait for the held commit")
        #expect(receiver.commitCount == before, "nothing committed while held")
        #expect(try receiver.outcomes().count == 40, "nothing stored while held")
        receiver.releaseCommits()
        let heldStatuses = await held.value
        #expect(heldStatuses.allSatisfy { $0 == 200 }, "\(heldStatuses)")
        #expect(receiver.commitCount == before + 1, "eight waiting outcomes, one commit")
        #expect(try receiver.outcomes().count == 48)
    }

    @Test("410 Gone disables delivery until the office re-enables it; other 4xx go to the dead letters")
    func goneAndDead() async throws {
        let w = try DeliveryWorld(hearings: 2)
        let server = try await ScriptedServer.start()
        defer { Task { await server.running.stop() } }
        try w.configure(url: server.url)
        let clock = TestClock()
        server.script([.status(422), .status(410)])
        var r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        let seen = try w.world.database.outbox.list().map { "\($0.status) \($0.lastStatus ?? 0) \($0.lastError ?? "")" }
        #expect(r.dead == 1 && r.disabled, "\(r) \(seen) received \(server.ids)")
        r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.disabled && r.delivered == 0, "nothing is sent while disabled")
        try DeliverySettings.set(w.world.database, .disabled, nil)
        clock.advance(5)
        r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.delivered == 1)
        let dead = try w.world.database.outbox.list(status: .dead)
        #expect(dead.count == 1 && dead[0].lastError?.contains("HTTP 422") == true)
        try w.world.database.outbox.retry(dead[0].id, now: Timestamp.format(clock.now))
        #expect(try await blocking { try w.deliverer(clock: clock).drainOnce() }.delivered == 1)
    }
}

/// Runs `body(0..<count)` on `count` threads of their own at once and waits for them all.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let thread = Thread { body(i); group.leave() }
        thread.start()
    }
    group.wait()
}

/// Statuses written from several threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Int?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: Int?) { lock.lock(); slots[i] = v; lock.unlock() }
    var values: [Int?] { lock.lock(); defer { lock.unlock() }; return slots }
}
