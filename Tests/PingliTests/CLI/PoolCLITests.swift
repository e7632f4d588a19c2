import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("pingli pool (the real binary)")
struct PoolCLITests {
    let dir = TempDir()
    var db: String { dir.file("cli.sqlite") }

    @Test func importListShowStats() throws {
        let sample = Pingli.repositoryRoot + "/Panels/sample-pool.csv"
        let imported = try Pingli.run(["pool", "import", sample, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("72 new"))
        let list = try Pingli.run(["pool", "list", "--db", db, "--category", "专业人才", "--status", "在库"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("编号"))
        let statusColumn = Set(lines.dropFirst(2).dropLast().map { line -> Int in
            TextWidth.columns(String(line[..<line.range(of: "在库")!.lowerBound]))
        })
        #expect(statusColumn.count == 1, "the status column lines up whatever the names' widths")
        let json = try Pingli.run(["pool", "list", "--db", db, "--format", "json", "--community", "清水村"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(decoded.count == 12 && decoded.allSatisfy { $0["community"] as? String == "清水村" })
        let show = try Pingli.run(["pool", "show", "R-000019", "--db", db])
        #expect(show.stdout.contains("暂停中，至 2027-02-28"))
        #expect(show.stdout.contains("培训 0 小时，不足 4 小时"))
        #expect(show.stdout.contains("created"))
        let stats = try Pingli.run(["pool", "stats", "--db", db])
        #expect(stats.stdout.contains("72 in all"))
        #expect(try Pingli.run(["pool", "stats", "--db", db, "--lang", "zh"]).stdout.contains("共 72 人"))
    }

    @Test func badImportExitsOneWithFileAndLine() throws {
        let path = dir.write("bad.csv", Fixtures.csv([Fixtures.row(1), Fixtures.row(2, categories: "外星人")]))
        let run = try Pingli.run(["pool", "import", path, "--db", db])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(path):3: unknown category '外星人'"))
        #expect(run.stderr.contains("nothing was imported"))
        let list = try Pingli.run(["pool", "list", "--db", db, "--format", "csv"])
        #expect(list.stdout.split(separator: "\n").count == 1, "only the header: nothing imported")
    }

    @Test func lifecycleCommands() throws {
        let add = try Pingli.run(["pool", "add", "--db", db, "--name", "王丽", "--gender", "女", "--birth-year", "1972",
                                  "--community", "东风社区", "--street", "中市街道", "--category", "居民代表",
                                  "--intake", "自荐", "--term-start", "2026-01-01", "--term-end", "2028-12-31"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("added R-000001 王丽 (候选)"))
        let bad = try Pingli.run(["pool", "set-status", "R-000001", "retired", "--db", db, "--reason", "x"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("cannot go from candidate"))
        #expect(try Pingli.run(["pool", "set-status", "R-000001", "active", "--db", db]).status == 0)
        let noReason = try Pingli.run(["pool", "set-status", "R-000001", "suspended", "--db", db])
        #expect(noReason.stderr.contains("needs a reason"))
        let train = try Pingli.run(["pool", "train", "R-000001", "--db", db, "--topic", "评理规则", "--hours", "4", "--date", "2026-11-01"])
        #expect(train.status == 0, "\(train.stderr)")
        let show = try Pingli.run(["pool", "show", "R-000001", "--db", db])
        #expect(show.stdout.contains("eligible to be drawn today (2026-11-21): yes"), "\(show.stdout)")
    }

    @Test("two processes writing one database: each succeeds or says busy, and nothing is corrupted")
    func twoWriters() throws {
        let a = dir.write("a.csv", Fixtures.csv((1...3000).map { Fixtures.row($0) }))
        let b = dir.write("b.csv", Fixtures.csv((5001...8000).map { Fixtures.row($0) }))
        _ = try Pingli.run(["pool", "list", "--db", db])
        let results = UnsafeResults()
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let run: PingliRun
            switch i {
            case 0: run = try! Pingli.run(["pool", "import", a, "--db", db])
            case 1: run = try! Pingli.run(["pool", "import", b, "--db", db])
            default:
                run = try! Pingli.run(["pool", "add", "--db", db, "--id", "X-\(i)", "--name", "并发\(i)", "--gender", "男",
                                       "--birth-year", "1980", "--community", "东风社区", "--street", "中市街道",
                                       "--category", "居民代表", "--intake", "自荐"])
            }
            results.append(run)
        }
        for run in results.all {
            #expect(run.status == 0 || run.stderr.contains("busy"), "\(run.stderr)")
        }
        let database = try PingliDatabase(path: db)
        let check = try database.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
        let count = try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM representative") } ?? 0
        let succeeded = results.all.filter { $0.status == 0 }
        let want = succeeded.reduce(0) { $0 + ($1.stdout.contains("3000 new") ? 3000 : $1.stdout.contains("added") ? 1 : 0) }
        #expect(count == want)
    }
}

/// Collects results from concurrent work.
final class UnsafeResults: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [PingliRun] = []
    func append(_ r: PingliRun) { lock.lock(); items.append(r); lock.unlock() }
    var all: [PingliRun] { lock.lock(); defer { lock.unlock() }; return items }
}
