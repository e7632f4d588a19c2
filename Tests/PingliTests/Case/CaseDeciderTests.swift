import Foundation
import Testing
@testable import PingliKit

/// Case rules and the working-day calendar as pure functions: no database.
@Suite("Cases: decider, reducer, working days")
struct CaseDeciderTests {
    static func day(_ s: String) -> Day { Day(s)! }
    static func facts(_ today: String) -> CaseFacts { CaseFacts(today: day(today), calendar: .builtIn, rules: .standard) }

    /// Folds a decision into a state, as a store would (seq and hash made up, consistently).
    static func apply(_ d: CaseDecision, to s: inout CaseState) {
        for body in d.events {
            let stored = StoredEvent.chained(.case, id: s.ref, seq: s.lastSeq + 1, at: "2026-01-01T00:00:00.000Z", operatorName: "t",
                                             type: body.type, payload: body.payload, after: s.headHash)
            s.apply(CaseEvent(stored, body: body))
        }
    }

    static func received(_ today: String = "2026-09-30", due: Day? = nil) throws -> CaseState {
        var s = CaseState(ref: "TZ-1")
        apply(try CaseDecider.receive(ref: "TZ-1", title: "楼上漏水", category: "邻里纠纷", source: .referral, referringUnit: "12345",
                                      parties: [CaseParty(name: "王建国", role: .applicant, phone: "13800000000"),
                                                CaseParty(name: "李红", role: .respondent)],
                                      summary: nil, due: due, facts: facts(today)), to: &s)
        return s
    }

    @Test("the built-in 2026 calendar: holidays off, 调休 weekends worked, ordinary weekends off")
    func calendar2026() throws {
        let c = WorkCalendar.builtIn
        #expect(c.isWorkingDay(Self.day("2026-10-01")) == false)       // 国庆
        #expect(c.isWorkingDay(Self.day("2026-10-10")) == true)        // Saturday worked
        #expect(c.isWorkingDay(Self.day("2026-09-20")) == true)        // Sunday worked
        #expect(c.isWorkingDay(Self.day("2026-10-11")) == false)       // ordinary Sunday
        #expect(c.isWorkingDay(Self.day("2026-02-14")) == true)
        #expect(c.isWorkingDay(Self.day("2026-02-16")) == false)       // 春节, a Monday
        #expect(c.isWorkingDay(Self.day("2027-01-05")) == nil)         // not published
        #expect((try? WorkCalendar.Year.parse(WorkCalendar.year2026))?.daysOff.count == 33, "the built-in text parses")
    }

    @Test("working days across a holiday and a 调休 weekend; calendar days plain; unknown years assumed")
    func deadlines() {
        let c = WorkCalendar.builtIn
        // Wed 30 Sep + 3 working days: 1–7 Oct off, Thu 8, Fri 9, Sat 10 (调休).
        #expect(c.deadline(from: Self.day("2026-09-30"), 3, .workingDays) == Deadline(day: Self.day("2026-10-10"), assumed: false))
        // Fri 13 Feb + 2: Sat 14 worked (调休), 15–23 off, Tue 24.
        #expect(c.deadline(from: Self.day("2026-02-13"), 2, .workingDays).day == Self.day("2026-02-24"))
        // An ordinary Friday + 1 working day: Monday.
        #expect(c.deadline(from: Self.day("2026-11-20"), 1, .workingDays).day == Self.day("2026-11-23"))
        #expect(c.deadline(from: Self.day("2026-09-30"), 30, .days).day == Self.day("2026-10-30"))
        let late = c.deadline(from: Self.day("2026-12-30"), 5, .workingDays)
        #expect(late.assumed && late.day == Self.day("2027-01-06"))
        #expect(c.workingDays(from: Self.day("2026-09-30"), to: Self.day("2026-10-10")) == 3)
        #expect(c.workingDays(from: Self.day("2026-10-10"), to: Self.day("2026-09-30")) == -3)
    }

