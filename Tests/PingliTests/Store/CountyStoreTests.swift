import Foundation
import GRDB
import Testing
@testable import PingliKit

/// What the county store adds: offices, racing confirmations, the outbox shared by workers,
/// append-only logs and schema versions — on both back ends where both apply.
@Suite("County store: offices, races, outbox, append-only")
struct CountyStoreTests {
    let context = Fixtures.context("主持人王")

    /// A store with three active representatives and a 3-seat spec without quotas, so every
    /// draw seats the same three people.
    struct SmallWorld {
        let dir = TempDir("pingli-county")
        let location: String
        let panels: String
        let spec: PanelSpec

        init(_ backend: Backend, context: OperationContext, coolingOff: Int = 30, yearlyLimit: Int = 6, people: Int = 3,
             pool: String? = nil) throws {
            location = try backend.location(dir)
            let store = try StoreLocation(location).open()
            try store.register(Office(code: "JD01", name: "东城街道"), context: context)
            try store.register(Office(code: "JD02", name: "西城街道"), context: context)
            for i in 1...people {
                var rep = Fixtures.representative(name: "代表\(i)")
                rep.community = "社区\(i)"
                rep.household = "户\(i)"
                let added = try store.representatives.add(rep, context: context)
                try store.representatives.setHomeOffice(added.id, office: i % 2 == 1 ? "JD01" : "JD02", context: context)
            }
            try store.representatives.setRule(.minimumTrainingHours, "0")
            try store.representatives.setRule(.coolingOffDays, String(coolingOff))
            try store.representatives.setRule(.yearlyServiceLimit, String(yearlyLimit))
            panels = dir.path + "/Panels"
            try FileManager.default.createDirectory(atPath: panels, withIntermediateDirectories: true)
            try """
                name = "small-3"
                kind = "public-hearing"
                panel_size = 3
                \(pool.map { "pool = \"\($0)\"" } ?? "")
                [voting]
                rule = "simple-majority"
                tie = "partial"
                options = [{ key = "applicant", label = "支持申请方" }, { key = "respondent", label = "支持被申请方" }, { key = "partial", label = "双方各有责任" }]
                """.write(toFile: panels + "/small-3.toml", atomically: true, encoding: .utf8)
            spec = try StoreFixtures.spec("small-3", in: panels)
        }

        /// A hearing of `office` drawn (not confirmed) on a store of its own.
        func drawn(_ office: String, context: OperationContext) throws -> (any PingliStore, String) {
            let store = try StoreLocation(location).open()
            store.work(for: office)
            var c = context
            c.office = office
            let s = try store.hearings.open(caseRef: "K-\(office)-\(UUID().uuidString.prefix(4))", kind: .publicHearing, spec: spec,
                                            place: nil, context: c)
            try store.hearings.execute(s.id, .addParty(Party(label: "A", name: "甲", role: .applicant)), context: c)
            try store.hearings.execute(s.id, .seed(label: "A", text: "\(office) 42"), context: c)
            try store.hearings.execute(s.id, .seed(label: "moderator", text: "\(office) 1234"), context: c)
            try store.hearings.drawPanel(s.id, context: c)
            return (store, s.id)
        }
    }

