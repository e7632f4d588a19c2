import Foundation
import GRDB
import Testing
@testable import PingliKit

@Suite("Pool store")
struct PoolStoreTests {
    let dir = TempDir()
    let context = Fixtures.context()

    func store() throws -> PoolStore { PoolStore(try PingliDatabase(path: dir.file("pool.sqlite"))) }

    @Test("every change leaves a history entry with who, what from what, and why")
    func historyAfterEveryChange() throws {
        let pool = try store()
        let added = try pool.add(Fixtures.representative(status: .candidate), context: context)
        #expect(added.id == "R-000001")
        try pool.setStatus(added.id, to: .active, reason: "审核通过", until: nil, context: context)
        try pool.train(added.id, TrainingRecord(date: Day("2026-11-01")!, topic: "调解技巧", hours: 2), context: context)
        var rep = try pool.representative(added.id)
        rep.termEnd = Day("2030-12-31")
        try pool.update(rep, reason: "续聘", context: Fixtures.context("李主任"))
        try pool.setStatus(added.id, to: .suspended, reason: "外出务工", until: Day("2027-03-01"), context: context)
        try pool.setStatus(added.id, to: .active, reason: "返回", until: nil, context: context)
        try pool.setStatus(added.id, to: .retired, reason: "本人申请", until: nil, context: context)

        let h = try pool.history(added.id)
        #expect(h.map(\.action) == ["created", "status", "training", "updated", "status", "status", "status"])
        #expect(h[1].changes == [FieldChange(field: "status", old: "candidate", new: "active"),
                                 FieldChange(field: "status_reason", old: nil, new: "审核通过")])
        #expect(h[3].changes == [FieldChange(field: "term_end", old: "2027-12-31", new: "2030-12-31")])
        #expect(h[3].operatorName == "李主任" && h[3].reason == "续聘")
        #expect(h[4].changes.contains(FieldChange(field: "suspended_until", old: nil, new: "2027-03-01")))
        #expect(h[6].reason == "本人申请")
        #expect(h.allSatisfy { $0.at == "2026-11-21T01:00:00.000Z" })
        // Retired is final.
        #expect(throws: PoolError.self) { try pool.setStatus(added.id, to: .active, reason: nil, until: nil, context: context) }
        #expect(try pool.history(added.id).count == 7, "a refused change leaves no entry")
    }

    @Test func duplicateIDAndPhoneAreRefused() throws {
        let pool = try store()
        var a = Fixtures.representative("R-000010")
        a.phone = "13800000000"
        try pool.add(a, context: context)
        #expect(throws: PoolError.duplicateID(id: "R-000010")) { try pool.add(a, context: context) }
        var b = Fixtures.representative()
        b.phone = "13800000000"
        #expect(throws: PoolError.duplicatePhone(phone: "13800000000", holder: "R-000010")) { try pool.add(b, context: context) }
        let next = try pool.add(Fixtures.representative(), context: context)
        #expect(next.id == "R-000011", "the next number follows the highest R-number")
    }

    @Test func trainingIsChecked() throws {
        let pool = try store()
        let rep = try pool.add(Fixtures.representative(), context: context)
        #expect(throws: PoolError.self) { try pool.train(rep.id, TrainingRecord(date: Day("2026-11-01")!, topic: "x", hours: 0), context: context) }
        #expect(throws: PoolError.self) { try pool.train(rep.id, TrainingRecord(date: Day("2027-01-01")!, topic: "x", hours: 2), context: context) }
        #expect(throws: PoolError.notFound(id: "R-999")) { try pool.train("R-999", TrainingRecord(date: Day("2026-11-01")!, topic: "x", hours: 2), context: context) }
        #expect(try pool.training(rep.id).isEmpty)
    }

    @Test func eligibilityUsesTheOfficeRules() throws {
        let pool = try store()
        let rep = try pool.add(Fixtures.representative(), context: context)
        #expect(try pool.eligibility(rep.id, on: context.today).map(\.code) == ["training"])
        try pool.setRule(.minimumTrainingHours, "0")
        #expect(try pool.eligibility(rep.id, on: context.today).isEmpty)
        #expect(throws: PoolError.self) { try pool.setRule(.coolingOffDays, "-3") }
    }

    @Test func customCategories() throws {
        let pool = try store()
        try pool.addCategory(Category(key: "mediator", label: "人民调解员", aliases: ["调解员"]))
        #expect(try pool.catalog().key(for: "调解员") == "mediator")
        #expect(throws: PoolError.self) { try pool.addCategory(Category(key: "x", label: "专业人才")) }
    }

    @Test("commits are durable: WAL with synchronous=FULL on the writing connection")
    func durableSettings() throws {
        let db = try PingliDatabase(path: dir.file("durable.sqlite"))
        let (mode, sync, fk) = try db.pool.writeWithoutTransaction { d in
            (try String.fetchOne(d, sql: "PRAGMA journal_mode"), try Int.fetchOne(d, sql: "PRAGMA synchronous"), try Int.fetchOne(d, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal" && sync == 2 && fk == 1, "journal \(mode ?? "?"), synchronous \(sync ?? -1) (2 is FULL)")
    }

    @Test func databaseFileIsPrivate() throws {
        let path = dir.file("sub/dir/private.sqlite")
        _ = try PingliDatabase(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect((try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func newerSchemaIsRefusedAndLeftAlone() throws {
        let path = dir.file("newer.sqlite")
        do {
            let db = try PingliDatabase(path: path)
            try db.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        }
        #expect {
            _ = try PingliDatabase(path: path)
        } throws: { error in
            guard case StoreError.newerSchema(_, let unknown) = error else { return false }
            return unknown == ["v99-from-the-future"] && "\(error)".contains("upgrade pingli")
        }
    }

    @Test func defaultPathFollowsEnvironment() {
        #expect(PingliDatabase.defaultPath(environment: ["PINGLI_DB": "/x/y.sqlite", "HOME": "/h"]) == "/x/y.sqlite")
        #expect(PingliDatabase.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/pingli/pingli.sqlite")
        #expect(PingliDatabase.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/pingli/pingli.sqlite")
    }
}

@Suite("Where the database is")
struct DatabaseLocationTests {
    @Test("a URL given as --db is never taken as a file path: postgresql:// is the county store, another scheme is refused")
    func urlRefused() throws {
        let dir = TempDir("pingli-location")
        // Port 1 on loopback: nothing listens there, so the county store cannot be reached.
        for (url, says) in [("postgresql://pingli@127.0.0.1:1/county", "cannot be reached"), ("postgres://pingli@127.0.0.1:1/y", "cannot be reached"),
                            ("mysql://a/b", "a kind of store Pingli does not know")] {
            let run = try Pingli.run(["pool", "list", "--db", url], currentDirectory: dir.path)
            #expect(run.status != 0 && run.stderr.contains(says), "\(url): \(run.stderr)")
            let env = try Pingli.run(["pool", "list"], environment: ["PINGLI_DB": url], currentDirectory: dir.path)
            #expect(env.status != 0 && env.stderr.contains(says))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing was created")
        #expect(throws: StoreError.self) { try PingliDatabase(path: "postgresql://u@h/db") }
        #expect(try StoreLocation("postgresql://u@h/db") == .postgresql(url: "postgresql://u@h/db"))
        #expect(try StoreLocation("county.sqlite") == .sqlite(path: "county.sqlite"))
        #expect(throws: StoreError.self) { try StoreLocation("sqlite3://x") }
        // A password in the URL never reaches a message.
        #expect(PGConnection.redacted("postgresql://app:s3cret@db.county:5432/pingli") == "postgresql://app@db.county:5432/pingli")
        let secret = try Pingli.run(["pool", "list", "--db", "postgresql://app:s3cret-pw@127.0.0.1:1/pingli"], currentDirectory: dir.path)
        #expect(secret.status != 0 && !secret.stderr.contains("s3cret-pw") && secret.stderr.contains("postgresql://app@127.0.0.1:1/pingli"), "\(secret.stderr)")
    }
}
