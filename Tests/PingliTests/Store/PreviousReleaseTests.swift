import Foundation
import Testing
@testable import PingliKit

/// A database written by the release before the hearing core was reshaped (session 2's code:
/// the sample pool, a training record, a suspension, a hearing and its re-hearing, a mediation
/// escalated to a hearing, a mediation agreement, hearings left open, outcomes in the outbox).
/// It must open with today's code, and every hearing in it must verify.
@Suite("A database from the previous release")
struct PreviousReleaseTests {
    static let fixture = Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/previous-release.sqlite"
    let dir = TempDir("pingli-previous")

    func copy() throws -> String {
        let db = dir.file("previous.sqlite")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: db)
        return db
    }

    @Test("opens, lists, and every hearing verifies through the binary")
    func everyHearingVerifies() throws {
        let db = try copy()
        let list = try Pingli.run(["hearing", "list", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        let ids = (1...6).map { "H-2026-000\($0)" }
        for id in ids { #expect(list.stdout.contains(id), "\(id) listed") }
        for id in ids {
            let v = try Pingli.run(["verify", id, "--db", db])
            #expect(v.status == 0, "\(id): \(v.stdout) \(v.stderr)")
        }
        let pool = try Pingli.run(["pool", "show", "R-000070", "--db", db])
        #expect(pool.status == 0 && pool.stdout.contains("suspended"), "\(pool.stdout) \(pool.stderr)")
        let outbox = try Pingli.run(["outbox", "list", "--db", db])
        #expect(outbox.status == 0 && outbox.stdout.contains("pingli-H-2026-0006-agreed"), "\(outbox.stdout) \(outbox.stderr)")
    }

    @Test("a hearing left open carries on with today's code and still verifies")
    func openHearingCarriesOn() throws {
        let db = try copy()
        let run = try Pingli.run(["repl", "--db", db, "--bail"], stdin: "resume H-2026-0004\nstart\nstatement 甲 继续陈述。\nverify\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("verified"))
        let store = HearingService(try PingliDatabase(path: db))
        #expect(try store.state("H-2026-0004").stage == .session)
    }
}
