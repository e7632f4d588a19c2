import Foundation
import GRDB
import Testing
@testable import PingliKit

/// The two back ends the store tests run against. PostgreSQL is there when `$PGHOST` names a
/// cluster (`.ci/run` runs the tests inside `pg_virtualenv`, which sets it, and sets
/// `PINGLI_REQUIRE_PG=1` so a missing cluster fails instead of skipping).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql

    static var postgresAvailable: Bool {
        let env = ProcessInfo.processInfo.environment
        return !(env["PGHOST"] ?? "").isEmpty || env["PINGLI_REQUIRE_PG"] == "1"
    }

    /// Both when a cluster is there, else SQLite only.
    static var enabled: [Backend] { postgresAvailable ? allCases : [.sqlite] }

    var testDescription: String { rawValue }

    /// A new, empty store: a file in `dir`, or a new database in the test cluster.
    func makeStore(_ dir: TempDir) throws -> any PingliStore {
        try StoreLocation(location(dir)).open()
    }

    /// Where a new empty store is (the same place each call for one `dir`).
    func location(_ dir: TempDir) throws -> String {
        switch self {
        case .sqlite: return dir.file("office.sqlite")
        case .postgresql: return try CountyCluster.database(for: dir)
        }
    }
}

extension Backend {
    /// Expects the store at `location` itself to refuse `sql`, run around Pingli on a connection
    /// of its own (a SQLite error, or PostgreSQL's).
    func expectRefused(_ sql: String, at location: String, _ comment: Comment? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        switch self {
        case .sqlite:
            let db = try DatabaseQueue(path: location)
            #expect(throws: DatabaseError.self, comment, sourceLocation: sourceLocation) { try db.write { try $0.execute(sql: sql) } }
        case .postgresql:
            let c = try CountyCluster.connect(location)
            #expect(throws: PGError.self, comment, sourceLocation: sourceLocation) { try c.execute(sql) }
        }
    }
}

/// Databases in the test cluster: one per test folder, created on first use.
enum CountyCluster {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [String: String] = [:]

    /// A libpq URL for a fresh database; host, port and user come from `$PGHOST`, `$PGPORT`, `$PGUSER`.
    static func database(for dir: TempDir) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let url = made[dir.path] { return url }
        let name = "pingli_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PGConnection(url: "postgresql:///postgres")
        try admin.execute("CREATE DATABASE \(name)")
        let url = "postgresql:///\(name)"
        made[dir.path] = url
        return url
    }

    /// A connection of its own to the database behind `url` (for SQL a test runs around Pingli).
    static func connect(_ url: String) throws -> PGConnection { try PGConnection(url: url) }
}

/// The sample pool imported, training not required, as both back ends keep it.
enum StoreFixtures {
    static func importSamplePool(_ store: any PingliStore, context: OperationContext) throws {
        var issues: [ImportIssue] = []
        let path = Pingli.repositoryRoot + "/Panels/sample-pool.csv"
        switch store {
        case let county as PGStore: _ = try PGPoolImporter(county, context: context).run(path: path) { issues.append($0) }
        case let file as PingliDatabase: _ = try PoolImporter(file, context: context).run(path: path) { issues.append($0) }
        default: Issue.record("unknown store")
        }
        #expect(issues.isEmpty, "\(issues)")
        try store.representatives.setRule(.minimumTrainingHours, "0")
    }

    static func spec(_ name: String, in folder: String = Pingli.repositoryRoot + "/Panels") throws -> PanelSpec {
        try PanelSpecLoader.load(named: name, in: folder)
    }
}
