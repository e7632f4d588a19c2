import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("Hearing flow")
struct HearingFlowTests {
    @Test("a full public hearing: challenges, evidence, a changed vote, verdict, signatures, close")
    func fullHearing() throws {
        let w = try HearingWorld()
        let id = try w.drawnHearing(confirm: false)
        var s = try w.store.state(id)
        #expect(s.stage == .drawn && s.seats.count == 7)
        let first = s.seats[0].representative
        s = try w.replace(id, .challenge(seat: 1, by: "A", reason: "与被申请方同一单位"))
        #expect(s.seats[0].representative != first)
        s = try w.replace(id, .absent(seat: 3, reason: "生病"))
        let byID = Dictionary(uniqueKeysWithValues: s.draw!.pool.eligible.map { ($0.id, $0) })
        #expect(QuotaCheck.holds(s.seats.map { byID[$0.representative]! }, spec: s.spec!), "replacements keep the quotas")
        s = try w.run(id, .confirm)
        #expect(s.stage == .confirmed)
        // Service was recorded for every confirmed member.
        let service = try w.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM service WHERE hearing_id = ?", arguments: [id]) }
        #expect(service == 7)
        try w.run(id, .start)
        try w.run(id, .statement(party: "A", text: "邻居装修噪音持续三个月。"))
        try w.run(id, .statement(party: "B", text: "施工时间符合规定。"))
        for title in ["噪音检测报告", "物业通知", "施工许可"] { try w.run(id, .evidence(party: "A", title: title, description: nil, file: nil)) }
        for e in ["E1", "E2", "E3"] { try w.run(id, .respond(evidence: e, party: "B", text: "对\(e)有异议。")) }
        try w.run(id, .debate(party: "A", text: "晚上十点后仍在施工。"))
        try w.run(id, .question(seat: 2, text: "施工一般几点结束？"))
        try w.run(id, .answer(party: "B", text: "晚上九点。"))
        for seat in 1...7 { try w.run(id, .vote(seat: seat, option: seat <= 4 ? "applicant" : "respondent", reason: nil)) }
        s = try w.run(id, .vote(seat: 4, option: "partial", reason: "双方都有过错"))
        #expect(s.votes[4]?.option == "partial")
        s = try w.run(id, .tally)
        #expect(s.tally?.counts == ["applicant": 3, "respondent": 3, "partial": 1, "abstain": 0])
        #expect(s.tally?.outcome == "partial" && s.tally?.basis == "tie-rule")
        try w.run(id, .verdict("双方各有责任，施工方调整施工时间。"))
        try w.run(id, .readBack)
        try w.run(id, .sign(party: "A"))
        try w.run(id, .refuseSign(party: "B", correction: "第 9 条应写明施工许可到晚上九点"))
        s = try w.run(id, .close)
        #expect(s.stage == .closed && s.sealedHash == s.headHash)
        let events = try w.store.events(id)
        #expect(events.filter { if case .vote = $0.body { return true }; return false }.count == 8, "the changed vote stays in the log")
        let rows = try w.store.rows(id)
        let v = HearingVerification.verify(hearingID: id, rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver())
        #expect(v.exitStatus == 0, "\(v.chain) \(v.drawChecks.filter { !$0.passed })")
        #expect(v.drawChecks.count >= 8)
        // After close only read-back and signatures.
        #expect(throws: HearingError.self) { try w.run(id, .statement(party: "A", text: "x")) }
        // Reopening gives the same state.
        let again = HearingState.replay(id: id, events)
        #expect(again.headHash == s.headHash && again.stage == .closed && again.seats == s.seats)
        // The transcript says it all in Chinese.
        let md = TranscriptRenderer.markdown(s, events, names: [:])
        #expect(md.contains("申请方A（张三）陈述理由：邻居装修噪音持续三个月。"))
        #expect(md.contains("被申请方B（李四）拒绝签名，要求更正：第 9 条应写明施工许可到晚上九点"))
        #expect(md.contains("笔录哈希（封存）：`\(s.sealedHash!)`"))
    }

