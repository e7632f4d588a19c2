import Foundation
import GRDB
import Testing
@testable import PingliKit

/// The same store tests against both back ends: an office's SQLite file and the county store
/// on PostgreSQL (when the test cluster is there; see `Support/Backends.swift`).
@Suite("Store on both back ends")
struct StoreContractTests {
    let context = Fixtures.context("主持人王")

    @Test("the pool: changes with history, duplicates refused, rules, eligibility, home office", arguments: Backend.enabled)
    func pool(_ backend: Backend) throws {
        let dir = TempDir("pingli-contract")
        let store = try backend.makeStore(dir)
        let pool = store.representatives
        let added = try pool.add(Fixtures.representative(status: .candidate), context: context)
        #expect(added.id == "R-000001")
        try pool.setStatus(added.id, to: .active, reason: "审核通过", until: nil, context: context)
        try pool.train(added.id, TrainingRecord(date: Day("2026-11-01")!, topic: "调解技巧", hours: 2), context: context)
        var rep = try pool.representative(added.id)
        rep.termEnd = Day("2030-12-31")
        try pool.update(rep, reason: "续聘", context: Fixtures.context("李主任"))
        #expect(try pool.history(added.id).map(\.action) == ["created", "status", "training", "updated"])
        #expect(try pool.history(added.id)[3].changes == [FieldChange(field: "term_end", old: "2027-12-31", new: "2030-12-31")])
        var dup = Fixtures.representative("R-000010")
        dup.phone = "13800000000"
        try pool.add(dup, context: context)
        #expect(throws: PoolError.duplicateID(id: "R-000010")) { try pool.add(dup, context: context) }
        var other = Fixtures.representative()
        other.phone = "13800000000"
        #expect(throws: PoolError.duplicatePhone(phone: "13800000000", holder: "R-000010")) { try pool.add(other, context: context) }
        #expect(try pool.add(Fixtures.representative(), context: context).id == "R-000011")
        #expect(throws: PoolError.self) { try pool.setStatus(added.id, to: .candidate, reason: nil, until: nil, context: context) }
        try pool.setRule(.minimumTrainingHours, "4")
        #expect(try pool.rules().minimumTrainingHours == 4)
        #expect(try pool.eligibility(added.id, on: Day("2026-11-21")!).map(\.code) == ["training"])
        #expect(try pool.list(PoolFilter(status: .active)).count == 3)
        #expect(try pool.statistics(today: Day("2026-11-21")!).total == 3)
        try pool.addCategory(Category(key: "veteran", label: "退役军人", aliases: []))
        #expect(try pool.catalog().categories.contains { $0.key == "veteran" })
        // Home offices: a registered code, or none (serves the whole county).
        #expect(throws: StoreError.self) { try pool.setHomeOffice(added.id, office: "JD01", context: context) }
        try store.register(Office(code: "JD01", name: "东城街道"), context: context)
        try pool.setHomeOffice(added.id, office: "JD01", context: context)
        #expect(try pool.homeOffice(added.id) == "JD01")
        #expect(try pool.members().first { $0.representative.id == added.id }?.homeOffice == "JD01")
        #expect(try pool.history(added.id).last?.changes == [FieldChange(field: "home_office", old: nil, new: "JD01")])
    }

    @Test("a hearing from opening to close: the chain verifies, service and the outcome are recorded", arguments: Backend.enabled)
    func hearing(_ backend: Backend) throws {
        let dir = TempDir("pingli-contract")
        let store = try backend.makeStore(dir)
        try StoreFixtures.importSamplePool(store, context: context)
        let id = try Self.closedHearing(store, context: context)
        let rows = try store.hearings.rows(id)
        let v = HearingVerification.verify(hearingID: id, rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver())
        #expect(v.exitStatus == 0, "\(v.chain)")
        #expect(rows.rows.count == (try store.hearings.events(id)).count)
        let served = try store.representatives.members().filter { $0.service.contains { $0.hearingID == id } }
        #expect(served.count == 7)
        let items = try store.outbox.list()
        #expect(items.map(\.type) == ["pingli.hearing.closed"] && items[0].hearingID == id && items[0].caseSequence == 1)
        #expect(try store.hearings.list().map(\.stage) == [.closed])
        // A closed record refuses a statement; nothing is appended.
        #expect(throws: HearingError.self) { try store.hearings.execute(id, .statement(party: "A", text: "x"), context: context) }
        #expect(try store.hearings.rows(id).rows.count == rows.rows.count)
    }

