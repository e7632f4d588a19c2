import Foundation
import GRDB
import Testing
@testable import PingliKit

/// The real `pingli` binary against a real PostgreSQL server (the test cluster `.ci/run`
/// starts with pg_virtualenv): the office commands, a console killed mid-hearing, the server
/// stopped mid-session, and an office's file moved into the county store. `.ci/run` fails
/// unless this suite passed, so CI cannot silently skip PostgreSQL.
@Suite("County store cluster (PostgreSQL)", .enabled(if: Backend.postgresAvailable))
struct CountyClusterTests {
    static let script = CrashHarness.group(CrashHarness.script)

    /// A new county database with two offices and the sample pool (JD01's), training not required.
    static func county(_ dir: TempDir) throws -> String {
        let url = try CountyCluster.database(for: dir)
        for args in [["office", "register", "JD01", "--name", "东城街道"], ["office", "register", "JD02", "--name", "西城街道"],
                     ["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--office", "JD01"],
                     ["pool", "rules", "min-training-hours", "0"]] {
            let r = try Pingli.run(args + ["--db", url])
            guard r.status == 0 else { throw HarnessError(message: "\(args): \(r.stderr)") }
        }
        return url
    }

    @Test("offices, the pool, a full hearing from the console, verify --all and the outbox, all on PostgreSQL")
    func officeCommands() throws {
        let dir = TempDir("pingli-cluster")
        let url = try Self.county(dir)
        #expect(try Pingli.run(["office", "list", "--db", url]).stdout == "JD01\t东城街道\nJD02\t西城街道\n")
        let list = try Pingli.run(["pool", "list", "--db", url])
        #expect(list.status == 0 && list.stdout.contains("72 representatives"), "\(list.stdout.suffix(200))\(list.stderr)")
        // Without an office the county store refuses to open a hearing; with one it runs it.
        let refused = try Pingli.run(["repl", "--db", url, "--bail"], stdin: Self.script[0].joined(separator: "\n") + "\n")
        #expect(refused.status != 0 && refused.stderr.contains("--office"), "\(refused.stderr)")
        let full = Self.script.flatMap { $0 }.joined(separator: "\n") + "\nverify\n"
        let run = try Pingli.run(["repl", "--db", url, "--bail", "--office", "JD01"], stdin: full)
        #expect(run.status == 0, "\(run.stderr.suffix(500))")
        #expect(run.stdout.contains("\nverified"))
        let all = try Pingli.run(["verify", "--all", "--db", url])
        // Working for no office, the 司法局 sees each hearing under its office's code.
        #expect(all.status == 0 && all.stdout.contains("✓ JD01/H-2026-0001"), "\(all.stdout)")
        #expect(try Pingli.run(["hearing", "list", "--db", url, "--office", "JD01"]).stdout.contains("H-2026-0001"))
        #expect(!(try Pingli.run(["hearing", "list", "--db", url, "--office", "JD02"]).stdout.contains("H-2026-0001")), "another office's hearing is not listed")
        let outbox = try Pingli.run(["outbox", "list", "--db", url])
        #expect(outbox.stdout.contains("pingli-JD01-H-2026-0001-closed"), "the event id names the office: \(outbox.stdout)")
        // Home offices: import gave JD01's; one representative made county-wide, one added for JD02.
        #expect(try Pingli.run(["pool", "set-office", "R-000005", "--county", "--db", url]).status == 0)
        let added = try Pingli.run(["pool", "add", "--name", "赵敏", "--gender", "女", "--birth-year", "1980", "--community", "西城社区",
                                    "--street", "西城街道", "--category", "居民代表", "--intake", "自荐", "--db", url, "--office", "JD02"])
        #expect(added.status == 0, "\(added.stderr)")
        let county = try StoreLocation(url).open().representatives
        #expect(try county.homeOffice("R-000005") == nil && county.homeOffice("R-000073") == "JD02" && county.homeOffice("R-000001") == "JD01")
        #expect(try Pingli.run(["pool", "show", "R-000073", "--db", url]).stdout.contains("home office         JD02"))
        #expect(try Pingli.run(["pool", "set-office", "R-000001", "JD09", "--db", url]).status != 0)
        // File-only commands say what to do instead.
        let backup = try Pingli.run(["backup", dir.file("x.sqlite"), "--db", url])
        #expect(backup.status != 0 && backup.stderr.contains("pg_dump"), "\(backup.stderr)")
        // An office that is not registered is refused before anything runs.
        let typo = try Pingli.run(["hearing", "list", "--db", url, "--office", "JD9"])
        #expect(typo.status != 0 && typo.stderr.contains("JD01, JD02"), "\(typo.stderr)")
    }

