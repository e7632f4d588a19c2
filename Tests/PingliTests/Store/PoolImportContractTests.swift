import Foundation
import Testing
@testable import PingliKit

/// The pool import on both back ends: the office file's importer and the county store's (which
/// reads the store's side of the whole file at once and queues new people in pipelines) keep the
/// same rules, counts and history.
@Suite("Pool import on both back ends")
struct PoolImportContractTests {
    let dir = TempDir("pool-import")

    func run(_ store: any PingliStore, _ path: String, dryRun: Bool = false,
             context: OperationContext = Fixtures.context()) throws -> (ImportReport, [ImportIssue]) {
        var issues: [ImportIssue] = []
        let report: ImportReport
        switch store {
        case let county as PGStore: report = try PGPoolImporter(county, context: context).run(path: path, dryRun: dryRun) { issues.append($0) }
        case let file as PingliDatabase: report = try PoolImporter(file, context: context).run(path: path, dryRun: dryRun) { issues.append($0) }
        default: throw StoreError.unsupportedLocation(store.location)
        }
        return (report, issues)
    }

    @Test("a long file in, again unchanged, then one change; more than one pipeline's worth of rows", arguments: Backend.enabled)
    func importsAndUpdates(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        let n = 2_345
        let first = dir.write("first.csv", Fixtures.csv((1...n).map { Fixtures.row($0) }))
        let (report, issues) = try run(store, first)
        #expect(issues.isEmpty, "\(issues)")
        #expect(report.committed && report.created == n && report.updated == 0)
        #expect(try store.representatives.list(PoolFilter()).count == n)
        let rep = try store.representatives.representative("R-002345")
        #expect(rep.name == "代表2345" && rep.phone == "13800002345" && rep.categories == ["resident"])
        #expect(try store.representatives.history("R-000007").map(\.action) == ["created"])

        let (again, none) = try run(store, first)
        #expect(none.isEmpty && again.committed && again.created == 0 && again.unchanged == n)
        let changed = dir.write("changed.csv", Fixtures.csv((1...n).map { Fixtures.row($0, name: $0 == 1_234 ? "改名" : nil) }))
        let (third, _) = try run(store, changed)
        #expect(third.updated == 1 && third.unchanged == n - 1)
        #expect(try store.representatives.representative("R-001234").name == "改名")
        #expect(try store.representatives.history("R-001234").map(\.action) == ["created", "updated"])
    }

    @Test("a phone someone in the store holds is refused on its line and nothing is written; a dry run writes nothing",
          arguments: Backend.enabled)
    func refusalsWriteNothing(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        var holder = Fixtures.representative("R-000900")
        holder.phone = "13900000900"
        try store.representatives.add(holder, context: Fixtures.context())
        var rows = (1...30).map { Fixtures.row($0) }
        rows[19] = Fixtures.row(20, phone: "13900000900")     // line 21
        let (report, issues) = try run(store, dir.write("taken.csv", Fixtures.csv(rows)))
        #expect(!report.committed && report.errors == 1)
        #expect(issues.map(\.line) == [21], "\(issues)")
        #expect(issues.first?.message.contains("R-000900") == true, "\(issues)")
        #expect(try store.representatives.list(PoolFilter()).map(\.id) == ["R-000900"])

        let (dry, dryIssues) = try run(store, dir.write("ok.csv", Fixtures.csv((1...30).map { Fixtures.row($0) })), dryRun: true)
        #expect(dryIssues.isEmpty && !dry.committed && dry.created == 30)
        #expect(try store.representatives.list(PoolFilter()).count == 1)
    }

    @Test("a phone whose holder this file moves to another phone is free", arguments: Backend.enabled)
    func phoneFreedInTheSameFile(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        #expect(try run(store, dir.write("a.csv", Fixtures.csv([Fixtures.row(1)]))).0.created == 1)
        // R-000001 moves to a new phone; R-000002 takes its old one.
        let swap = dir.write("b.csv", Fixtures.csv([Fixtures.row(1, phone: "13900000001"), Fixtures.row(2, phone: "13800000001")]))
        let (report, issues) = try run(store, swap)
        #expect(issues.isEmpty, "\(issues)")
        #expect(report.committed && report.created == 1 && report.updated == 1)
        #expect(try store.representatives.representative("R-000002").phone == "13800000001")
    }

