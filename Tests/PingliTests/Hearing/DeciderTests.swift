import Foundation
import Testing
@testable import PingliKit

/// The hearing's rules on their own: the decider and the reducer, no database, no terminal.
@Suite("Hearing rules (decider and reducer, no database)")
struct DeciderTests {
    static let today = Day("2026-11-21")!
    let spec3 = try! PanelSpecLoader.load(named: "instant-mediation-3", in: Pingli.repositoryRoot + "/Panels")
    let spec7 = try! PanelSpecLoader.load(named: "hearing-7", in: Pingli.repositoryRoot + "/Panels")

    @discardableResult
    func apply(_ decision: HearingDecision, to s: inout HearingState) -> [HearingEvent] { s.record(decision) }

    @discardableResult
    func run(_ s: inout HearingState, _ command: HearingCommand,
             statuses: [String: RepresentativeStatus] = [:]) throws -> HearingDecision {
        let d = try HearingDecider.decide(s, command, facts: HearingFacts(today: Self.today, representatives: statuses))
        apply(d, to: &s)
        return d
    }

    func mediation(id: String = "H-2026-0001") throws -> HearingState {
        var s = HearingState(id: id)
        apply(try HearingDecider.open(id: id, caseRef: "WY-2026-0102", kind: .instantMediation, spec: spec3, place: "物业办公室"), to: &s)
        try run(&s, .addParty(Party(label: "甲", name: "钱七", role: .applicant)))
        try run(&s, .addParty(Party(label: "乙", name: "孙八", role: .respondent)))
        return s
    }

