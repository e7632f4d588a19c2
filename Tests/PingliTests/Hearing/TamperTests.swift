import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("Tampering with a stored hearing")
struct TamperTests {
    /// A closed hearing and a raw connection with the append-only and chain-check triggers
    /// dropped, as an attacker with the file would have.
    func closedHearing() throws -> (HearingWorld, String, DatabaseQueue) {
        let w = try HearingWorld()
        let id = try w.drawnHearing()
        try w.run(id, .start)
        try w.run(id, .statement(party: "A", text: "原始陈述"))
        for seat in 1...7 { try w.run(id, .vote(seat: seat, option: "applicant", reason: nil)) }
        try w.run(id, .tally); try w.run(id, .verdict("支持申请方")); try w.run(id, .readBack)
        try w.run(id, .sign(party: "A")); try w.run(id, .sign(party: "B")); try w.run(id, .close)
        let raw = try DatabaseQueue(path: w.dir.file("h.sqlite"))
        try raw.write { db in
            try db.execute(sql: """
                DROP TRIGGER hearing_event_append_only_update; DROP TRIGGER hearing_event_append_only_delete;
                DROP TRIGGER hearing_event_follows_chain
                """)
        }
        return (w, id, raw)
    }

    func verify(_ w: HearingWorld, _ id: String) throws -> HearingVerification {
        let r = try w.store.rows(id)
        return HearingVerification.verify(hearingID: id, rows: r.rows, sealedHash: r.sealedHash, solver: CBCSolver())
    }

    func seq(_ raw: DatabaseQueue, _ id: String, type: String) throws -> Int {
        try raw.read { try Int.fetchOne($0, sql: "SELECT seq FROM hearing_event WHERE hearing_id = ? AND type = ?", arguments: [id, type])! }
    }

    @Test func triggersRefuseEditsThroughSQLite() throws {
        let w = try HearingWorld()
        let id = try w.drawnHearing()
        #expect(throws: DatabaseError.self) {
            try w.database.pool.write { try $0.execute(sql: "UPDATE hearing_event SET payload = '{}' WHERE hearing_id = ?", arguments: [id]) }
        }
        #expect(throws: DatabaseError.self) {
            try w.database.pool.write { try $0.execute(sql: "DELETE FROM hearing_event WHERE hearing_id = ?", arguments: [id]) }
        }
    }

    @Test func editedPayload() throws {
        let (w, id, raw) = try closedHearing()
        let n = try seq(raw, id, type: "statement")
        try raw.write { try $0.execute(sql: "UPDATE hearing_event SET payload = replace(payload, '原始陈述', '篡改陈述') WHERE hearing_id = ? AND seq = ?", arguments: [id, n]) }
        let v = try verify(w, id)
        #expect(v.chain == [.edited(seq: n)])
        #expect(v.exitStatus == 2)
    }

    @Test func editedTime() throws {
        let (w, id, raw) = try closedHearing()
        try raw.write { try $0.execute(sql: "UPDATE hearing_event SET at = '2020-01-01T00:00:00.000Z' WHERE hearing_id = ? AND seq = 3", arguments: [id]) }
        #expect(try verify(w, id).chain == [.edited(seq: 3)])
    }

    @Test func deletedRow() throws {
        let (w, id, raw) = try closedHearing()
        let n = try seq(raw, id, type: "statement")
        try raw.write { try $0.execute(sql: "DELETE FROM hearing_event WHERE hearing_id = ? AND seq = ?", arguments: [id, n]) }
        let v = try verify(w, id)
        #expect(v.chain.contains(.missing(seq: n)))
        #expect(v.exitStatus == 2)
    }

    @Test func reorderedPair() throws {
        let (w, id, raw) = try closedHearing()
        // Delete two adjacent events and insert them back the other way round.
        try raw.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM hearing_event WHERE hearing_id = ? AND seq IN (4, 5) ORDER BY seq", arguments: [id])
            try db.execute(sql: "DELETE FROM hearing_event WHERE hearing_id = ? AND seq IN (4, 5)", arguments: [id])
            for r in rows.reversed() {
                try db.execute(sql: "INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [r["hearing_id"], r["seq"], r["at"], r["operator"], r["type"], r["payload"], r["prev_hash"], r["hash"]])
            }
        }
        let v = try verify(w, id)
        #expect(v.chain.contains(.outOfOrder(seq: 5, found: 4)) || v.chain.contains(.missing(seq: 4)), "\(v.chain)")
        #expect(v.exitStatus == 2)
    }

    @Test("a tail re-chained after an edit holds together but not with the sealed head")
    func rechainedTail() throws {
        let (w, id, raw) = try closedHearing()
        let n = try seq(raw, id, type: "statement")
        try raw.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM hearing_event WHERE hearing_id = ? ORDER BY seq", arguments: [id])
            var previous = rows[n - 2]["hash"] as String
            for r in rows[(n - 1)...] {
                let seq: Int = r["seq"]
                var payload = try JSONValue.parse(r["payload"])
                if seq == n, case var .object(o) = payload { o["text"] = .string("篡改陈述"); payload = .object(o) }
                let canonical = HashChain.canonical(hearingID: id, seq: seq, at: r["at"], operatorName: r["operator"], type: r["type"], payload: payload)
                let hash = HashChain.hash(previous: previous, canonical: canonical)
                try db.execute(sql: "UPDATE hearing_event SET payload = ?, prev_hash = ?, hash = ? WHERE hearing_id = ? AND seq = ?",
                               arguments: [payload.canonical, previous, hash, id, seq])
                previous = hash
            }
        }
        let v = try verify(w, id)
        #expect(v.chain.count == 1)
        guard case .sealMismatch = v.chain.first else { Issue.record("expected a seal mismatch, got \(v.chain)"); return }
        #expect(v.exitStatus == 3)
    }

    @Test func untouchedVerifies() throws {
        let (w, id, _) = try closedHearing()
        #expect(try verify(w, id).exitStatus == 0)
        // The JSON transcript verifies offline too.
        let doc = TranscriptDocument(state: try w.store.state(id), events: try w.store.events(id))
        let decoded = try JSONDecoder().decode(TranscriptDocument.self, from: JSONEncoder().encode(doc))
        #expect(HearingVerification.verify(hearingID: id, rows: decoded.events, sealedHash: decoded.sealedHash, solver: CBCSolver()).exitStatus == 0)
    }
}