    @Test("a calendar file: bad lines named, contradictions refused, a weekday 调休 refused")
    func calendarFile() throws {
        let y = try WorkCalendar.Year.parse("year = 2027\noff = 2027-01-01..2027-01-03 # 元旦\nwork = 2027-01-09\n")
        #expect(y.daysOff.count == 3 && y.makeUpDays == [Self.day("2027-01-09")])
        #expect(try WorkCalendar.Year.parse(y.text) == y)
        func error(_ text: String) -> WorkCalendar.Year.ParseError? {
            do { _ = try WorkCalendar.Year.parse(text); return nil } catch { return error as? WorkCalendar.Year.ParseError }
        }
        #expect(error("year = 2027\noff = 2027-13-01")?.line == 2)
        #expect(error("year = 2027\noff = 2026-12-31")?.message.contains("not in 2027") == true)
        #expect(error("year = 2027\noff = 2027-01-09\nwork = 2027-01-09")?.line == 3)
        #expect(error("year = 2027\nwork = 2027-01-05")?.message.contains("weekday") == true)
        #expect(error("off = 2027-01-01")?.message.contains("year") == true)
        #expect(error("year = 2027\nholiday = 2027-01-01")?.line == 2)
    }

    @Test("receive: deadlines from the category or the referral; bad input refused with the reason")
    func receive() throws {
        let s = try Self.received()
        #expect(s.status == .received && s.details?.acceptBy == Self.day("2026-10-10") && s.due == Self.day("2026-10-30"))
        #expect(try Self.received(due: Self.day("2026-10-15")).due == Self.day("2026-10-15"))
        let f = Self.facts("2026-09-30")
        let applicant = [CaseParty(name: "王", role: .applicant)]
        func refusal(_ body: () throws -> CaseDecision) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        #expect(refusal { try CaseDecider.receive(ref: "A B", title: "t", category: "其他", source: .walkIn, referringUnit: nil, parties: applicant, summary: nil, due: nil, facts: f) }.contains("without spaces"))
        #expect(refusal { try CaseDecider.receive(ref: "A", title: " ", category: "其他", source: .walkIn, referringUnit: nil, parties: applicant, summary: nil, due: nil, facts: f) }.contains("title"))
        #expect(refusal { try CaseDecider.receive(ref: "A", title: "t", category: "水电", source: .walkIn, referringUnit: nil, parties: applicant, summary: nil, due: nil, facts: f) }.contains("邻里纠纷"))
        #expect(refusal { try CaseDecider.receive(ref: "A", title: "t", category: "其他", source: .walkIn, referringUnit: nil, parties: [CaseParty(name: "李", role: .respondent)], summary: nil, due: nil, facts: f) }.contains("applicant"))
        #expect(refusal { try CaseDecider.receive(ref: "A", title: "t", category: "其他", source: .walkIn, referringUnit: nil, parties: applicant, summary: nil, due: Self.day("2026-09-01"), facts: f) }.contains("before today"))
    }

    @Test("the lifecycle: accept → schedule → outcome from the hearing → follow-up → close; statuses queued")
    func lifecycle() throws {
        var s = try Self.received()
        let f = Self.facts("2026-09-30")
        var d = try CaseDecider.decide(s, .accept(moderator: "刘调解"), facts: f)
        #expect(d.notify == ["pingli.case.accepted"])
        Self.apply(d, to: &s)
        d = try CaseDecider.decide(s, .schedule(CaseSchedule(hearingID: "H-2026-0001", kind: .publicHearing, date: Self.day("2026-10-09"), time: "14:30", place: "评理室")), facts: f)
        #expect(d.notify == ["pingli.hearing.scheduled"])
        Self.apply(d, to: &s)
        #expect(s.currentHearing == "H-2026-0001")
        var h = HearingState(id: "H-2026-0001")
        h.verdict = "支持申请方"
        let outcome = try #require(CaseDecider.hearingClosed(s, hearing: h))
        #expect(outcome.notify.isEmpty, "the hearing's own outcome is delivered; nothing twice")
        Self.apply(outcome, to: &s)
        #expect(s.status == .outcome && s.outcome?.kind == .verdict)
        #expect(CaseDecider.hearingClosed(s, hearing: h) == nil, "a second close records nothing")
        #expect(throws: CaseError.self) { try CaseDecider.decide(s, .close(note: nil), facts: f) }
        #expect(throws: CaseError.self) { try CaseDecider.decide(s, .followUp(FollowUp(performance: nil, satisfaction: .satisfied, notes: nil, by: "x", on: Self.day("2026-09-30"))), facts: f) }
        d = try CaseDecider.decide(s, .followUp(FollowUp(performance: .performed, satisfaction: .satisfied, notes: nil, by: "x", on: Self.day("2026-09-30"))), facts: f)
        Self.apply(d, to: &s)
        d = try CaseDecider.decide(s, .close(note: "办结"), facts: f)
        #expect(d.notify == ["pingli.case.closed"])
        Self.apply(d, to: &s)
        #expect(s.status == .closed && s.nextDeadline == nil && !s.isOverdue(today: Self.day("2027-01-01")))
    }