    @Test("rows without an id get, in line order, the numbers after every generated id in the store and the file",
          arguments: Backend.enabled)
    func generatedIDs(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        #expect(try run(store, dir.write("a.csv", Fixtures.csv([Fixtures.row(5)]))).0.created == 1)
        let noID = { (n: Int) in String(Fixtures.row(n).drop { $0 != "," }) }
        // A later line gives R-000040: ids handed out before it was read must not take it.
        let file = dir.write("b.csv", Fixtures.csv([noID(31), Fixtures.row(40), noID(32)]))
        let (report, issues) = try run(store, file)
        #expect(issues.isEmpty, "\(issues)")
        #expect(report.created == 3)
        #expect(try store.representatives.list(PoolFilter()).map(\.id).sorted() == ["R-000005", "R-000040", "R-000041", "R-000042"])
        #expect(try store.representatives.representative("R-000041").phone == "13800000031")
        #expect(try store.representatives.representative("R-000042").phone == "13800000032")
        #expect(try store.representatives.representative("R-000040").phone == "13800000040")
    }

    @Test("a list re-imported without its ids is refused with the way to fix it: give each row its id", arguments: Backend.enabled)
    func reimportWithoutIDs(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        let noID = { (n: Int) in String(Fixtures.row(n).drop { $0 != "," }) }
        let file = dir.write("f.csv", Fixtures.csv([noID(1), noID(2)]))
        #expect(try run(store, file).0.created == 2)
        let (report, issues) = try run(store, file)
        #expect(!report.committed && issues.map(\.line) == [2, 3], "\(issues)")
        #expect(issues.allSatisfy { $0.message.contains("has no id") && $0.message.contains("R-00000") }, "\(issues)")
        #expect(try store.representatives.list(PoolFilter()).count == 2)
    }

    @Test("past R-999999 the number grows a digit, the same on both back ends", arguments: Backend.enabled)
    func sevenDigitIDs(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        let noID = { (n: Int) in String(Fixtures.row(n).drop { $0 != "," }) }
        let (report, issues) = try run(store, dir.write("e.csv", Fixtures.csv([Fixtures.row(999_999, phone: "13899999999"), noID(1), noID(2)])))
        #expect(issues.isEmpty && report.created == 3, "\(issues)")
        #expect(try store.representatives.list(PoolFilter()).map(\.id).sorted() == ["R-1000000", "R-1000001", "R-999999"])
        #expect(GeneratedID.format(1_000_000) == "R-1000000")
    }

    @Test("a file whose later line gives the id the store would hand out next is imported whole", arguments: Backend.enabled)
    func explicitIDAfterARowWithout(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        let noID = { (n: Int) in String(Fixtures.row(n).drop { $0 != "," }) }
        let (report, issues) = try run(store, dir.write("c.csv", Fixtures.csv([noID(7), Fixtures.row(1)])))
        #expect(issues.isEmpty, "\(issues)")
        #expect(report.committed && report.created == 2)
        #expect(try store.representatives.representative("R-000001").phone == "13800000001")
        #expect(try store.representatives.representative("R-000002").phone == "13800000007")
    }

    @Test("a phone taken twice in one file names the other line, and no id for a row that has none yet",
          arguments: Backend.enabled)
    func duplicatePhoneOfARowWithoutID(_ backend: Backend) throws {
        let store = try backend.makeStore(dir)
        let noID = { (n: Int) in String(Fixtures.row(n).drop { $0 != "," }) }
        let (report, issues) = try run(store, dir.write("d.csv", Fixtures.csv([noID(3), Fixtures.row(4, phone: "13800000003")])))
        #expect(!report.committed && issues.count == 1, "\(issues)")
        #expect(issues.allSatisfy { !$0.message.contains("~") }, "\(issues)")
        #expect(try store.representatives.list(PoolFilter()).isEmpty)
    }

    @Test("on the county store, new people get the importing office as their home office, with history",
          .enabled(if: Backend.postgresAvailable))
    func homeOffice() throws {
        let store = try Backend.postgresql.makeStore(dir)
        try store.register(Office(code: "JD01", name: "东风街道"), context: Fixtures.context())
        var context = Fixtures.context()
        context.office = "JD01"
        let (report, issues) = try run(store, dir.write("a.csv", Fixtures.csv((1...3).map { Fixtures.row($0) })), context: context)
        #expect(issues.isEmpty && report.created == 3)
        #expect(try store.representatives.homeOffice("R-000002") == "JD01")
        #expect(try store.representatives.history("R-000002").map(\.action) == ["created", "updated"])
        context.office = "JD99"
        #expect(throws: StoreError.self) { try run(store, dir.write("b.csv", Fixtures.csv([Fixtures.row(9)])), context: context) }
        #expect(try store.representatives.list(PoolFilter()).count == 3)
    }
}