    @Test("commands out of order name the stage and what is allowed")
    func outOfOrder() throws {
        let w = try HearingWorld()
        let id = try w.drawnHearing(confirm: false)
        #expect {
            try w.run(id, .vote(seat: 1, option: "applicant", reason: nil))
        } throws: { e in
            guard case let HearingError.outOfOrder(command, stage, allowed) = e else { return false }
            return command == .vote && stage == .drawn && allowed.contains(.confirm) && "\(e)".contains("stage drawn")
        }
        try w.run(id, .confirm)
        try w.run(id, .start)
        #expect(throws: HearingError.self) { try w.run(id, .verdict("x")) }
        #expect(throws: HearingError.self) { try w.run(id, .tally) }
        try w.run(id, .vote(seat: 1, option: "applicant", reason: nil))
        #expect { try w.run(id, .tally) } throws: { "\($0)".contains("have not voted") }
        #expect { try w.run(id, .vote(seat: 9, option: "applicant", reason: nil)) } throws: { "\($0)".contains("no seat 9") }
        #expect { try w.run(id, .vote(seat: 2, option: "maybe", reason: nil)) } throws: { "\($0)".contains("not a ballot option") }
        try w.run(id, .closeVoting)
        #expect { try w.run(id, .vote(seat: 2, option: "applicant", reason: nil)) } throws: { "\($0)".contains("voting is closed") }
        let s = try w.run(id, .tally)
        #expect(s.tally?.voted == 1 && s.tally?.outcome == "partial")
        #expect { try w.run(id, .close) } throws: { $0 is HearingError }
        try w.run(id, .verdict("结果"))
        #expect { try w.run(id, .sign(party: "A")) } throws: { "\($0)".contains("read back") }
        try w.run(id, .readBack)
        try w.run(id, .sign(party: "A"))
        #expect { try w.run(id, .close) } throws: { "\($0)".contains("waiting for signatures of B") }
        let before = try w.store.events(id).count
        #expect(throws: HearingError.self) { try w.run(id, .sign(party: "A")) }
        #expect(try w.store.events(id).count == before, "a refused command records nothing")
    }

    @Test("commit-reveal: a wrong reveal is refused; reveals wait for every commitment")
    func commitReveal() throws {
        let w = try HearingWorld()
        let s = try w.store.open(caseRef: "C-1", kind: .publicHearing, spec: try w.spec("hearing-5"), place: nil, context: w.context)
        try w.run(s.id, .addParty(Party(label: "A", name: "张三", role: .applicant)))
        try w.run(s.id, .commit(label: "A", commitment: DrawSeed.commitment(to: "a")))
        #expect { try w.run(s.id, .reveal(label: "A", secret: "a")) } throws: { "\($0)".contains("missing: moderator") }
        try w.run(s.id, .commit(label: "moderator", commitment: DrawSeed.commitment(to: "m")))
        #expect { try w.run(s.id, .reveal(label: "A", secret: "b")) } throws: { "\($0)".contains("does not match") }
        #expect { try w.run(s.id, .seed(label: "A", text: "5")) } throws: { "\($0)".contains("commit-reveal") }
        try w.run(s.id, .reveal(label: "A", secret: "a"))
        #expect { try w.store.drawPanel(s.id, context: w.context) } throws: { "\($0)".contains("moderator") }
        #expect { try w.run(s.id, .commit(label: "moderator", commitment: DrawSeed.commitment(to: "z"))) } throws: { $0 is HearingError }
    }

    @Test("instant mediation: named representatives, then agreement or escalation")
    func mediation() throws {
        let w = try HearingWorld()
        let m = try w.store.open(caseRef: "C-9", kind: .instantMediation, spec: try w.spec("instant-mediation-3"), place: "东风社区", context: w.context)
        try w.run(m.id, .addParty(Party(label: "甲", name: "王五", role: .applicant)))
        try w.run(m.id, .addParty(Party(label: "乙", name: "赵六", role: .respondent)))
        try w.run(m.id, .name(["R-000001", "R-000002"]))
        try w.run(m.id, .confirm)
        try w.run(m.id, .start)
        try w.run(m.id, .note("双方就停车位问题交换意见。"))
        #expect { try w.run(m.id, .vote(seat: 1, option: "applicant", reason: nil)) } throws: { $0 is HearingError }
        let (med, hearing) = try w.store.escalate(m.id, spec: try w.spec("hearing-7"), context: w.context)
        #expect(med.stage == .decided && med.escalatedTo == hearing.id)
        #expect(hearing.kind == .publicHearing && hearing.caseRef == "C-9" && hearing.parties.map(\.label) == ["甲", "乙"])
        #expect(hearing.escalatedFrom == m.id)
    }

    @Test("a re-hearing excludes the earlier panel and needs it closed")
    func rehearing() throws {
        let w = try HearingWorld()
        let id = try w.drawnHearing()
        #expect { _ = try w.store.open(caseRef: "SQ-2026-0815", kind: .publicHearing, spec: try w.spec("rehearing-11"), place: nil, rehearingOf: id, context: w.context) }
            throws: { "\($0)".contains("not closed") }
        try w.run(id, .start)
        for seat in 1...7 { try w.run(id, .vote(seat: seat, option: "applicant", reason: nil)) }
        try w.run(id, .tally); try w.run(id, .verdict("支持申请方")); try w.run(id, .readBack)
        try w.run(id, .sign(party: "A")); try w.run(id, .sign(party: "B")); let first = try w.run(id, .close)
        let re = try w.store.open(caseRef: "SQ-2026-0815", kind: .publicHearing, spec: try w.spec("rehearing-11"), place: nil, rehearingOf: id, context: w.context)
        #expect(re.kind == .rehearing && Set(re.excludedPanel) == Set(first.seats.map(\.representative)))
        try w.run(re.id, .addParty(Party(label: "A", name: "张三", role: .applicant)))
        try w.run(re.id, .seed(label: "A", text: "7"))
        try w.run(re.id, .seed(label: "moderator", text: "3"))
        let drawn = try w.store.drawPanel(re.id, context: w.context).0
        #expect(Set(drawn.seats.map(\.representative)).isDisjoint(with: first.seats.map(\.representative)))
        let excluded = drawn.draw!.pool.excluded.filter { $0.codes.contains("earlier-panel") }.map(\.id)
        #expect(Set(excluded) == Set(first.seats.map(\.representative)))
    }
}