    @Test("two offices confirming panels with the same people at the same moment: exactly one is seated", arguments: Backend.enabled)
    func racingConfirmations(_ backend: Backend) throws {
        for (coolingOff, limit) in [(30, 6), (0, 1), (0, 0)] {
            for _ in 0..<4 {
                let world = try SmallWorld(backend, context: context, coolingOff: coolingOff, yearlyLimit: limit)
                let (a, idA) = try world.drawn("JD01", context: context)
                let (b, idB) = try world.drawn("JD02", context: context)
                #expect(Set(try a.hearings.state(idA).seats.map(\.representative)) == Set(try b.hearings.state(idB).seats.map(\.representative)))
                // Both confirm at once, each through its own connection.
                let results = Results()
                let start = DispatchSemaphore(value: 0)
                let group = DispatchGroup()
                for (store, id) in [(a, idA), (b, idB)] {
                    let ctx = context
                    DispatchQueue.global().async(group: group) {
                        start.wait()
                        do { _ = try store.hearings.execute(id, .confirm, context: ctx); results.add(id, nil) } catch { results.add(id, error) }
                    }
                }
                start.signal(); start.signal()
                group.wait()
                let outcomes = results.all
                #expect(outcomes.filter { $0.1 == nil }.count == 1, "cooling-off \(coolingOff), limit \(limit): \(outcomes)")
                let refused = outcomes.first { $0.1 != nil }
                #expect(refused.map { "\($0.1!)".contains("confirm") || "\($0.1!)".contains("确认") } ?? false, "\(String(describing: refused))")
                // Nobody serves twice the same day, and the refused hearing is still drawn, not confirmed.
                let store = try StoreLocation(world.location).open()
                for m in try store.representatives.members() {
                    #expect(m.service.count == 1, "\(m.representative.id): \(m.service)")
                }
                // Each office numbers its own hearings: each is read as its office names it.
                store.work(for: "JD01")
                let stageA = try store.hearings.state(idA).stage
                store.work(for: "JD02")
                let stages = Set([stageA, try store.hearings.state(idB).stage])
                #expect(stages == [.confirmed, .drawn])
            }
        }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [(String, Error?)] = []
        func add(_ id: String, _ e: Error?) { lock.lock(); list.append((id, e)); lock.unlock() }
        var all: [(String, Error?)] { lock.lock(); defer { lock.unlock() }; return list }
    }

    @Test("a panel spec with pool = \"office\" draws only the hearing office's own representatives", arguments: Backend.enabled)
    func officePool(_ backend: Backend) throws {
        let world = try SmallWorld(backend, context: context, people: 7, pool: "office")
        let (store, id) = try world.drawn("JD01", context: context)
        let homes = try Dictionary(uniqueKeysWithValues: store.representatives.members().map { ($0.representative.id, $0.homeOffice) })
        let seated = try store.hearings.state(id).seats.map(\.representative)
        #expect(seated.count == 3 && seated.allSatisfy { homes[$0] == "JD01" })
        // The county-wide spec may seat anyone; JD02 has only three, so its office-only draw seats exactly them.
        let (store2, id2) = try world.drawn("JD02", context: context)
        #expect(Set(try store2.hearings.state(id2).seats.map(\.representative)) == Set(homes.filter { $0.value == "JD02" }.keys))
    }

