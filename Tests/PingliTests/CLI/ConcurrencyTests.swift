import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("Two consoles and a drain worker on one database")
struct ConcurrencyTests {
    @Test("no corruption, clear messages on conflict, no lost events")
    func consolesAndWorker() throws {
        let dir = TempDir("pingli-concurrent")
        let db = dir.file("shared.sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        let secret = dir.write("secret", WebhookSecret.generate())
        let caseDB = dir.file("case.sqlite")
        let receiver = try LiveConsole(arguments: ["casestore", "serve", "--port", "0", "--db", caseDB, "--secret-file", secret])
        defer { receiver.kill() }
        #expect(receiver.wait { $0.contains("listening on") })
        let port = receiver.text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.first { $0 > 1000 } ?? 0
        #expect(try Pingli.run(["outbox", "configure", "--db", db, "--url", "http://127.0.0.1:\(port)", "--secret-file", secret]).status == 0)
        let worker = try LiveConsole(arguments: ["outbox", "drain", "--db", db])
        let mediation = try String(contentsOfFile: Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Scripts/mediation-agreement.pingli", encoding: .utf8)
        let a = try LiveConsole(arguments: ["repl", "--db", db])
        let b = try LiveConsole(arguments: ["repl", "--db", db])
        // Both consoles run a mediation each, line by line, interleaved.
        let lines = mediation.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && $0 != "verify" }
        for line in lines { a.send(line); b.send(line) }
        // Then both try to add the same party to the first hearing: one wins, the other is told why.
        a.send("resume H-2026-0001")
        b.send("resume H-2026-0001")
        #expect(a.finish() == 0 && b.finish() == 0)
        #expect(!a.text.contains("busy") && !b.text.contains("busy"), "\(a.text)\(b.text)")
        let store = HearingService(try PingliDatabase(path: db))
        let hearings = try store.list()
        #expect(hearings.count == 2 && hearings.allSatisfy { $0.stage == .closed })
        for h in hearings {
            let rows = try store.rows(h.id)
            #expect(HearingVerification.verify(hearingID: h.id, rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver()).exitStatus == 0)
            #expect(rows.rows.count == 17, "\(h.id) has every event")
        }
        // The worker delivers both outcomes while the consoles run.
        #expect(worker.wait(timeout: 20) { $0.components(separatedBy: "→ delivered").count - 1 == 2 }, "\(worker.text)")
        kill(worker.process.processIdentifier, SIGTERM)
        #expect(worker.finish() == 0)
        let check = try PingliDatabase(path: db).pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
        let conflict = try Pingli.run(["repl", "--db", db], stdin: "resume H-2026-0001\nparty add 甲 王五 --role applicant\n")
        #expect(conflict.stderr.contains("not allowed now: the hearing is at stage closed"), "a conflicting command says why")
    }
}
