import Foundation
import GRDB
import Testing
@testable import PingliKit

/// Mutated pool files: the reader never crashes and numbers lines as an editor does; an
/// import either commits a file with no errors or changes nothing, and every problem it
/// reports points at a line of the file.
@Suite("Fuzzing: the CSV importer")
struct CSVFuzzTests {
    static let sample = Array(FileManager.default.contents(atPath: Pingli.repositoryRoot + "/Panels/sample-pool.csv")!)
    static let tokens = [",", ",,", "\"", "\"\"", "\",\"", "\r\n", "\n\"", "男", "女", "其他", "1899", "2026", "居民代表;宇航员",
                         "法律工作者", "R-000001", "13800000001", "2027-02-30", "9999-99-99", "active", "suspended", "left",
                         "id,name,gender", "姓名,性别,出生年份", "\u{FEFF}"]

    /// Fingerprint of everything an import can change.
    static func fingerprint(_ db: PingliDatabase) throws -> String {
        try db.pool.read { d in
            let people = try String.fetchOne(d, sql: "SELECT group_concat(r, '|') FROM (SELECT quote(id) || quote(name) || quote(status) || quote(phone) || quote(categories) AS r FROM representative ORDER BY id)") ?? ""
            let history = try Int.fetchOne(d, sql: "SELECT count(*) FROM representative_history") ?? 0
            return "\(people)#\(history)"
        }
    }

    @Test("4,000 mutated files through the reader: no crash, lines in order and inside the file")
    func reader() throws {
        let dir = TempDir("pingli-fuzz-csv")
        var m = Mutator(seed: 1_221, tokens: Self.tokens)
        let regressions = RegressionCorpus.inputs("csv").map(\.bytes)
        for n in 0..<(FuzzBudget.iterations(4_000) + regressions.count) {
            var input = n < regressions.count ? regressions[n] : m.mutate(Self.sample)
            if n >= regressions.count && m.int(5) == 0 { input = gb18030(String(decoding: input, as: UTF8.self)) }
            FuzzBudget.record(input)
            let path = dir.write("r.csv", bytes: input)
            let lines = input.filter { $0 == 0x0A }.count + 1
            let reader = try CSVReader(path: path)
            var last = 0
            var count = 0
            var header: PoolHeader?
            var parser = RepresentativeParser(catalog: CategoryCatalog(), today: Day("2026-11-21")!)
            while let record = try reader.next() {
                if !(record.line > last && record.line <= lines) {
                    Issue.record("line \(record.line) after \(last) of \(lines): \(RegressionCorpus.describe(input))")
                }
                last = record.line
                count += 1
                // The first record is the header; the rest go through the row parser.
                if count == 1 {
                    header = try? PoolHeader(record.fields)
                } else if let header {
                    _ = parser.parse(header, record.fields)
                }
                if count > lines { Issue.record("more records than lines"); break }
            }
        }
    }

    @Test("400 mutated re-imports into a real pool: commit cleanly or change nothing")
    func imports() throws {
        let dir = TempDir("pingli-fuzz-import")
        let db = try PingliDatabase(path: dir.file("pool.sqlite"))
        var noIssues: [ImportIssue] = []
        _ = try PoolImporter(db, context: Fixtures.context()).run(path: Pingli.repositoryRoot + "/Panels/sample-pool.csv") { noIssues.append($0) }
        #expect(noIssues.isEmpty)
        var m = Mutator(seed: 3_443, tokens: Self.tokens)
        var committed = 0, refused = 0
        for _ in 0..<FuzzBudget.iterations(400) {
            let input = m.mutate(Self.sample)
            FuzzBudget.record(input)
            let path = dir.write("m.csv", bytes: input)
            let lines = input.filter { $0 == 0x0A }.count + 1
            let before = try Self.fingerprint(db)
            var issues: [ImportIssue] = []
            let report = try PoolImporter(db, context: Fixtures.context()).run(path: path) { issues.append($0) }
            if report.committed {
                committed += 1
                #expect(issues.isEmpty && report.errors == 0)
            } else {
                refused += 1
                #expect(!issues.isEmpty, "refused without a reason: \(RegressionCorpus.describe(input))")
                #expect(try Self.fingerprint(db) == before, "a refused import changed the pool: \(RegressionCorpus.describe(input))")
            }
            for issue in issues {
                #expect(issue.file == path && (1...lines).contains(issue.line), "\(issue) is outside the file (\(lines) lines)")
            }
        }
        #expect(committed > 10 && refused > 100, "mutations reach both outcomes (committed \(committed), refused \(refused))")
        #expect(try db.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }
}