    @Test("offices: once registered, every new hearing and case names a registered one", arguments: Backend.enabled)
    func officesRequired(_ backend: Backend) throws {
        let world = try SmallWorld(backend, context: context)
        let store = try StoreLocation(world.location).open()
        #expect(throws: StoreError.self) {
            _ = try store.hearings.open(caseRef: "K-1", kind: .publicHearing, spec: world.spec, place: nil, context: context)
        }
        var wrong = context
        wrong.office = "JD09"
        #expect(throws: StoreError.self) {
            _ = try store.hearings.open(caseRef: "K-1", kind: .publicHearing, spec: world.spec, place: nil, context: wrong)
        }
        #expect(try store.hearings.list().isEmpty, "nothing was recorded")
        #expect(throws: StoreError.self) { try store.register(Office(code: "bad code!", name: "x"), context: context) }
        #expect(try store.offices().map(\.code) == ["JD01", "JD02"])
        // This process has seen JD01 and JD02; an office registered since, by another, is found too.
        var first = context
        first.office = "JD01"
        _ = try store.hearings.open(caseRef: "K-1", kind: .publicHearing, spec: world.spec, place: nil, context: first)
        try StoreLocation(world.location).open().register(Office(code: "JD03", name: "南城街道"), context: context)
        var third = context
        third.office = "JD03"
        _ = try store.cases.receive(ref: "K-3", title: "噪音", category: "邻里纠纷", source: .walkIn, referringUnit: nil,
                                    parties: [CaseParty(name: "张三", role: .applicant, community: "东风社区")],
                                    summary: nil, due: nil, context: third)
        #expect(try store.cases.list().map(\.office) == ["JD03"])
        #expect(throws: StoreError.self) {
            _ = try store.hearings.open(caseRef: "K-1", kind: .publicHearing, spec: world.spec, place: nil, context: wrong)
        }
    }

    @Test("two drain workers claim disjoint batches; one case's outcomes wait for the earlier one", arguments: Backend.enabled)
    func outboxClaims(_ backend: Backend) throws {
        let dir = TempDir("pingli-county")
        let location = try backend.location(dir)
        let store = try StoreLocation(location).open()
        try StoreFixtures.importSamplePool(store, context: context)
        for i in 0..<6 { try DeliveryWorld.closeOne(store, caseRef: "C-\(i % 3)", context: context) }
        #expect(try store.outbox.counts().pending == 6)
        let other = try StoreLocation(location).open()
        let now = "2026-11-21T02:00:00.000Z", lease = "2026-11-21T02:05:00.000Z"
        let first = try store.outbox.claim(now: now, leaseUntil: lease, limit: 10, owner: "w1", isGone: { _ in false })
        let second = try other.outbox.claim(now: now, leaseUntil: lease, limit: 10, owner: "w2", isGone: { _ in false })
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        #expect(first.count == 3 && second.isEmpty, "one outcome per case, the earliest: \(first.map(\.caseRef))")
        #expect(Set(first.map(\.caseRef)).count == 3 && first.allSatisfy { $0.caseSequence == 1 })
        // A worker that is gone frees its leases for the next.
        let taken = try other.outbox.claim(now: now, leaseUntil: lease, limit: 10, owner: "w2", isGone: { $0 == "w1" })
        #expect(Set(taken.map(\.id)) == Set(first.map(\.id)))
        try other.outbox.release(taken.map(\.id))
        try other.outbox.retry(taken[0].id, now: now)
        #expect(throws: DeliveryError.self) { try other.outbox.retry(999_999, now: now) }
        #expect(try other.outbox.replay(since: "2000-01-01", now: now) == 6)
    }

    /// A closed hearing in a new store with the sample pool (the folder kept alive with it).
    func closedHearingStore(_ backend: Backend) throws -> (location: String, store: any PingliStore, id: String, dir: TempDir) {
        let dir = TempDir("pingli-county")
        let location = try backend.location(dir)
        let store = try StoreLocation(location).open()
        try StoreFixtures.importSamplePool(store, context: context)
        return (location, store, try StoreContractTests.closedHearing(store, context: context), dir)
    }

    @Test("events are append-only in the store itself: an UPDATE or DELETE of an event is refused", arguments: Backend.enabled)
    func appendOnly(_ backend: Backend) throws {
        let (location, store, id, dir) = try closedHearingStore(backend)
        defer { withExtendedLifetime(dir) {} }
        let statements = ["UPDATE hearing_event SET payload = '{}' WHERE hearing_id = '\(id)' AND seq = 2",
                          "DELETE FROM hearing_event WHERE hearing_id = '\(id)'",
                          "UPDATE case_event SET payload = '{}'"]
        for sql in statements {
            if backend == .sqlite, sql.hasPrefix("UPDATE case_event") { continue }
            try backend.expectRefused(sql, at: location)
            if backend == .postgresql, !sql.hasPrefix("UPDATE case_event") { try backend.expectRefused("TRUNCATE hearing_event CASCADE", at: location) }
        }
        let rows = try store.hearings.rows(id)
        #expect(HearingVerification.verify(hearingID: id, rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver()).exitStatus == 0)
    }

    @Test("a store a newer Pingli wrote is refused untouched", arguments: Backend.enabled)
    func newerSchema(_ backend: Backend) throws {
        let dir = TempDir("pingli-county")
        let location = try backend.location(dir)
        _ = try StoreLocation(location).open()
        switch backend {
        case .sqlite:
            try DatabaseQueue(path: location).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        case .postgresql:
            try CountyCluster.connect(location).execute("INSERT INTO pingli_migrations (identifier) VALUES ('v99-future')")
        }
        do {
            _ = try StoreLocation(location).open()
            Issue.record("a newer store was opened")
        } catch let StoreError.newerSchema(_, unknown) {
            #expect(unknown == ["v99-future"])
        }
    }
}