    /// Opens, draws, confirms, votes and closes a hearing-7 of `caseRef`; returns its id.
    static func closedHearing(_ store: any PingliStore, caseRef: String = "SQ-2026-0815", context: OperationContext) throws -> String {
        let h = store.hearings
        let s = try h.open(caseRef: caseRef, kind: .publicHearing, spec: try StoreFixtures.spec("hearing-7"), place: "评理室", context: context)
        try h.execute(s.id, .addParty(Party(label: "A", name: "张三", role: .applicant, community: "东风社区")), context: context)
        try h.execute(s.id, .addParty(Party(label: "B", name: "李四", role: .respondent, community: "西湖社区")), context: context)
        for (label, secret) in [("A", "苹果 42"), ("B", "河石 7"), ("moderator", "1968")] {
            try h.execute(s.id, .seed(label: label, text: secret), context: context)
        }
        try h.drawPanel(s.id, context: context)
        for command: HearingCommand in [.confirm, .start, .statement(party: "A", text: "噪音"), .statement(party: "B", text: "合规")] {
            try h.execute(s.id, command, context: context)
        }
        for seat in 1...7 { try h.execute(s.id, .vote(seat: seat, option: seat <= 5 ? "applicant" : "respondent", reason: nil), context: context) }
        for command: HearingCommand in [.tally, .verdict("支持申请方。"), .readBack, .sign(party: "A"), .sign(party: "B"), .close] {
            try h.execute(s.id, command, context: context)
        }
        return s.id
    }

