import Foundation
import Testing
@testable import PingliKit

/// Each office of a county numbers its own hearings, as its file did: in the county store a
/// number means the hearing of the office at work, another office's is named in full.
@Suite("County store: each office numbers its own hearings (PostgreSQL)", .enabled(if: Backend.postgresAvailable))
struct CountyKeysTests {
    let context = Fixtures.context("主持人王")

    @Test("two offices' H-2026-0001 side by side: each reads and writes its own; the other is read in full and never written")
    func officesNumberTheirOwn() throws {
        let world = try CountyStoreTests.SmallWorld(.postgresql, context: context)
        let (a, idA) = try world.drawn("JD01", context: context)
        let (b, idB) = try world.drawn("JD02", context: context)
        #expect(idA == "H-2026-0001" && idB == "H-2026-0001")
        try a.hearings.execute(idA, .correct(seq: 1, text: "东城的记录"), context: context)
        try b.hearings.execute(idB, .correct(seq: 1, text: "西城的记录"), context: context)
        #expect(try a.hearings.events(idA).last.map { "\($0.body)" }?.contains("东城") == true)
        #expect(try b.hearings.events(idB).last.map { "\($0.body)" }?.contains("西城") == true)
        // JD01 reads JD02's by its key, and may not write it.
        #expect(try a.hearings.events("JD02/H-2026-0001").count == (try b.hearings.events(idB)).count)
        do {
            try a.hearings.execute("JD02/H-2026-0001", .correct(seq: 1, text: "越权"), context: context)
            Issue.record("JD01 wrote JD02's hearing")
        } catch let e as HearingError {
            #expect("\(e)".contains("JD02"), "\(e)")
        }
        // Working for no office: a shared number is ambiguous, a key is not; nothing may be written.
        let county = try StoreLocation(world.location).open()
        #expect(throws: HearingError.self) { _ = try county.hearings.state("H-2026-0001") }
        #expect(try county.hearings.state("JD01/H-2026-0001").id == "H-2026-0001")
        #expect(throws: HearingError.self) { try county.hearings.execute("JD01/H-2026-0001", .correct(seq: 1, text: "无组织"), context: context) }
        #expect(Set(try county.hearings.list().map(\.id)) == ["JD01/H-2026-0001", "JD02/H-2026-0001"])
        // Each chain verifies under its number; the next number is the office's own.
        for key in ["JD01/H-2026-0001", "JD02/H-2026-0001"] {
            let r = try county.hearings.rows(key)
            #expect(HearingVerification.verify(hearingID: r.chainID!, rows: r.rows, sealedHash: r.sealedHash, solver: CBCSolver()).exitStatus == 0)
        }
        var jd02 = context
        jd02.office = "JD02"
        let next = try b.hearings.open(caseRef: "K-next", kind: .publicHearing, spec: world.spec, place: nil, context: jd02)
        #expect(next.id == "H-2026-0002")
        // Service is recorded under the hearing's key, so confirming JD01's panel sees JD02's day.
        try a.hearings.execute(idA, .confirm, context: context)
        let served = try a.representatives.members().flatMap(\.service).map(\.hearingID)
        #expect(served.allSatisfy { $0 == "H-2026-0001" }, "JD01 sees its own hearing by number: \(served)")
    }
}