extension DeliveryWorld {
    /// An instant mediation closed on any store (its outcome waits in the outbox).
    static func closeOne(_ store: any PingliStore, caseRef: String, context: OperationContext) throws {
        let h = store.hearings
        let s = try h.open(caseRef: caseRef, kind: .instantMediation, spec: try StoreFixtures.spec("instant-mediation-3"), place: nil, context: context)
        for command: HearingCommand in [.addParty(Party(label: "A", name: "张三", role: .applicant)), .name(["R-000001", "R-000002"]), .confirm, .start,
                                        .agree(terms: "按约定履行", performance: nil, deadline: nil, facts: nil), .readBack, .sign(party: "A"), .close] {
            try h.execute(s.id, command, context: context)
        }
    }
}

extension CountyStoreTests {
    @Test("two consoles on one hearing: each command is decided on what the other recorded", arguments: Backend.enabled)
    func twoConsolesOneHearing(_ backend: Backend) throws {
        let world = try SmallWorld(backend, context: context)
        let (a, id) = try world.drawn("JD01", context: context)
        let b = try StoreLocation(world.location).open()
        b.work(for: "JD01")
        var c = context
        c.office = "JD01"
        try a.hearings.execute(id, .confirm, context: c)
        try b.hearings.execute(id, .start, context: c)
        // A last saw the panel confirmed; a statement is allowed only once the session started.
        try a.hearings.execute(id, .statement(party: "A", text: "甲方陈述"), context: c)
        for i in 0..<6 {
            try (i % 2 == 0 ? b : a).hearings.execute(id, .note("记录 \(i)"), context: c)
        }
        // A refusal on a view that is behind is decided again: B closes nothing, A still may not vote twice.
        let events = try a.hearings.events(id)
        #expect(events.map(\.seq) == Array(1...events.count))
        let rows = try b.hearings.rows(id)
        #expect(HearingVerification.verify(hearingID: id, rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver()).chain.isEmpty)
        #expect(events.filter { if case .note = $0.body { return true }; return false }.count == 6)
        // A command refused on the fresh state is still refused (not retried for ever).
        #expect(throws: HearingError.self) { try a.hearings.execute(id, .confirm, context: c) }
    }
}

extension CountyStoreTests {
    @Test("the store refuses an event that does not follow the one before it, and never deletes a hearing", arguments: Backend.enabled)
    func chainCheckedByTheStore(_ backend: Backend) throws {
        let (location, store, id, dir) = try closedHearingStore(backend)
        defer { withExtendedLifetime(dir) {} }
        let rows = try store.hearings.rows(id).rows
        let last = rows.last!, before = rows[rows.count - 2]
        let other = String(repeating: "0", count: 64)
        // (seq, prev_hash): a gap, a wrong link, the last number again (another writer's).
        let attempts = [(last.seq + 2, last.hash), (last.seq + 1, other), (last.seq, before.hash)]
        for (seq, prev) in attempts {
            let values = "'\(id)', \(seq), '2026-11-21T00:00:00.000Z', 'x', 'note', '{\"text\":\"插入\"}', '\(prev)', '\(other)'"
            let sql = "INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES (\(values))"
            try backend.expectRefused(sql, at: location, "\(seq)")
        }
        if backend == .postgresql { try backend.expectRefused("DELETE FROM hearing WHERE id = '\(id)'", at: location) }
        let after = try store.hearings.rows(id)
        #expect(after.rows.count == rows.count)
        #expect(HearingVerification.verify(hearingID: id, rows: after.rows, sealedHash: after.sealedHash, solver: CBCSolver()).exitStatus == 0)
    }
}
