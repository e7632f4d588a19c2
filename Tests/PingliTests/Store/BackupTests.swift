import Foundation
import GRDB
import Testing
@testable import PingliKit

/// `pingli backup` and `pingli restore` through the real binary: a copy taken while a console
/// writes is one consistent, verifying moment; a tampered or newer copy is refused and nothing
/// changes; a restore keeps the database as it was.
@Suite("Backup and restore")
struct BackupTests {
    let dir = TempDir("pingli-backup")

    func office() throws -> String {
        let db = dir.file("office.sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["case", "add", "B-1", "--title", "漏水", "--category", "邻里纠纷", "--party", "甲,申请方", "--db", db]).status == 0)
        return db
    }

    @Test("a backup taken while a console appends events is whole and verifies; the same file is never overwritten")
    func backupWhileWriting() throws {
        let db = try office()
        let console = try LiveConsole(arguments: ["repl", "--db", db])
        console.send("open 备份-1 --kind hearing")
        for i in 0..<5 { console.send("party add P\(i) 当事人\(i) --role \(i == 0 ? "applicant" : "other")") }
        #expect(console.wait { $0.contains("其他涉事方P4") }, "\(console.text)")
        // Keep writing while the copies are made.
        for i in 0..<40 { console.send("correct 1 第\(i)次更正") }
        var copies: [String] = []
        for n in 0..<3 {
            let copy = dir.file("copy-\(n).sqlite")
            let run = try Pingli.run(["backup", copy, "--db", db])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("every hash chain verifies"), "\(run.stdout)")
            copies.append(copy)
        }
        console.send("quit")
        _ = console.finish()
        for copy in copies {
            let check = try DatabaseBackup.check(copy)
            #expect(check.isGood && check.hearings == 1 && check.cases == 1 && check.representatives == 72, "\(check.problems)")
            let attributes = try FileManager.default.attributesOfItem(atPath: copy)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "a copy holds personal data")
            #expect(!FileManager.default.fileExists(atPath: copy + ".partial"))
        }
        let again = try Pingli.run(["backup", copies[0], "--db", db])
        #expect(again.status == 1 && again.stderr.contains("never overwrites"), "\(again.stderr)")
        let zh = try Pingli.run(["backup", "--check", copies[0], "--lang", "zh"])
        #expect(zh.status == 0 && zh.stdout.contains("每条哈希链均核验无误"), "\(zh.stdout)")
    }

    @Test("a tampered copy is refused by --check (exit 2) and by restore, which changes nothing")
    func tamperedCopyRefused() throws {
        let db = try office()
        #expect(try Pingli.run(["repl", "--db", db], stdin: "open 备份-2 --kind hearing\nparty add A 张三 --role applicant\n").status == 0)
        let copy = dir.file("tampered.sqlite")
        #expect(try Pingli.run(["backup", copy, "--db", db]).status == 0)
        let raw = try DatabaseQueue(path: copy)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER hearing_event_append_only_update")
            try db.execute(sql: "UPDATE hearing_event SET payload = replace(payload, '张三', '李四')")
        }
        try raw.close()
        let check = try Pingli.run(["backup", "--check", copy])
        #expect(check.status == 2 && check.stderr.contains("does not check good"), "\(check.stderr)")
        let all = try Pingli.run(["verify", "--all", "--db", copy])
        #expect(all.status == 2 && all.stdout.contains("✗ H-2026-0001") && all.stdout.contains("1 do NOT verify"), "\(all.stdout)")
        let target = dir.file("target.sqlite")
        #expect(try Pingli.run(["repl", "--db", target], stdin: "open 原有-1 --kind hearing\n").status == 0)
        let restore = try Pingli.run(["restore", copy, "--replace", "--db", target])
        #expect(restore.status == 2, "\(restore.stderr)")
        let list = try Pingli.run(["hearing", "list", "--db", target])
        #expect(list.stdout.contains("原有-1") && !list.stdout.contains("备份-2"), "nothing changed: \(list.stdout)")
    }

    @Test("restore: refused over data without --replace; with it the copy comes back and the old database is kept")
    func restoreKeepsTheOld() throws {
        let db = try office()
        #expect(try Pingli.run(["repl", "--db", db], stdin: "open 备份-3 --kind hearing\n").status == 0)
        let copy = dir.file("good.sqlite")
        #expect(try Pingli.run(["backup", copy, "--db", db]).status == 0)
        #expect(try Pingli.run(["repl", "--db", db], stdin: "open 之后-1 --kind hearing\n").status == 0)
        let refused = try Pingli.run(["restore", copy, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("--replace"), "\(refused.stderr)")
        let done = try Pingli.run(["restore", copy, "--replace", "--db", db])
        #expect(done.status == 0, "\(done.stderr)")
        let list = try Pingli.run(["hearing", "list", "--db", db])
        #expect(list.stdout.contains("备份-3") && !list.stdout.contains("之后-1"), "\(list.stdout)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("office.sqlite.before-restore-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(kept.count == 1, "\(kept)")
        let old = try Pingli.run(["hearing", "list", "--db", dir.file(kept[0])])
        #expect(old.stdout.contains("之后-1"), "the database as it was: \(old.stdout)")
        let all = try Pingli.run(["verify", "--all", "--db", db])
        #expect(all.status == 0 && all.stdout.contains("1 cases and 1 hearings: every one verifies"), "\(all.stdout)")
    }

    @Test("a copy written by a newer Pingli is refused untouched")
    func newerCopyRefused() throws {
        let db = try office()
        let copy = dir.file("newer.sqlite")
        #expect(try Pingli.run(["backup", copy, "--db", db]).status == 0)
        let raw = try DatabaseQueue(path: copy)
        try raw.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try raw.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        let restore = try Pingli.run(["restore", copy, "--replace", "--db", db])
        #expect(restore.status != 0 && restore.stderr.contains("newer"), "\(restore.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before, "the copy is untouched")
    }
}