    @Test("SIGKILL of a console mid-hearing on PostgreSQL keeps every acknowledged event; a new console finishes it")
    func killedConsole() throws {
        let expected = try Self.uninterrupted()
        var rng = TestRandom(state: UInt64.random(in: 1...UInt64(UInt32.max)))
        for repetition in 0..<4 {
            let dir = TempDir("pingli-cluster")
            let url = try Self.county(dir)
            let killAt = 1 + Int(rng.next() % UInt64(Self.script.count - 1))
            let live = try LiveConsole(arguments: ["repl", "--db", url, "--office", "JD01"], environment: ["PINGLI_LANG": "zh"])
            for (n, command) in Self.script.enumerated() where n < killAt {
                for line in command { live.send(line) }
                live.send("status")
                #expect(live.wait { $0.components(separatedBy: "笔录哈希：").count > n + 1 }, "no answer to \(command[0])")
            }
            for line in Self.script[killAt] { live.send(line) }
            usleep(useconds_t(rng.next() % 20_000))
            live.kill()
            let acknowledged = Set(live.acknowledged)
            let store = try StoreLocation(url).open()
            let stored = try store.hearings.events("H-2026-0001")
            #expect(acknowledged.isSubset(of: Set(stored.map(\.seq))), "repetition \(repetition), killed at \(killAt): acknowledged \(acknowledged.max() ?? 0), stored \(stored.count)")
            let rows = try store.hearings.rows("H-2026-0001")
            #expect(HearingVerification.verify(hearingID: "H-2026-0001", rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver()).chain.isEmpty)
            // A command is one transaction: its events are all there or none; resume after it or at it.
            let landed = try Self.replayedCount(upTo: killAt) < stored.count
            let rest = Self.script[(killAt + (landed ? 1 : 0))...].flatMap { $0 }
            let second = try Pingli.run(["repl", "--db", url, "--bail", "--office", "JD01"],
                                        stdin: (["resume H-2026-0001"] + rest + ["verify"]).joined(separator: "\n") + "\n")
            #expect(second.status == 0, "\(second.stderr.suffix(300))")
            #expect(try store.hearings.events("H-2026-0001").count == expected)
        }
    }

    /// Events of the hearing after the first `n` script commands (from a clean run, counted once).
    static func replayedCount(upTo n: Int) throws -> Int {
        let dir = TempDir("pingli-cluster")
        let url = try county(dir)
        _ = try Pingli.run(["repl", "--db", url, "--bail", "--office", "JD01"], stdin: script.prefix(n).flatMap { $0 }.joined(separator: "\n") + "\n")
        return (try? StoreLocation(url).open().hearings.events("H-2026-0001").count) ?? 0
    }

    static func uninterrupted() throws -> Int { try replayedCount(upTo: script.count) }

