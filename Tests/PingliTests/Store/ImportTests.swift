import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("Pool import")
struct ImportTests {
    let dir = TempDir()

    func database() throws -> PingliDatabase { try PingliDatabase(path: dir.file("pool.sqlite")) }

    func importFile(_ db: PingliDatabase, _ path: String, dryRun: Bool = false,
                    encoding: TextEncodingChoice = .auto) throws -> (ImportReport, [ImportIssue]) {
        var issues: [ImportIssue] = []
        let report = try PoolImporter(db, context: Fixtures.context()).run(path: path, encoding: encoding, dryRun: dryRun) { issues.append($0) }
        return (report, issues)
    }

    func count(_ db: PingliDatabase) throws -> Int {
        try db.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM representative") ?? -1 }
    }

    @Test func importsGoodRows() throws {
        let db = try database()
        let path = dir.write("ok.csv", Fixtures.csv((1...5).map { Fixtures.row($0) }))
        let (report, issues) = try importFile(db, path)
        #expect(issues.isEmpty)
        #expect(report.created == 5 && report.committed)
        let rep = try PoolStore(db).representative("R-000003")
        #expect(rep.name == "代表3" && rep.categories == ["resident"] && rep.status == .active)
        #expect(rep.phone == "13800000003")
        let history = try PoolStore(db).history("R-000003")
        #expect(history.first?.action == "created")
        #expect(history.first?.reason?.contains("ok.csv:4") == true)
        #expect(history.first?.operatorName == "测试员")
    }

    @Test("in a long file, duplicates inside and across runs of rows are reported on their lines; a clean re-import updates")
    func duplicatesInLongFiles() throws {
        let db = try database()
        var rows = (1...40).map { Fixtures.row($0) }
        rows[5] = Fixtures.row(3, phone: "13900000003")      // line 7: id of line 4, same run of rows
        rows[30] = Fixtures.row(31, phone: "13800000002")    // line 32: phone of line 3, an earlier run
        let bad = dir.write("long-bad.csv", Fixtures.csv(rows))
        let (report, issues) = try importFile(db, bad)
        #expect(!report.committed)
        #expect(try count(db) == 0)
        #expect(issues.map(\.line) == [7, 32], "\(issues)")
        #expect(issues[0].message.contains("duplicate id R-000003: also on line 4"))
        #expect(issues[1].message.contains("also on line 3"))
        let good = dir.write("long.csv", Fixtures.csv((1...40).map { Fixtures.row($0) }))
        #expect(try importFile(db, good).0.created == 40)
        let changed = dir.write("long2.csv", Fixtures.csv((1...40).map { Fixtures.row($0, name: $0 == 33 ? "改名" : nil) }))
        let (again, none) = try importFile(db, changed)
        #expect(none.isEmpty && again.updated == 1 && again.unchanged == 39)
        #expect(try PoolStore(db).representative("R-000033").name == "改名")
    }

    @Test("each kind of bad row is reported on its line, and nothing is imported")
    func badRowsImportNothing() throws {
        let db = try database()
        let rows = [
            Fixtures.row(1),
            Fixtures.row(2, categories: "宇航员"),            // line 3: unknown category
            Fixtures.row(3, year: "19x0"),                   // line 4: bad year
            Fixtures.row(1, phone: "13900000001"),           // line 5: duplicate id
            Fixtures.row(5, phone: "13800000001"),           // line 6: duplicate phone (line 2's)
            Fixtures.row(6, year: "2015"),                   // line 7: a child
        ]
        let path = dir.write("bad.csv", Fixtures.csv(rows))
        let (report, issues) = try importFile(db, path)
        #expect(!report.committed)
        #expect(try count(db) == 0)
        let byLine = Dictionary(grouping: issues, by: \.line)
        #expect(byLine.keys.sorted() == [3, 4, 5, 6, 7])
        #expect(byLine[3]![0].message.contains("宇航员"))
        #expect(byLine[4]![0].message.contains("19x0"))
        #expect(byLine[5]![0].message.contains("duplicate id R-000001: also on line 2"))
        #expect(byLine[6]![0].message.contains("duplicate phone 138****0001: also on line 2"))
        #expect(byLine[7]![0].message.contains("out of range"))
        #expect(issues.allSatisfy { $0.description.hasPrefix("\(path):\($0.line): ") })
    }

    @Test func missingColumnIsReportedOnLineOne() throws {
        let db = try database()
        let path = dir.write("nocol.csv", "id,name,gender\nR-1,王丽,女\n")
        let (_, issues) = try importFile(db, path)
        #expect(issues.count == 5)
        #expect(issues.allSatisfy { $0.line == 1 && $0.message.hasPrefix("missing column") })
        #expect(issues.contains { $0.message.contains("birth_year (出生年份)") })
        #expect(try count(db) == 0)
    }

    @Test func undecodableBytesNameTheLine() throws {
        let db = try database()
        var bytes = Array(Fixtures.csv([Fixtures.row(1)]).utf8)
        bytes += Array("R-000002,".utf8) + [0xC3, 0x28] + Array(",女,1970,东风社区,中市街道,居民代表,自荐,,,,,,,\n".utf8)
        let path = dir.write("bytes.csv", bytes: bytes)
        let (_, issues) = try importFile(db, path, encoding: .utf8)
        #expect(issues.count == 1)
        #expect(issues[0].line == 3)
        #expect(issues[0].message.contains("not valid UTF-8"))
        #expect(issues[0].message.contains("--encoding gb18030"))
        #expect(try count(db) == 0)
    }

