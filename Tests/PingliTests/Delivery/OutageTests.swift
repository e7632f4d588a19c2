import Foundation
import Testing
@testable import PingliKit

@Suite("Outage: the case system down, then flapping")
struct OutageTests {
    @Test("200 outcomes: down at first, then 500s, resets and slow answers; all arrive, each case in order")
    func outage() async throws {
        let w = try DeliveryWorld(hearings: 0)
        for i in 0..<200 { try DeliveryWorld.closeOne(w.world, caseRef: "CASE-\(i % 50)") }
        let clock = TestClock()
        // Down: nothing listens on the port.
        let gone = try ResettingListener()
        let deadPort = gone.port
        gone.stop()
        try w.configure(url: "http://127.0.0.1:\(deadPort)", timeout: 1)
        var r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.delivered == 0 && r.retrying == 50, "only each case's first outcome is tried: \(r)")
        // Resets.
        let reset = try ResettingListener()
        try w.configure(url: "http://127.0.0.1:\(reset.port)", timeout: 1)
        clock.advance(2)
        r = try await blocking { try w.deliverer(clock: clock).drainOnce() }
        #expect(r.delivered == 0)
        reset.stop()
        // Flapping: a seeded mix of 500, 503 with Retry-After, a few slow answers, and successes.
        let server = try await ScriptedServer.start()
        var rng = TestRandom(state: 42)
        var script: [ScriptedServer.Answer] = []
        for _ in 0..<400 {
            switch rng.int(10) {
            case 0...2: script.append(.status(500))
            case 3: script.append(.retryAfter(503, seconds: 1))
            case 4 where rng.int(8) == 0: script.append(.hang(seconds: 1.5))
            default: script.append(.ok)
            }
        }
        server.script(script)
        // Which outcome meets which failure depends on how the four connections interleave; with
        // eight attempts an unlucky outcome met eight failures in a row now and then (0.4⁸ per
        // outcome, ×200) and went to the dead letters. Thirty attempts make that about 10⁻¹⁰:
        // the test is about order and arrival, not about giving up.
        try w.configure(url: server.url, schedule: "0," + Array(repeating: "1", count: 29).joined(separator: ","), timeout: 1)
        var rounds = 0
        while try w.world.database.outbox.list(status: .pending).count > 0 && rounds < 200 {
            clock.advance(3)
            _ = try await blocking { try w.deliverer(clock: clock).drainOnce() }
            rounds += 1
        }
        let items = try w.world.database.outbox.list()
        #expect(items.count == 200 && items.allSatisfy { $0.status == .delivered }, "after \(rounds) rounds")
        // Each outcome was accepted, and within a case in sequence order.
        let accepted = server.acceptedIDs
        #expect(Set(accepted) == Set(items.map(\.eventID)))
        let firstAccepted = Dictionary(accepted.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: min)
        for (_, outcomes) in Dictionary(grouping: items, by: \.caseRef) {
            let positions = outcomes.sorted { $0.caseSequence < $1.caseSequence }.map { firstAccepted[$0.eventID]! }
            #expect(positions == positions.sorted(), "per-case order")
        }
        try await Task.sleep(nanoseconds: 1_600_000_000)
        await server.running.stop()
    }
}