    @Test("the server stopped mid-session: a clear error at the next command, nothing half-written, and the console carries on after it returns",
          .enabled(if: ProcessInfo.processInfo.environment["PINGLI_PG_CTL"] != nil))
    func serverStopped() throws {
        let control = ProcessInfo.processInfo.environment["PINGLI_PG_CTL"]!.split(separator: " ").map(String.init)
        func server(_ action: String) throws {
            // posix_spawn and waitpid, not Foundation's Process: the server it starts inherits
            // the child's descriptors, and Process was seen waiting on it for good.
            let args = control + [action] + (action == "stop" ? ["--", "-m", "fast"] : [])
            var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for fd in [Int32(0), 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
            var argv: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env"] + args).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            #expect(posix_spawn(&pid, "/usr/bin/env", &actions, nil, &argv, environ) == 0)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            #expect(status == 0, "\(args.joined(separator: " ")) exited with \(status)")
        }
        let dir = TempDir("pingli-cluster")
        let url = try Self.county(dir)
        let live = try LiveConsole(arguments: ["repl", "--db", url, "--office", "JD01"])
        defer { live.kill() }
        let upToConfirm = Self.script.prefix { !$0[0].hasPrefix("start") }
        for command in upToConfirm { for line in command { live.send(line) } }
        live.send("start")
        #expect(live.wait { $0.contains("session-started") || $0.contains("开始") || $0.contains("started") }, "\(live.text.suffix(300))")
        let before = try StoreLocation(url).open().hearings.events("H-2026-0001").count
        try server("stop")
        live.send("statement A 服务器停机时说的话")
        #expect(live.wait { $0.contains("cannot be reached") }, "no clear error: \(live.text.suffix(400))")
        try server("start")
        live.send("statement A 服务器恢复后说的话")
        live.send("status")
        #expect(live.wait { $0.contains("(not sealed, \(before + 1) events)") }, "\(live.text.suffix(400))")
        let events = try StoreLocation(url).open().hearings.events("H-2026-0001")
        let texts = events.compactMap { if case let .statement(_, t) = $0.body { return t } else { return nil } }
        #expect(texts == ["服务器恢复后说的话"], "the command refused while the server was down left nothing: \(texts)")
        #expect(events.count == before + 1)
    }
}

extension CountyClusterTests {
    @Test("the application role runs hearings but cannot update or delete an event (refused by grants, before the trigger)")
    func applicationRole() throws {
        let dir = TempDir("pingli-cluster")
        let url = try Self.county(dir)
        let role = "pingli_app_" + UUID().uuidString.prefix(8).lowercased()
        try CountyCluster.connect(url).execute("CREATE ROLE \(role) LOGIN PASSWORD 'app-secret-1'")
        let missing = try Pingli.run(["office", "grant-role", "nobody_here", "--db", url])
        #expect(missing.status != 0 && missing.stderr.contains("CREATE ROLE"), "\(missing.stderr)")
        let granted = try Pingli.run(["office", "grant-role", role, "--db", url])
        #expect(granted.status == 0, "\(granted.stderr)")
        let app = url.replacingOccurrences(of: "postgresql:///", with: "postgresql://\(role):app-secret-1@/")
        let full = Self.script.flatMap { $0 }.joined(separator: "\n") + "\nverify\n"
        let run = try Pingli.run(["repl", "--db", app, "--bail", "--office", "JD01"], stdin: full)
        #expect(run.status == 0 && run.stdout.contains("\nverified"), "\(run.stderr.suffix(400))")
        #expect(!run.stderr.contains("app-secret-1") && !run.stdout.contains("app-secret-1"), "the password is never printed")
        let c = try CountyCluster.connect(app)
        for sql in ["UPDATE hearing_event SET payload = '{}'", "DELETE FROM case_event", "DROP TRIGGER hearing_event_append_only ON hearing_event",
                    "ALTER TABLE hearing_event DISABLE TRIGGER ALL"] {
            do { try c.execute(sql); Issue.record("\(sql) was allowed") } catch let e as PGError {
                #expect(e.sqlState == "42501", "\(sql): \(e)")
            }
        }
        let file = try Pingli.run(["office", "grant-role", role, "--db", dir.file("office.sqlite")])
        #expect(file.status != 0 && file.stderr.contains("PostgreSQL"), "\(file.stderr)")
    }
}

extension CountyClusterTests {
    @Test("pingli migrate moves an office's file into the county store, verifies it, and refuses a second move or a broken log")
    func migrate() throws {
        let dir = TempDir("pingli-cluster")
        let file = dir.file("office.sqlite")
        for args in [["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv"], ["pool", "rules", "min-training-hours", "0"]] {
            #expect(try Pingli.run(args + ["--db", file]).status == 0)
        }
        let hearing = try Pingli.run(["repl", "--db", file, "--bail"], stdin: Self.script.flatMap { $0 }.joined(separator: "\n") + "\n")
        #expect(hearing.status == 0, "\(hearing.stderr.suffix(300))")
        let url = try CountyCluster.database(for: dir)
        let unregistered = try Pingli.run(["migrate", "--from", file, "--to", url, "--office", "JD01"])
        #expect(unregistered.status != 0 && unregistered.stderr.contains("office register"), "\(unregistered.stderr)")
        #expect(try Pingli.run(["office", "register", "JD01", "--name", "东城街道", "--db", url]).status == 0)
        let moved = try Pingli.run(["migrate", "--from", file, "--to", url, "--office", "JD01"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("72 representatives added") && moved.stdout.contains("✓ JD01/H-2026-0001"), "\(moved.stdout)")
        let county = try StoreLocation(url).open()
        let before = try county.hearings.events("H-2026-0001").count
        #expect(before == (try PingliDatabase(path: file).hearings.events("H-2026-0001").count))
        #expect(try county.representatives.homeOffice("R-000001") == "JD01")
        #expect(try county.representatives.members().contains { !$0.service.isEmpty }, "service came along")
        // Again: the hearing is there already, nothing changes.
        let again = try Pingli.run(["migrate", "--from", file, "--to", url, "--office", "JD01"])
        #expect(again.status != 0 && again.stderr.contains("already in the county store"), "\(again.stderr)")
        #expect(try county.hearings.events("H-2026-0001").count == before)
        #expect(try county.representatives.list().count == 72)
        // A second office numbered its hearings the same way: both move, each keeps its numbers.
        let second = dir.file("second.sqlite")
        for args in [["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv"], ["pool", "rules", "min-training-hours", "0"]] {
            #expect(try Pingli.run(args + ["--db", second]).status == 0)
        }
        let otherCase = Self.script.flatMap { $0 }.joined(separator: "\n").replacingOccurrences(of: "SQ-2026-0815", with: "XC-2026-0033")
        #expect(try Pingli.run(["repl", "--db", second, "--bail"], stdin: otherCase + "\n").status == 0)
        #expect(try Pingli.run(["office", "register", "JD02", "--name", "西城街道", "--db", url]).status == 0)
        let movedSecond = try Pingli.run(["migrate", "--from", second, "--to", url, "--office", "JD02"])
        #expect(movedSecond.status == 0 && movedSecond.stdout.contains("72 merged") && movedSecond.stdout.contains("✓ JD02/H-2026-0001"),
                "\(movedSecond.stdout) \(movedSecond.stderr)")
        let ownVerify = try Pingli.run(["verify", "H-2026-0001", "--db", url, "--office", "JD02"])
        #expect(ownVerify.status == 0 && ownVerify.stdout.contains("H-2026-0001"), "\(ownVerify.stdout) \(ownVerify.stderr)")
        let ambiguous = try Pingli.run(["verify", "H-2026-0001", "--db", url])
        #expect(ambiguous.status != 0 && ambiguous.stderr.contains("JD01/H-2026-0001") && ambiguous.stderr.contains("JD02/H-2026-0001")
                && ambiguous.stderr.contains("--office"), "\(ambiguous.stderr)")
        let all = try Pingli.run(["verify", "--all", "--db", url])
        #expect(all.status == 0 && all.stdout.contains("✓ JD01/H-2026-0001") && all.stdout.contains("✓ JD02/H-2026-0001"), "\(all.stdout)")
        let newOne = try Pingli.run(["repl", "--db", url, "--office", "JD02", "--bail"], stdin: "open SQ-2026-0901 --kind instant-mediation\nstatus\n")
        #expect(newOne.status == 0 && newOne.stdout.contains("H-2026-0002"), "JD02 numbers on from its own hearings: \(newOne.stdout) \(newOne.stderr)")
        // A file whose log was edited is named and not moved.
        let other = try CountyCluster.database(for: TempDir("pingli-cluster"))
        #expect(try Pingli.run(["office", "register", "JD02", "--name", "西城街道", "--db", other]).status == 0)
        let tampered = dir.file("tampered.sqlite")
        try FileManager.default.copyItem(atPath: file, toPath: tampered)
        try DatabaseQueue(path: tampered).write { db in
            try db.execute(sql: "DROP TRIGGER hearing_event_append_only_update")
            try db.execute(sql: "UPDATE hearing_event SET payload = replace(payload, '张三', '王五') WHERE seq = 2")
        }
        let broken = try Pingli.run(["migrate", "--from", tampered, "--to", other, "--office", "JD02"])
        #expect(broken.status != 0 && broken.stderr.contains("does not verify"), "\(broken.stderr)")
        #expect(try StoreLocation(other).open().representatives.list().isEmpty, "nothing was moved")
    }
}

