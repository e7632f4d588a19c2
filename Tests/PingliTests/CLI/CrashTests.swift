import Foundation
import GRDB
import Testing
@testable import PingliKit

/// The crash harness: a scripted full hearing driven through the real `pingli` binary is
/// killed with SIGKILL at a random command and a random moment within it, then a new process
/// resumes and finishes it, and a drain delivers the outcome to the reference case store
/// (its own process). Each repetition checks that every acknowledged event survived, the
/// chain verifies, the record has as many events as an uninterrupted run, and the case store
/// holds the outcome exactly once.
///
/// `PINGLI_CRASH_REPETITIONS` sets the count (the CI mode runs 12; `full` means 100) and
/// `PINGLI_CRASH_SEED` replays a failing run.
@Suite("Crash: SIGKILL at random points of a live hearing")
struct CrashTests {
    static var repetitions: Int {
        let v = ProcessInfo.processInfo.environment["PINGLI_CRASH_REPETITIONS"] ?? ""
        return v == "full" ? 100 : Int(v) ?? 12
    }

    @Test("every acknowledged event survives SIGKILL; the hearing resumes, verifies and is delivered once")
    func killAndResume() throws {
        let seed = ProcessInfo.processInfo.environment["PINGLI_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64(UInt32.max))
        var rng = TestRandom(state: seed)
        let harness = try CrashHarness()
        var killedIn: [String: Int] = [:]
        var landed = 0
        for n in 0..<Self.repetitions {
            let point = rng.next() % UInt64(harness.commands.count)
            let delay = rng.next() % 4 == 0 ? 0 : useconds_t(rng.next() % 30_000)
            let outcome = try harness.repetition(killAt: Int(point), delayMicroseconds: delay)
            #expect(outcome.failures.isEmpty, "repetition \(n) (PINGLI_CRASH_SEED=\(seed)), killed in `\(outcome.command)` after \(delay) µs: \(outcome.failures)")
            killedIn[outcome.command, default: 0] += 1
            if outcome.inFlightLanded { landed += 1 }
            if !outcome.failures.isEmpty { break }
        }
        print("crash harness: \(Self.repetitions) repetitions, seed \(seed); killed in \(killedIn.count) different commands; the command in flight had reached disk in \(landed)")
    }
}

struct HarnessError: Error { var message: String }

/// What one repetition found.
struct CrashOutcome {
    var command: String
    var failures: [String] = []
    /// Whether the command in flight at the kill had reached disk.
    var inFlightLanded = false
}

/// Prepares a pool once; each repetition copies it and runs one kill-resume-deliver cycle.
final class CrashHarness {
    let dir = TempDir("pingli-crash")
    let template: String
    let secret = WebhookSecret.generate()
    let secretFile: String
    /// The full hearing script as commands (`<<` blocks and `\` continuations kept together), then `push`.
    let commands: [[String]]
    /// Events of an uninterrupted run.
    let expectedEvents: Int
    private var counter = 0

    static let script = try! String(contentsOfFile: Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Scripts/full-hearing.pingli", encoding: .utf8)
        .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && $0 != "verify" }

    init() throws {
        template = dir.file("template.sqlite")
        secretFile = dir.write("secret", secret)
        for args in [["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv"], ["pool", "rules", "min-training-hours", "0"]] {
            let r = try Pingli.run(args + ["--db", template])
            guard r.status == 0 else { throw HarnessError(message: "harness setup failed: \(r.stderr)") }
        }
        commands = Self.group(Self.script) + [["push"]]
        let clean = dir.file("clean.sqlite")
        try FileManager.default.copyItem(atPath: template, toPath: clean)
        _ = try Pingli.run(["repl", "--db", clean, "--bail"], stdin: Self.script.joined(separator: "\n") + "\n")
        expectedEvents = try HearingService(try PingliDatabase(path: clean)).events("H-2026-0001").count
    }

    static func group(_ lines: [String]) -> [[String]] {
        var out: [[String]] = []
        var i = 0
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

    /// Runs commands before `killAt` to completion, sends `commands[killAt]`, waits
    /// `delayMicroseconds` and kills; then resumes, finishes, drains and checks.
    func repetition(killAt: Int, delayMicroseconds: useconds_t) throws -> CrashOutcome {
        counter += 1
        var result = CrashOutcome(command: commands[killAt][0].split(separator: " ").first.map(String.init) ?? "")
        func check(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { result.failures.append(what()) } }
        let db = dir.file("run-\(counter).sqlite")
        try FileManager.default.copyItem(atPath: template, toPath: db)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + s) } }

