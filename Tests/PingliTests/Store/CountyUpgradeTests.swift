import Foundation
import GRDB
import Testing
@testable import PingliKit

/// A county store an earlier Pingli wrote is brought up to date by the next one that opens it.
@Suite("County store upgrades (PostgreSQL)", .enabled(if: Backend.postgresAvailable))
struct CountyUpgradeTests {
    let context = Fixtures.context("主持人王")

    @Test("a store at v5 (the head on the hearing row, hearings keyed by number) opens at v7 with every hearing intact, keyed by office, and appendable")
    func fromV5() throws {
        // Real hearings, recorded in an office file, written into a v5 store the way v5 wrote them.
        let dir = TempDir("pingli-upgrade")
        let file = try PingliDatabase(path: dir.file("office.sqlite"))
        try StoreFixtures.importSamplePool(file, context: context)
        let closed = try StoreContractTests.closedHearing(file, context: context)
        let open = try file.hearings.open(caseRef: "SQ-2026-0900", kind: .instantMediation, spec: try StoreFixtures.spec("instant-mediation-3"),
                                          place: nil, context: context).id
        try file.hearings.execute(open, .addParty(Party(label: "A", name: "张三", role: .applicant)), context: context)

        let url = try CountyCluster.database(for: dir)
        let c = try CountyCluster.connect(url)
        try PGSchema.migrate(c, steps: Array(PGSchema.steps.prefix(5)))
        try c.execute("INSERT INTO office (code, name, registered_at) VALUES ('JD01', '东城街道', '2026-11-01')")
        for id in [closed, open] {
            let summary = try file.hearings.list().first { $0.id == id }!
            let stored = try file.hearings.rows(id)
            try c.execute("""
                INSERT INTO hearing (id, case_ref, kind, spec, opened_at, stage, last_seq, head_hash, sealed_hash, updated_at, office)
                VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $5, $9)
                """, [id, summary.caseRef, summary.kind.rawValue, summary.spec, summary.openedAt, summary.stage.rawValue,
                      HashChain.genesis(id), stored.sealedHash, id == closed ? "JD01" : nil])
            for e in stored.rows {
                try c.execute("INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                              [id, e.seq, e.at, e.operatorName, e.type, e.payload, e.prevHash, e.hash])
            }
        }

        // What else names a hearing: its queued outcome and its panel's service.
        try c.execute("""
            INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, next_attempt_at)
            VALUES ('pingli-' || $1 || '-closed', $1, 'SQ-2026-0815', 1, 'pingli.hearing.closed', '{}', 'h', 't', 't')
            """, [closed])
        try c.execute("INSERT INTO representative (id, name, gender, birth_year, community, street, categories, intake, status) VALUES ('R-1', '甲', 'male', 1970, 'c', 's', 'x', 'recommended', 'active')")
        try c.execute("INSERT INTO service (representative_id, hearing_id, date, role) VALUES ('R-1', $1, '2026-11-20', 'seat')", [closed])

        let store = try StoreLocation(url).open()
        #expect(try c.query("SELECT hearing_id FROM outbox").first?.first == "JD01/" + closed)
        #expect(try c.query("SELECT hearing_id FROM service").first?.first == "JD01/" + closed)
        #expect(try c.query("SELECT identifier FROM pingli_migrations ORDER BY identifier").compactMap(\.first).last == "v7-office-keys")
        #expect(Set(try store.hearings.list().map(\.id)) == ["JD01/" + closed, open], "keyed by office where there is one")
        for (id, key) in [(closed, "JD01/" + closed), (open, open)] {
            let rows = try store.hearings.rows(key)
            #expect(rows.rows == (try file.hearings.rows(id)).rows)
            #expect(rows.chainID == id)
            #expect(HearingVerification.verify(hearingID: id, rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver()).exitStatus == 0)
            #expect(try store.hearings.list().first { $0.id == key }?.events == rows.rows.count)
        }
        store.work(for: "JD01")
        #expect(try store.hearings.state(closed).stage == .closed, "working for JD01, its number names its hearing")
        // A hearing from before offices were registered belongs to none: any office may go on with it.
        try store.hearings.execute(open, .addParty(Party(label: "C", name: "王五", role: .respondent)), context: context)
        let later = try store.hearings.rows(open)
        #expect(later.rows.count == 3 && later.chainID == open)
        #expect(HearingVerification.verify(hearingID: open, rows: later.rows, sealedHash: nil, solver: CBCSolver()).chain.isEmpty)
        try store.hearings.execute(open, .addParty(Party(label: "B", name: "李四", role: .respondent)), context: context)
        let after = try store.hearings.rows(open)
        #expect(after.rows.count == 4)
        #expect(HearingVerification.verify(hearingID: open, rows: after.rows, sealedHash: nil, solver: CBCSolver()).chain.isEmpty)
        #expect(throws: HearingError.self) { try store.hearings.execute(closed, .note("已结束"), context: context) }
    }
}