    @Test func gb18030WithChineseHeaders() throws {
        let db = try database()
        let text = "姓名,性别,出生年份,社区,街道,类别,来源,推荐单位,电话\n欧阳娜娜,女,1980,柳林村,三里桥街道,村民代表、专业人才,组织推荐,村民委员会,13912345678\n"
        let path = dir.write("gb.csv", bytes: gb18030(text))
        let (report, issues) = try importFile(db, path)
        #expect(issues.isEmpty, "\(issues)")
        #expect(report.encoding == .gb18030)
        let rep = try PoolStore(db).list()[0]
        #expect(rep.id == "R-000001", "rows without an id get the next R-number")
        #expect(rep.name == "欧阳娜娜")
        #expect(rep.categories == ["villager", "legal-professional"])
        #expect(rep.intake == .recommended && rep.recommendedBy == "村民委员会")
        #expect(rep.status == .candidate)
    }

    @Test func utf8WithByteOrderMark() throws {
        let db = try database()
        let path = dir.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(Fixtures.csv([Fixtures.row(1)]).utf8))
        let (report, issues) = try importFile(db, path)
        #expect(issues.isEmpty && report.created == 1)
    }

    @Test func reimportUpdatesWithHistory() throws {
        let db = try database()
        _ = try importFile(db, dir.write("a.csv", Fixtures.csv([Fixtures.row(1), Fixtures.row(2)])))
        let changed = Fixtures.row(1, name: "新名字", categories: "居民代表;专业人才")
        let (report, issues) = try importFile(db, dir.write("b.csv", Fixtures.csv([changed, Fixtures.row(2)])))
        #expect(issues.isEmpty)
        #expect(report.updated == 1 && report.unchanged == 1 && report.created == 0)
        #expect(try count(db) == 2)
        let history = try PoolStore(db).history("R-000001")
        #expect(history.map(\.action) == ["created", "updated"])
        let change = history[1].changes
        #expect(change.contains(FieldChange(field: "name", old: "代表1", new: "新名字")))
        #expect(change.contains(FieldChange(field: "categories", old: "resident", new: "resident;legal-professional")))
    }

    @Test func reimportCannotMakeAnIllegalTransition() throws {
        let db = try database()
        _ = try importFile(db, dir.write("a.csv", Fixtures.csv([Fixtures.row(1, status: "candidate")])))
        let header = Fixtures.header + ",status_reason"
        let text = header + "\n" + Fixtures.row(1, status: "retired") + ",不再担任\n"
        let (_, issues) = try importFile(db, dir.write("b.csv", text))
        #expect(issues.count == 1)
        #expect(issues[0].message.contains("cannot go from candidate"))
        #expect(try PoolStore(db).representative("R-000001").status == .candidate)
    }

    @Test func dryRunChangesNothing() throws {
        let db = try database()
        let (report, issues) = try importFile(db, dir.write("a.csv", Fixtures.csv([Fixtures.row(1)])), dryRun: true)
        #expect(issues.isEmpty && report.created == 1 && !report.committed)
        #expect(try count(db) == 0)
    }

    @Test("export → import round trip, in English and in Chinese")
    func roundTrip() throws {
        let db = try database()
        let sample = Pingli.repositoryRoot + "/Panels/sample-pool.csv"
        let (first, issues) = try importFile(db, sample)
        #expect(issues.isEmpty, "\(issues)")
        #expect(first.created >= 60)
        let original = try PoolStore(db).list()
        for headers in PoolExporter.Headers.allCases {
            let out = dir.file("export-\(headers.rawValue).csv")
            #expect(try PoolExporter(PoolStore(db)).write(to: out, headers: headers) == original.count)
            // Into the same database: nothing changes.
            let (again, againIssues) = try importFile(db, out)
            #expect(againIssues.isEmpty, "\(againIssues)")
            #expect(again.unchanged == original.count && again.updated == 0 && again.created == 0)
            // Into a fresh database: the same people.
            let fresh = try PingliDatabase(path: dir.file("fresh-\(headers.rawValue).sqlite"))
            var freshIssues: [ImportIssue] = []
            _ = try PoolImporter(fresh, context: Fixtures.context()).run(path: out) { freshIssues.append($0) }
            #expect(freshIssues.isEmpty)
            #expect(try PoolStore(fresh).list() == original)
        }
    }

    @Test("a row without an id never takes an id written on an earlier line of the same file")
    func assignedIDSkipsWrittenOnes() throws {
        let dir = TempDir("pingli-import-ids")
        let db = try PingliDatabase(path: dir.file("i.sqlite"))
        let path = dir.write("ids.csv", Fixtures.csv([Fixtures.row(1), Fixtures.row(9, phone: "13800009999").replacingOccurrences(of: "R-000009", with: "")]))
        var issues: [ImportIssue] = []
        let report = try PoolImporter(db, context: Fixtures.context()).run(path: path) { issues.append($0) }
        #expect(issues.isEmpty, "\(issues)")
        #expect(report.created == 2)
        #expect(try PoolStore(db).list().map(\.id) == ["R-000001", "R-000002"])
    }
}