    @Test("a mediation from opening to close: service effects on confirmation, the outcome queued on close")
    func mediationEffects() throws {
        var s = try mediation()
        let active: [String: RepresentativeStatus] = ["R-000003": .active, "R-000017": .active, "R-000020": .active]
        try run(&s, .name(["R-000003", "R-000017", "R-000020"]), statuses: active)
        let confirmed = try run(&s, .confirm)
        #expect(confirmed.effects.count == 6)
        #expect(confirmed.effects.contains(.recordService(representative: "R-000017", hearingID: s.id, date: Self.today, role: "member")))
        #expect(confirmed.effects.contains(.addPoolHistory(representative: "R-000003", action: "service",
                                                           changes: [FieldChange(field: "service", old: nil, new: s.id)], reason: "即时评议调解 \(s.id)")))
        for c: HearingCommand in [.start, .note("双方同意先行停工"), .agree(terms: "乙方一周内移走车辆", performance: nil, deadline: "2026-11-28", facts: nil), .readBack] {
            #expect(try run(&s, c).effects.isEmpty, "\(c.kind) has no effect outside the log")
        }
        try run(&s, .sign(party: "甲"))
        #expect { try run(&s, .close) } throws: { "\($0)".contains("waiting for signatures of 乙") }
        try run(&s, .sign(party: "乙"))
        let closed = try run(&s, .close)
        #expect(closed.events == [.closed] && closed.effects == [.queueOutcome(hearingID: s.id)])
        #expect(s.isClosed && s.sealedHash == s.headHash)
    }

    @Test("named representatives must be in the pool and active; only a mediation names them")
    func namedRepresentatives() throws {
        var s = try mediation()
        #expect { try run(&s, .name(["R-000003"]), statuses: [:]) } throws: { "\($0)" == "no representative R-000003 in the pool" }
        #expect { try run(&s, .name(["R-000003"]), statuses: ["R-000003": .suspended]) } throws: { "\($0)".contains("not active in the pool (suspended)") }
        #expect { try run(&s, .name(["R-000003", "R-000003"]), statuses: ["R-000003": .active]) } throws: { "\($0)".contains("different") }
        #expect(s.lastSeq == 3, "refused commands record nothing")
        var h = HearingState(id: "H-2026-0002")
        apply(try HearingDecider.open(id: h.id, caseRef: "SQ-1", kind: .publicHearing, spec: spec7, place: nil), to: &h)
        #expect { try run(&h, .name(["R-000003"]), statuses: ["R-000003": .active]) } throws: { e in
            guard case let HearingError.outOfOrder(command, stage, allowed) = e else { return false }
            return command == .name && stage == .setup && !allowed.contains(.name)
        }
    }

    @Test("the spec changes only before the draw, to one of the same kind, with a reason; randomness given so far is void")
    func changeSpec() throws {
        var s = try mediation()
        try run(&s, .seed(label: "甲", text: "12"))
        let other = try PanelSpecLoader.load(named: "hearing-5", in: Pingli.repositoryRoot + "/Panels")
        #expect { try run(&s, .changeSpec(other, reason: "x")) } throws: { "\($0)".contains("choose a spec of the same kind") }
        #expect { try run(&s, .changeSpec(spec3, reason: "x")) } throws: { "\($0)".contains("already uses") }
        var mediation5 = spec3
        mediation5.name = "instant-mediation-5"; mediation5.panelSize = 5; mediation5.sha256 = String(repeating: "5", count: 64)
        #expect { try run(&s, .changeSpec(mediation5, reason: " ")) } throws: { "\($0)".contains("the reason is empty") }
        try run(&s, .changeSpec(mediation5, reason: "当事人要求扩大评议范围"))
        #expect(s.spec?.name == "instant-mediation-5" && s.seedMode == nil && s.secrets.isEmpty)
        try run(&s, .name(["R-000003"]), statuses: ["R-000003": .active])
        #expect { try run(&s, .changeSpec(spec3, reason: "x")) } throws: { e in
            guard case let HearingError.outOfOrder(command, .drawn, _) = e else { return false }
            return command == .changeSpec
        }
    }

    @Test("a party named as a representative must be in the pool")
    func partyAsRepresentative() throws {
        var s = try mediation()
        let wang = Party(label: "丙", name: "王建国", role: .other, representative: "D00171")
        #expect { try run(&s, .addParty(wang)) } throws: { "\($0)".contains("no representative D00171 in the pool") }
        try run(&s, .addParty(wang), statuses: ["D00171": .active])
        #expect(s.parties.last?.representative == "D00171")
    }

    @Test("a re-hearing follows a closed public hearing of the same case and excludes its panel")
    func rehearingRules() throws {
        let open = try mediation()
        let spec11 = try PanelSpecLoader.load(named: "rehearing-11", in: Pingli.repositoryRoot + "/Panels")
        #expect { try HearingDecider.open(id: "H-2", caseRef: "WY-2026-0102", kind: .publicHearing, spec: spec11, place: nil, rehearingOf: open) }
            throws: { "\($0)".contains("is an instant mediation") }
        var h = HearingState(id: "H-2026-0003")
        apply(try HearingDecider.open(id: h.id, caseRef: "SQ-1", kind: .publicHearing, spec: spec7, place: nil), to: &h)
        #expect { try HearingDecider.open(id: "H-4", caseRef: "SQ-1", kind: .publicHearing, spec: spec11, place: nil, rehearingOf: h) }
            throws: { "\($0)".contains("is not closed") }
        // A closed hearing (its seats set by hand: the rule reads only state).
        h.stage = .closed
        h.seats = [Seat(number: 1, representative: "R-000001"), Seat(number: 2, representative: "R-000002")]
        #expect { try HearingDecider.open(id: "H-4", caseRef: "SQ-2", kind: .publicHearing, spec: spec11, place: nil, rehearingOf: h) }
            throws: { "\($0)".contains("is about case SQ-1, not SQ-2") }
        #expect { try HearingDecider.open(id: "H-4", caseRef: "SQ-1", kind: .publicHearing, spec: spec7, place: nil, rehearingOf: h) }
            throws: { "\($0)".contains("choose one with --spec") }
        let d = try HearingDecider.open(id: "H-4", caseRef: " SQ-1 ", kind: .publicHearing, spec: spec11, place: nil, rehearingOf: h)
        #expect(d.appends.count == 1 && d.appends[0].opens)
        guard case let .opened(caseRef, kind, _, _, rehearingOf, _, excluded) = d.events[0] else { Issue.record("not an opening"); return }
        #expect(caseRef == "SQ-1" && kind == .rehearing && rehearingOf == h.id && excluded == ["R-000001", "R-000002"])
        #expect(throws: HearingError.self) { try HearingDecider.open(id: "H-5", caseRef: "  ", kind: .publicHearing, spec: spec7, place: nil) }
    }

    @Test("escalation records the mediation's end and opens a public hearing with the same parties, in one decision")
    func escalation() throws {
        var s = try mediation()
        try run(&s, .name(["R-000003"]), statuses: ["R-000003": .active])
        try run(&s, .confirm)
        try run(&s, .start)
        let facts = HearingFacts(today: Self.today)
        #expect { try HearingDecider.escalate(s, newHearingID: "H-2026-0002", spec: spec3, facts: facts) } throws: { "\($0)".contains("needs a public-hearing spec") }
        let d = try HearingDecider.escalate(s, newHearingID: "H-2026-0002", spec: spec7, facts: facts)
        #expect(d.appends.map(\.hearingID) == [s.id, "H-2026-0002"] && d.appends.map(\.opens) == [false, true])
        #expect(d.appends[0].events == [.escalated(to: "H-2026-0002")])
        var hearing = HearingState(id: "H-2026-0002")
        apply(HearingDecision(appends: [d.appends[1]]), to: &hearing)
        #expect(hearing.kind == .publicHearing && hearing.escalatedFrom == s.id && hearing.parties == s.parties && hearing.caseRef == s.caseRef)
    }

    @Test("stages allow kinds of command; the console has its own words for them")
    func stagesAllowKinds() throws {
        var s = try mediation()
        #expect { try run(&s, .vote(seat: 1, option: "applicant", reason: nil)) } throws: { e in
            guard case let HearingError.outOfOrder(command, .setup, _) = e else { return false }
            return command == .vote
        }
        let message = ConsoleCommands.message(for: .outOfOrder(command: .addParty, stage: .drawn, allowed: HearingStage.drawn.allowed(kind: .publicHearing)))
        #expect(message.hasPrefix("`party add` is not allowed now: the hearing is at stage drawn"))
        #expect(message.hasSuffix("allowed here: challenge, absent, draw-more, confirm, correct, withdraw"))
        for kind in HearingCommand.Kind.allCases {
            #expect(ConsoleCommands.command(ConsoleCommands.word(for: kind).components(separatedBy: " ")[0])?.kind == kind, "\(kind) has a console command")
        }
    }
}
