import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("Crash: SIGKILL mid-session")
struct CrashTests {
    static let script = try! String(contentsOfFile: Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Scripts/full-hearing.pingli", encoding: .utf8)
        .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }

    /// The script as commands: `<<` blocks and `\` continuations kept with their command.
    static var commands: [[String]] {
        var out: [[String]] = []
        var i = 0
        let lines = script
        while i < lines.count {
            var group = [lines[i]]
            if lines[i].hasSuffix("<<") {
                repeat { i += 1; group.append(lines[i]) } while lines[i] != "."
            } else {
                while group.last!.hasSuffix("\\") { i += 1; group.append(lines[i]) }
            }
            out.append(group)
            i += 1
        }
        return out
    }

    @Test("every acknowledged event survives SIGKILL; the hearing resumes, finishes and verifies", arguments: [9, 17, 26, 38])
    func killAndResume(killAt: Int) throws {
        let dir = TempDir("pingli-crash")
        let db = dir.file("crash.sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        let commands = Self.commands.filter { $0 != ["verify"] }
        let first = try LiveConsole(arguments: ["repl", "--db", db])
        var done = 0
        for (n, command) in commands.enumerated() where n < killAt {
            let before = first.text.count
            for line in command { first.send(line) }
            // Wait for this command's output (its events, or the opening line).
            #expect(first.wait { $0.count > before && $0.hasSuffix("\n") })
            done = n + 1
        }
        // Send one more command and kill without waiting for its acknowledgement.
        for line in commands[done] { first.send(line) }
        first.kill()
        let acknowledged = first.acknowledged
        #expect(!acknowledged.isEmpty)

        // Reopen: every acknowledged event is there, and the chain holds.
        let store = HearingStore(try PingliDatabase(path: db))
        let events = try store.events("H-2026-0001")
        #expect(Set(acknowledged).isSubset(of: Set(events.map(\.seq))), "acknowledged \(acknowledged.max() ?? 0), stored \(events.count)")
        let rows = try store.rows("H-2026-0001")
        #expect(HearingVerification.verify(hearingID: "H-2026-0001", rows: rows.rows, sealedHash: rows.sealedHash).chain.isEmpty)

        // Resume in a new process: skip the in-flight command if it made it to disk.
        let inFlightLanded = events.count > (acknowledged.max() ?? 0)
        let rest = commands[(done + (inFlightLanded ? 1 : 0))...]
        let script = (["resume H-2026-0001"] + rest.flatMap { $0 } + ["verify"]).joined(separator: "\n") + "\n"
        let second = try Pingli.run(["repl", "--db", db, "--bail"], stdin: script)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("\nverified"))
        let final = try store.state("H-2026-0001")
        #expect(final.stage == .closed)
        // The same number of events as an uninterrupted run of the script.
        let clean = dir.file("clean.sqlite")
        _ = try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", clean])
        _ = try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", clean])
        _ = try Pingli.run(["repl", "--db", clean, "--bail"], stdin: Self.script.joined(separator: "\n") + "\n")
        let expected = try HearingStore(try PingliDatabase(path: clean)).events("H-2026-0001").count
        #expect(try store.events("H-2026-0001").count == expected)
    }
}