@Suite("Tally")
struct TallyTests {
    func spec(_ rule: VotingRule, _ tie: TieRule) -> PanelSpec {
        var s = DrawFixtures.spec(size: 5, quotas: [])
        s.votingRule = rule; s.tieRule = tie
        s.options = ["applicant", "respondent", "partial", "abstain"].map { BallotOption(key: $0, label: $0) }
        return s
    }

    func votes(_ list: [String]) -> [Int: String] { Dictionary(uniqueKeysWithValues: list.enumerated().map { ($0.offset + 1, $0.element) }) }

    @Test func rules() {
        #expect(TallyRule.count(votes: votes(["applicant", "applicant", "applicant", "respondent", "abstain"]), spec: spec(.simpleMajority, .noVerdict), size: 5, round: 1).outcome == "applicant")
        #expect(TallyRule.count(votes: votes(["applicant", "applicant", "respondent", "abstain", "abstain"]), spec: spec(.simpleMajority, .noVerdict), size: 5, round: 1).outcome == nil)
        #expect(TallyRule.count(votes: votes(["applicant", "applicant", "applicant", "respondent", "respondent"]), spec: spec(.twoThirds, .noVerdict), size: 5, round: 1).outcome == nil)
        #expect(TallyRule.count(votes: votes(["applicant", "applicant", "applicant", "applicant", "respondent"]), spec: spec(.twoThirds, .noVerdict), size: 5, round: 1).outcome == "applicant")
        #expect(TallyRule.count(votes: votes(Array(repeating: "respondent", count: 5)), spec: spec(.unanimity, .noVerdict), size: 5, round: 1).outcome == "respondent")
        #expect(TallyRule.count(votes: votes(["abstain", "abstain", "abstain", "abstain", "applicant"]), spec: spec(.simpleMajority, .noVerdict), size: 5, round: 1).outcome == nil,
                "abstention never wins")
        #expect(TallyRule.threshold(.twoThirds, size: 7) == 5 && TallyRule.threshold(.simpleMajority, size: 7) == 4)
    }

    @Test func ties() {
        let split = votes(["applicant", "applicant", "respondent", "respondent", "abstain"])
        #expect(TallyRule.count(votes: split, spec: spec(.simpleMajority, .partial), size: 5, round: 1).outcome == "partial")
        let first = TallyRule.count(votes: split, spec: spec(.simpleMajority, .revote), size: 5, round: 1)
        #expect(first.outcome == nil && first.basis == "revote")
        let second = TallyRule.count(votes: split, spec: spec(.simpleMajority, .revote), size: 5, round: 2)
        #expect(second.outcome == nil && second.basis == "no-verdict", "only one revote")
    }
}
