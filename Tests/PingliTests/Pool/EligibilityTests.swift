import Testing
@testable import PingliKit

@Suite("Eligibility")
struct EligibilityTests {
    let day = Day("2026-11-21")!
    let rules = EligibilityRules(minimumTrainingHours: 4, coolingOffDays: 30, yearlyServiceLimit: 3)
    let trained = [TrainingRecord(date: Day("2026-01-10")!, topic: "岗前培训", hours: 4)]

    func reasons(_ rep: Representative, training: [TrainingRecord]? = nil, service: [ServiceRecord] = []) -> [String] {
        Eligibility.reasons(for: rep, on: day, training: training ?? trained, service: service, rules: rules).map(\.code)
    }

    @Test func eligibleWhenEverythingHolds() {
        #expect(reasons(Fixtures.representative("R-1")).isEmpty)
    }

    @Test func statusReasons() {
        #expect(reasons(Fixtures.representative("R-1", status: .candidate)) == ["not-active"])
        #expect(reasons(Fixtures.representative("R-1", status: .retired)) == ["not-active"])
        var s = Fixtures.representative("R-1", status: .suspended)
        #expect(reasons(s) == ["suspended"])
        s.suspendedUntil = Day("2026-11-20")
        #expect(reasons(s).isEmpty, "a suspension that ended yesterday no longer counts")
        s.suspendedUntil = Day("2026-11-21")
        #expect(reasons(s) == ["suspended"], "the until-day is still suspended")
    }

    @Test func termReasons() {
        var r = Fixtures.representative("R-1")
        r.termStart = Day("2027-01-01")
        #expect(reasons(r) == ["term-not-started"])
        r.termStart = Day("2020-01-01"); r.termEnd = Day("2026-11-20")
        #expect(reasons(r) == ["term-ended"])
        r.termStart = nil; r.termEnd = nil
        #expect(reasons(r) == ["no-term"])
    }

    @Test func trainingReasons() {
        let r = Fixtures.representative("R-1")
        #expect(reasons(r, training: []) == ["training"])
        let future = [TrainingRecord(date: Day("2026-12-01")!, topic: "x", hours: 8)]
        #expect(reasons(r, training: future) == ["training"], "training after the day does not count")
        let split = [TrainingRecord(date: Day("2026-01-01")!, topic: "a", hours: 1.5),
                     TrainingRecord(date: Day("2026-02-01")!, topic: "b", hours: 2.5)]
        #expect(reasons(r, training: split).isEmpty)
    }

    @Test func coolingOffAndYearlyLimit() {
        let r = Fixtures.representative("R-1")
        let recent = [ServiceRecord(hearingID: "H-2026-0001", date: Day("2026-11-01")!, role: "member")]
        let all = Eligibility.reasons(for: r, on: day, training: trained, service: recent, rules: rules)
        #expect(all == [.coolingOff(lastServed: Day("2026-11-01")!, availableFrom: Day("2026-12-01")!)])
        #expect(all[0].description.contains("2026-12-01"))
        let old = [ServiceRecord(hearingID: "H-1", date: Day("2026-10-01")!, role: "member")]
        #expect(reasons(r, service: old).isEmpty)
        let many = (1...3).map { ServiceRecord(hearingID: "H-\($0)", date: Day(year: 2026, month: $0, day: 1)!, role: "member") }
        #expect(reasons(r, service: many) == ["yearly-limit"])
        let lastYear = (1...5).map { ServiceRecord(hearingID: "H-\($0)", date: Day(year: 2025, month: $0, day: 1)!, role: "member") }
        #expect(reasons(r, service: lastYear).isEmpty)
    }

    @Test func everyReasonAtOnce() {
        var r = Fixtures.representative("R-1", status: .suspended)
        r.termEnd = Day("2026-01-01")
        let codes = reasons(r, training: [], service: (1...3).map {
            ServiceRecord(hearingID: "H-\($0)", date: Day(year: 2026, month: 11, day: $0)!, role: "member")
        })
        #expect(codes == ["suspended", "term-ended", "training", "cooling-off", "yearly-limit"])
    }
}
