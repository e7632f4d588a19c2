import Testing
@testable import PingliKit

@Suite("Lifecycle")
struct LifecycleTests {
    let today = Day("2026-11-21")!

    @Test("every allowed transition works and records the reason",
          arguments: [(RepresentativeStatus.candidate, RepresentativeStatus.active),
                      (.candidate, .rejected), (.active, .suspended), (.suspended, .active),
                      (.active, .retired), (.suspended, .retired)])
    func allowed(from: RepresentativeStatus, to: RepresentativeStatus) throws {
        let rep = Fixtures.representative("R-000001", status: from)
        let moved = try Lifecycle.move(rep, to: to, reason: "理由", today: today)
        #expect(moved.status == to)
        #expect(moved.statusReason == "理由")
    }

    @Test("every other transition is refused with the allowed ones named")
    func refused() {
        let allowedPairs: Set<String> = ["candidate>active", "candidate>rejected", "active>suspended",
                                         "suspended>active", "active>retired", "suspended>retired"]
        var refusedCount = 0
        for from in RepresentativeStatus.allCases {
            for to in RepresentativeStatus.allCases where !allowedPairs.contains("\(from.rawValue)>\(to.rawValue)") {
                let rep = Fixtures.representative("R-000001", status: from)
                #expect(throws: PoolError.self) { try Lifecycle.move(rep, to: to, reason: "x", today: today) }
                do {
                    _ = try Lifecycle.move(rep, to: to, reason: "x", today: today)
                } catch let error as PoolError {
                    guard case .illegalTransition = error else { Issue.record("wrong error \(error)"); continue }
                    #expect(error.description.contains("R-000001"))
                    refusedCount += 1
                } catch { Issue.record("unexpected \(error)") }
            }
        }
        #expect(refusedCount == 25 - 6)
    }

    @Test("suspension, retirement and rejection need a reason")
    func reasons() {
        let active = Fixtures.representative("R-1", status: .active)
        #expect(throws: PoolError.reasonRequired(status: .suspended)) {
            try Lifecycle.move(active, to: .suspended, reason: "  ", today: today)
        }
        #expect(throws: PoolError.reasonRequired(status: .retired)) {
            try Lifecycle.move(active, to: .retired, reason: nil, today: today)
        }
        let candidate = Fixtures.representative("R-1", status: .candidate)
        #expect(throws: PoolError.reasonRequired(status: .rejected)) {
            try Lifecycle.move(candidate, to: .rejected, reason: nil, today: today)
        }
        #expect((try? Lifecycle.move(candidate, to: .active, reason: nil, today: today))?.status == .active)
    }

    @Test("--until only with suspended, and not in the past; reinstating clears it")
    func until() throws {
        let active = Fixtures.representative("R-1", status: .active)
        #expect(throws: PoolError.self) {
            try Lifecycle.move(active, to: .retired, reason: "x", until: Day("2027-01-01"), today: today)
        }
        #expect(throws: PoolError.self) {
            try Lifecycle.move(active, to: .suspended, reason: "x", until: Day("2026-01-01"), today: today)
        }
        let suspended = try Lifecycle.move(active, to: .suspended, reason: "外出", until: Day("2027-02-28"), today: today)
        #expect(suspended.suspendedUntil == Day("2027-02-28"))
        let back = try Lifecycle.move(suspended, to: .active, reason: nil, today: today)
        #expect(back.suspendedUntil == nil)
        #expect(back.statusReason == nil)
    }

    @Test("status names parse in English and Chinese")
    func parsing() {
        #expect(RepresentativeStatus(parsing: "在库") == .active)
        #expect(RepresentativeStatus(parsing: " Suspended ") == .suspended)
        #expect(RepresentativeStatus(parsing: "退出") == .retired)
        #expect(RepresentativeStatus(parsing: "unknown") == nil)
    }
}