    @Test("a case: referral to close, statuses queued in the case's one sequence with its hearing's outcome", arguments: Backend.enabled)
    func caseLifecycle(_ backend: Backend) throws {
        let dir = TempDir("pingli-contract")
        let store = try backend.makeStore(dir)
        try StoreFixtures.importSamplePool(store, context: context)
        let cases = store.cases
        let parties = [CaseParty(name: "张三", role: .applicant, community: "东风社区"),
                       CaseParty(name: "李四", role: .respondent, community: "西湖社区")]
        _ = try cases.receive(ref: "SQ-2026-0901", title: "噪音", category: "邻里纠纷", source: .referral, referringUnit: "12345",
                              parties: parties, summary: nil, due: nil, context: context)
        #expect(throws: CaseError.self) {
            _ = try cases.receive(ref: "SQ-2026-0901", title: "噪音", category: "邻里纠纷", source: .referral, referringUnit: "12345",
                                  parties: parties, summary: nil, due: nil, context: context)
        }
        try cases.execute("SQ-2026-0901", .accept(moderator: "刘调解"), context: context)
        let opened = try cases.schedule("SQ-2026-0901", kind: .publicHearing, spec: { _ in try StoreFixtures.spec("hearing-7") },
                                        date: Day("2026-11-25")!, time: nil, place: "评理室", context: context)
        #expect(try cases.state("SQ-2026-0901").status == .scheduled)
        _ = opened
        let (stored, problems) = try cases.verifyChain("SQ-2026-0901")
        #expect(problems.isEmpty && stored.rows.count >= 3)
        let seqs = try store.outbox.list().filter { $0.caseRef == "SQ-2026-0901" }.map(\.caseSequence)
        #expect(seqs == Array(1...seqs.count) && seqs.count >= 2, "\(seqs)")
        #expect(try cases.list().map(\.ref) == ["SQ-2026-0901"])
    }

    @Test("referrals that arrive together: each stored or refused on its own, and a refused one leaves nothing",
          arguments: Backend.enabled)
    func referralBatch(_ backend: Backend) throws {
        let store = try backend.makeStore(TempDir("pingli-contract"))
        let parties = [CaseParty(name: "张三", role: .applicant, community: "东风社区")]
        func referral(_ ref: String, category: String = "邻里纠纷") -> Referral {
            Referral(eventID: "e-" + ref, newCase: NewCase(ref: ref, title: "噪音", category: category, source: .referral,
                                                           referringUnit: "12345", parties: parties, summary: nil, due: nil))
        }
        let results = try store.cases.receive(batch: [
            (referral("TZ-1"), "w-1", context),
            (referral("TZ-1"), "w-1", context),                          // the same delivery again
            (referral("TZ-1"), "w-2", context),                          // another delivery for a case that exists
            (referral("TZ-3", category: "没有的类别"), "w-3", context),   // refused by the rules
            (referral("TZ-4"), "w-4", context),
        ])
        #expect(try results[0].get() == .stored(ref: "TZ-1"))
        #expect(try results[1].get() == .duplicate(ref: "TZ-1"))
        guard case .failure(.exists) = results[2] else { Issue.record("\(results[2])"); return }
        guard case .failure(.badDetail) = results[3] else { Issue.record("\(results[3])"); return }
        #expect(try results[4].get() == .stored(ref: "TZ-4"))
        #expect(try store.cases.list().map(\.ref) == ["TZ-1", "TZ-4"])
        #expect(try store.cases.log.read { try $0.referral(webhookID: "w-2", ref: "TZ-9") }.createdCase == nil)
        #expect(try store.cases.log.read { try $0.referral(webhookID: "w-4", ref: "TZ-9") }.createdCase == "TZ-4")
        #expect(try store.cases.log.read { try $0.referral(webhookID: "w-9", ref: "TZ-1") }.caseExists)

        // A refusal after the item wrote: what it wrote is undone, the rest of the transaction stays.
        let facts = try store.cases.log.read { try $0.facts(today: context.today) }
        try store.cases.log.write { tx in
            _ = try tx.commit(try CaseDecider.receive(referral("TZ-5").newCase, facts: facts), context: context)
            #expect(throws: CaseError.self) {
                try tx.savepoint {
                    _ = try tx.commit(try CaseDecider.receive(referral("TZ-6").newCase, facts: facts), context: context)
                    try tx.recordIntake(webhookID: "w-6", ref: "TZ-6", at: context.timestamp)
                    throw CaseError.invalid(Message("case.new-case-must-begin"))
                }
            }
        }
        #expect(try store.cases.list().map(\.ref) == ["TZ-1", "TZ-4", "TZ-5"])
        #expect(try store.cases.log.read { try $0.referral(webhookID: "w-6", ref: "TZ-6") } == (nil, false))
    }

    @Test("a case's facts: the office's categories and its added calendar years, read together", arguments: Backend.enabled)
    func caseFacts(_ backend: Backend) throws {
        let store = try backend.makeStore(TempDir("pingli-contract"))
        var rule = CaseRules.standard.rules[0]
        rule.category = "拆迁纠纷"
        _ = try CaseSettings.setRules(CaseRules(rules: [rule]).text, in: store)
        _ = try CaseSettings.addYear("year = 2027\noff = 2027-01-01..2027-01-03 # 元旦\nwork = 2027-01-09\n", to: store)
        try store.set("calendar-note", "not a year")      // a key the calendar's prefix does not cover
        let facts = try store.cases.log.read { try $0.facts(today: Day("2026-12-04")!) }
        #expect(facts.rules.categories == ["拆迁纠纷"])
        #expect(facts.calendar.isWorkingDay(Day("2027-01-02")!) == false)
        #expect(facts.calendar.isWorkingDay(Day("2027-01-09")!) == true)
        #expect(facts.calendar.isWorkingDay(Day("2026-10-01")!) == false, "the built-in year stays")
    }
}