    @Test("refusals change nothing and say why; withdrawal before and after scheduling; reopen gives a new deadline")
    func refusalsAndRounds() throws {
        var s = try Self.received()
        let f = Self.facts("2026-09-30")
        #expect(throws: CaseError.self) { try CaseDecider.decide(s, .refuse(reason: "  "), facts: f) }
        #expect(throws: CaseError.self) { try CaseDecider.decide(s, .extend(amount: 5, unit: .days, reason: "x"), facts: f) }
        #expect(throws: CaseError.self) { try CaseDecider.decide(s, .reopen(reason: "x"), facts: f) }
        let withdrawnEarly = try CaseDecider.decide(s, .end(.withdrawn, reason: "双方和解"), facts: f)
        #expect(withdrawnEarly.notify == ["pingli.case.withdrawn"])
        Self.apply(try CaseDecider.decide(s, .accept(moderator: "刘"), facts: f), to: &s)
        let ext = try CaseDecider.decide(s, .extend(amount: 2, unit: .workingDays, reason: "当事人外出"), facts: f)
        Self.apply(ext, to: &s)
        #expect(s.due == Self.day("2026-11-03") && s.extensions.count == 1)  // Fri 30 Oct + 2 working days
        Self.apply(try CaseDecider.decide(s, .schedule(CaseSchedule(hearingID: "H-1", kind: .instantMediation, date: Self.day("2026-09-30"), time: nil, place: "x")), facts: f), to: &s)
        let late = try CaseDecider.decide(s, .end(.withdrawn, reason: "申请人撤回"), facts: f)
        guard case let .outcome(kind, _, hearing) = late.events[0] else { Issue.record("not an outcome"); return }
        #expect(kind == .withdrawn && hearing == "H-1")
        var t = s
        Self.apply(late, to: &t)
        #expect(try CaseDecider.decide(t, .close(note: nil), facts: f).events == [.closed(note: nil)], "a withdrawn case closes without 回访")
        // An unsatisfied follow-up, then a second round from today with the category's deadline.
        var h = HearingState(id: "H-1")
        h.agreement = Agreement(parties: ["A", "B"], facts: nil, terms: "修好", performance: nil, deadline: nil)
        Self.apply(CaseDecider.hearingClosed(s, hearing: h)!, to: &s)
        Self.apply(try CaseDecider.decide(s, .followUp(FollowUp(performance: .notPerformed, satisfaction: .unsatisfied, notes: "仍漏水", by: "x", on: Self.day("2026-09-30"))), facts: f), to: &s)
        let f2 = Self.facts("2026-11-02")
        let reopen = try CaseDecider.decide(s, .reopen(reason: "协议未履行"), facts: f2)
        Self.apply(reopen, to: &s)
        #expect(s.round == 2 && s.status == .accepted && s.due == Self.day("2026-12-02") && s.outcome == nil)
    }

    @Test("case events read back exactly as written, and the chain is the hearing's machinery under its own subject")
    func payloadRoundTrip() throws {
        let s = try Self.received()
        let bodies: [CaseEventBody] = [
            .received(s.details!), .accepted(moderator: "刘"), .refused(reason: "不属于受理范围"),
            .extended(amount: 3, unit: .workingDays, reason: "r", due: Self.day("2026-11-03")),
            .scheduled(CaseSchedule(hearingID: "H-1", kind: .instantMediation, date: Self.day("2026-10-09"), time: "09:00", place: "p")),
            .outcome(kind: .mediationFailed, reason: "r", hearingID: nil),
            .followedUp(FollowUp(performance: nil, satisfaction: .mostly, notes: nil, by: "x", on: Self.day("2026-10-09"))),
            .closed(note: nil), .reopened(reason: "r", due: Self.day("2026-12-01")),
        ]
        for b in bodies { #expect(try CaseEventBody(type: b.type, payload: JSONValue.parse(b.payload.canonical)) == b) }
        var bare = s.details!
        bare.referringUnit = nil
        bare.parties[0].community = nil
        for d in [s.details!, bare] { #expect(d.json == (try JSONValue.from(d)), "the direct JSON is the Codable JSON") }
        #expect(HashChain.genesis("TZ-1", subject: .case) != HashChain.genesis("TZ-1"))
    }
}
