import Foundation
import Testing
@testable import PingliKit

@Suite("Sign-in sheets: training and renewals for many at once")
struct SignInSheetTests {
    let dir = TempDir("pingli-sheet")

    var pool: [Representative] {
        var a = Fixtures.representative("R-000001", name: "王建国"); a.phone = "13900000001"
        var b = Fixtures.representative("R-000002", name: "王建国"); b.phone = "13900000002"
        var c = Fixtures.representative("R-000003", name: "李丽"); c.phone = "13900000003"
        return [a, b, c]
    }

    @Test("rows resolve by id, or by name with phone; every problem is reported with its line")
    func resolve() throws {
        let ok = try SignInSheet(header: ["姓名", "电话"], records: [(2, ["王建国", "13900000002"]), (3, ["李丽", "13900000003"]), (4, ["", ""])])
        #expect(try ok.resolve(in: pool).get() == ["R-000002", "R-000003"])
        let bad = try SignInSheet(header: ["id", "name"], records: [(2, ["R-000001", "王建国"]), (3, ["R-000009", ""]), (4, ["R-000003", "王建国"]),
                                                                    (5, ["R-000001", ""])])
        guard case let .failure(f) = bad.resolve(in: pool) else { Issue.record("a bad sheet resolved"); return }
        #expect(f.problems.map(\.line) == [3, 4, 5])
        #expect(f.problems[1].message == "R-000003 is 李丽, not 王建国")
        let nameOnly = SignInSheet(rows: [SignInSheet.Row(line: 7, name: "王建国")])
        guard case let .failure(g) = nameOnly.resolve(in: pool) else { Issue.record("a name alone resolved"); return }
        #expect(g.problems[0].message.contains("a name alone may be two people"))
        #expect(throws: PoolError.self) { try SignInSheet(header: ["姓名", "签到"], records: []) }
        #expect(SignInSheet(idsText: "R-000001\n\n# 请假\n R-000003 \n").rows.map(\.line) == [1, 4])
    }

    @Test("the whole sheet is trained or nobody; a GB18030 sheet from Excel works; terms renew the same way")
    func throughTheBinary() throws {
        let db = dir.file("s.sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        let sheet = dir.write("签到表.csv", bytes: gb18030("姓名,电话,签名\r\n田勇,13100007919,\r\n梁敏,13100015838,\r\n"))
        let ok = try Pingli.run(["pool", "train", "--ids-file", sheet, "--topic", "调解技巧", "--hours", "2", "--db", db])
        #expect(ok.status == 0 && ok.stdout.contains("for 2 representatives"), "\(ok.stderr)")
        let bad = dir.write("bad.txt", "R-000003\nR-999999\n")
        let refused = try Pingli.run(["pool", "train", "--ids-file", bad, "--topic", "x", "--hours", "1", "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("bad.txt:2: no representative R-999999 in the pool"))
        let store = PoolStore(try PingliDatabase(path: db))
        #expect(try store.training("R-000003").isEmpty, "nothing recorded for a refused sheet")
        #expect(try store.training("R-000001").count == 1 && (try store.training("R-000002")).count == 1)
        let ids = dir.write("ids.txt", "R-000003\nR-000004\n")
        let renew = try Pingli.run(["pool", "renew", "--ids-file", ids, "--term-end", "2030-12-31", "--db", db])
        #expect(renew.status == 0, "\(renew.stderr)")
        #expect(try store.representative("R-000004").termEnd == Day("2030-12-31"))
        #expect(try Pingli.run(["pool", "renew", "R-000001", "--ids-file", ids, "--term-end", "2030-12-31", "--db", db]).status != 0)
    }
}