        let caseDB = dir.file("case-\(counter).sqlite")
        let receiver = try LiveConsole(arguments: ["casestore", "serve", "--port", "0", "--db", caseDB, "--secret-file", secretFile])
        defer { receiver.kill() }
        guard receiver.wait(until: { $0.contains("listening on") }),
              let port = receiver.text.split(separator: ":").compactMap({ Int($0.prefix { $0.isNumber }) }).first(where: { $0 > 1000 }) else {
            result.failures.append("the receiver did not start: \(receiver.text)")
            return result
        }
        let configured = try Pingli.run(["outbox", "configure", "--db", db, "--url", "http://127.0.0.1:\(port)",
                                         "--secret-file", secretFile, "--schedule", "0,1,1,1", "--timeout", "5"])
        check(configured.status == 0, "outbox configure: \(configured.stderr)")

        // The live session: after each command a `status`, whose 笔录哈希 line says the
        // command has been answered and how many events the record then held.
        let live = try LiveConsole(arguments: ["repl", "--db", db], environment: ["PINGLI_LANG": "zh"])
        var storedBefore = 0
        for (n, command) in commands.enumerated() where n < killAt {
            for line in command { live.send(line) }
            live.send("status")
            let answered = live.wait { $0.components(separatedBy: "笔录哈希：").count > n + 1 }
            check(answered, "no answer to `\(command[0])`: \(live.text.suffix(300))")
            if !answered { live.kill(); return result }
            if let count = live.text.components(separatedBy: "条）").dropLast().last?.split(separator: "，").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                storedBefore = count
            }
        }
        for line in commands[killAt] { live.send(line) }
        if delayMicroseconds > 0 { usleep(delayMicroseconds) }
        live.kill()
        let acknowledged = live.acknowledged

        // Reopen: every acknowledged event is there and the chain holds.
        let database = try PingliDatabase(path: db)
        let store = HearingService(database)
        let opened = try store.list().contains { $0.id == "H-2026-0001" }
        let stored = opened ? try store.events("H-2026-0001") : []
        check(Set(acknowledged).isSubset(of: Set(stored.map(\.seq))), "acknowledged up to \(acknowledged.max() ?? 0), stored \(stored.count)")
        if opened {
            let rows = try store.rows("H-2026-0001")
            check(HearingVerification.verify(hearingID: "H-2026-0001", rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver()).chain.isEmpty, "the chain does not verify after the kill")
        }

        // Resume in a new process, skipping the in-flight command if its events reached disk
        // (a command is one transaction: all of its events or none).
        let landed = stored.count > storedBefore
        result.inFlightLanded = landed
        let rest = commands[(killAt + (landed ? 1 : 0))...].flatMap { $0 }
        let script = ((opened ? ["resume H-2026-0001"] : []) + rest + ["verify"]).joined(separator: "\n") + "\n"
        let second = try Pingli.run(["repl", "--db", db, "--bail"], stdin: script)
        check(second.status == 0, "resume failed: \(second.stderr.suffix(400))")
        check(second.stdout.contains("\nverified") || second.stdout.hasPrefix("verified"), "resume did not verify: \(second.stdout.suffix(300))")
        let final = try store.state("H-2026-0001")
        check(final.stage == .closed, "stage after resume: \(final.stage)")
        let finalCount = try store.events("H-2026-0001").count
        check(finalCount == expectedEvents, "events \(finalCount), uninterrupted run \(expectedEvents)")

        // Deliver whatever is still pending; the case store holds the outcome exactly once.
        let drain = try Pingli.run(["outbox", "drain", "--once", "--db", db])
        check(drain.status == 0, "drain: \(drain.stderr)")
        let items = try database.outbox.list()
        check(items.count == 1 && items.allSatisfy { $0.status == .delivered }, "outbox: \(items.map(\.status))")
        let received = try CaseStoreReceiver(path: caseDB, secrets: [try WebhookSecret(secret)]).outcomes()
        check(received.count == 1 && received.first?.webhookID == "pingli-H-2026-0001-closed", "case store holds \(received.map(\.webhookID))")
        check(!receiver.text.contains(secret) && !second.stdout.contains(secret) && !second.stderr.contains(secret), "the secret was printed")
        // No phone number or household key in the outcome, the worker's output or the delivery log.
        let deliveryLog = try database.pool.read { try String.fetchAll($0, sql: "SELECT coalesce(response, '') || coalesce(error, '') || url FROM delivery_log") }
        for (what, text) in [("outcome", received.first?.body ?? ""), ("drain output", drain.stdout + drain.stderr), ("delivery log", deliveryLog.joined(separator: "\n"))] {
            check(!text.contains("HX-01") && text.range(of: #"(?<![0-9a-f])1[3-9][0-9]{9}(?![0-9a-f])"#, options: .regularExpression) == nil, "personal data in the \(what)")
        }
        for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: caseDB + s) }
        return result
    }
}