extension CountyClusterTests {
    @Test("pingli serve on the county store: concurrent referrals each stored once under the office; a repeat stores nothing")
    func serveReferrals() throws {
        let dir = TempDir("pingli-cluster")
        let url = try Self.county(dir)
        let secret = WebhookSecret.generate()
        let secretFile = dir.write("intake.secret", secret + "\n")
        #expect(try Pingli.run(["intake", "configure", "--db", url, "--secret-file", secretFile]).status == 0)
        let officeless = try Pingli.run(["serve", "--port", "0", "--db", url])
        #expect(officeless.status != 0 && officeless.stderr.contains("--office"), "a county's intake says which office it receives for")
        let server = try LiveConsole(arguments: ["serve", "--port", "0", "--db", url, "--office", "JD02"])
        defer { server.kill() }
        #expect(server.wait(until: { $0.contains("listening on") }), "\(server.text)")
        let port = server.text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.first { $0 > 1000 } ?? 0
        @Sendable func post(_ n: Int, to port: Int = port) throws -> AttemptResult {
            let id = "msg-\(n)"
            let body = Data(CaseLifecycleTests.referral(id: id, ref: "TZ-2026-\(1000 + n)").utf8)
            let ts = Int(Date().timeIntervalSince1970)
            let signature = WebhookSignature.header(id: id, timestamp: ts, body: body, secrets: [try WebhookSecret(secret)])
            return try CurlTransport().post(url: "http://127.0.0.1:\(port)/referrals", headers: [
                ("content-type", "application/json"), ("webhook-id", id), ("webhook-timestamp", String(ts)), ("webhook-signature", signature),
            ], body: body)
        }
        let statuses = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for n in stride(from: worker, to: 40, by: 4) { statuses.add("\(n)", (try? post(n)).flatMap { $0.status }.map(String.init)) }
        }
        #expect(statuses.all.allSatisfy { $0.1 == "201" }, "\(statuses.all.filter { $0.1 != "201" })")
        #expect(try post(3).status == 200, "a repeated webhook id stores nothing new")
        let store = try StoreLocation(url).open()
        #expect(try store.cases.list().count == 40)
        let offices = try CountyCluster.connect(url).query(#"SELECT DISTINCT office FROM "case""#).compactMap(\.first)
        #expect(offices == ["JD02"])
        let mine = try Pingli.run(["case", "list", "--db", url, "--office", "JD02", "--format", "csv"])
        let theirs = try Pingli.run(["case", "list", "--db", url, "--office", "JD01", "--format", "csv"])
        #expect(mine.stdout.split(separator: "\n").count == 41 && theirs.stdout.split(separator: "\n").count == 1, "\(mine.stdout.prefix(200)) \(theirs.stderr)")
        #expect(mine.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",JD02") }, "each row names its office")
        // The county's view (no office): every office's cases, each with its office first.
        let county = try Pingli.run(["case", "list", "--db", url])
        #expect(county.stdout.hasPrefix("组织") && county.stdout.contains("\nJD02 "), "\(county.stdout.prefix(300))")
        // A second intake on the same store (another machine behind the case system's balancer):
        // each delivery sent to both at once is stored once; the other answers that it has it.
        let second = try LiveConsole(arguments: ["serve", "--port", "0", "--db", url, "--office", "JD02"])
        defer { second.kill() }
        #expect(second.wait(until: { $0.contains("listening on") }), "\(second.text)")
        let port2 = second.text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.first { $0 > 1000 } ?? 0
        let both = Results()
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let n = 100 + i / 2
            both.add("\(n)", (try? post(n, to: i % 2 == 0 ? port : port2)).flatMap { $0.status }.map(String.init))
        }
        let byReferral = Dictionary(grouping: both.all, by: \.0).mapValues { $0.compactMap(\.1).sorted() }
        #expect(byReferral.count == 20 && byReferral.values.allSatisfy { $0 == ["200", "201"] }, "\(byReferral)")
        #expect(try store.cases.list().count == 60)
        #expect(try Pingli.run(["verify", "--all", "--db", url]).status == 0)
    }

    @Test("the backup docs/storage.md gives: pg_dump, pg_restore into a new database, verify --all; the copy keeps its guarantees and carries on")
    func dumpAndRestore() throws {
        let dir = TempDir("pingli-cluster")
        let url = try Self.county(dir)
        let full = Self.script.flatMap { $0 }.joined(separator: "\n") + "\n"
        #expect(try Pingli.run(["repl", "--db", url, "--bail", "--office", "JD01"], stdin: full).status == 0)
        // The procedure as written there, against this cluster.
        let dump = dir.file("county.dump")
        let dumped = try Subprocess.run("/usr/bin/env", ["pg_dump", "--format=custom", "--file=" + dump, url])
        #expect(dumped.status == 0, "\(dumped.stderr)")
        let target = TempDir("pingli-restored")
        let restored = try CountyCluster.database(for: target)
        let loaded = try Subprocess.run("/usr/bin/env", ["pg_restore", "--no-owner", "--dbname=" + restored, dump])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        let verified = try Pingli.run(["verify", "--all", "--db", restored])
        #expect(verified.status == 0 && verified.stdout.contains("✓ JD01/H-2026-0001"), "\(verified.stdout)\(verified.stderr)")
        #expect(try Pingli.run(["pool", "list", "--db", restored]).stdout.contains("72 representatives"))
        // The triggers came back with the tables: the restored log is as append-only as the first.
        #expect(throws: PGError.self) {
            try CountyCluster.connect(restored).execute("UPDATE hearing_event SET payload = '{}' WHERE seq = 2")
        }
        // And the console carries on in the copy: the next number is JD01's next.
        let next = try Pingli.run(["repl", "--db", restored, "--bail", "--office", "JD01"], stdin: Self.script[0].joined(separator: "\n") + "\n")
        #expect(next.status == 0 && next.stdout.contains("H-2026-0002"), "\(next.stdout.suffix(300))\(next.stderr)")
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [(String, String?)] = []
        func add(_ k: String, _ v: String?) { lock.lock(); list.append((k, v)); lock.unlock() }
        var all: [(String, String?)] { lock.lock(); defer { lock.unlock() }; return list }
    }
}

extension CountyClusterTests {
    @Test("two drain workers on the county store deliver every outcome to the case store once, each case in order")
    func drainWorkers() throws {
        let dir = TempDir("pingli-cluster")
        let url = try Self.county(dir)
        // Six closed hearings of three cases, from two offices' consoles.
        for (n, office) in ["JD01", "JD02", "JD01", "JD02", "JD01", "JD02"].enumerated() {
            let script = """
                open C-\(n % 3) --kind mediation --spec instant-mediation-3
                party add A 张三 --role applicant
                name R-00000\(n + 1) R-00001\(n + 1)
                confirm
                start
                agree --terms 按约定履行 --facts 漏水 --responsibility 楼上 --performance 修缮 --place 本社区 --deadline 2026-12-31
                readback
                sign A
                close
                """
            let run = try Pingli.run(["repl", "--db", url, "--bail", "--office", office], stdin: script + "\n")
            #expect(run.status == 0, "\(run.stderr.suffix(300))")
        }
        let caseDB = dir.file("casestore.sqlite")
        let secretFile = dir.write("out.secret", WebhookSecret.generate() + "\n")
        let receiver = try LiveConsole(arguments: ["casestore", "serve", "--port", "0", "--db", caseDB, "--secret-file", secretFile])
        defer { receiver.kill() }
        #expect(receiver.wait(until: { $0.contains("listening on") }), "\(receiver.text)")
        let port = receiver.text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.first { $0 > 1000 } ?? 0
        #expect(try Pingli.run(["outbox", "configure", "--db", url, "--url", "http://127.0.0.1:\(port)", "--secret-file", secretFile]).status == 0)
        // Two workers at once, then once more each until nothing is due.
        for _ in 0..<3 {
            let a = try LiveConsole(arguments: ["outbox", "drain", "--once", "--db", url])
            let b = try LiveConsole(arguments: ["outbox", "drain", "--once", "--db", url])
            #expect(a.finish() == 0 && b.finish() == 0, "\(a.text) \(b.text)")
        }
        let items = try StoreLocation(url).open().outbox.list()
        #expect(items.count == 6 && items.allSatisfy { $0.status == .delivered }, "\(items.map(\.status))")
        let got = try CaseStoreReceiver(path: caseDB, secrets: [try WebhookSecret(WebhookSecret.generate())]).outcomes()
        #expect(got.count == 6 && Set(got.map(\.webhookID)).count == 6, "each outcome once: \(got.map(\.webhookID))")
        for ref in ["C-0", "C-1", "C-2"] {
            #expect(got.filter { $0.caseRef == ref }.map(\.sequence) == [1, 2], "\(ref) in order")
        }
    }
}
