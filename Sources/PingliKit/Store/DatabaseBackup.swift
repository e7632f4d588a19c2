import Foundation
import GRDB

/// Copies of the office's database that can be trusted: made with SQLite's online backup API
/// (consoles, drain workers and `pingli serve` keep running; the copy is one consistent
/// moment), checked before they are called good, and restored only after the same check.
public enum DatabaseBackup {
    /// What a check of a database file found.
    public struct Check: Sendable {
        public var path: String
        public var representatives = 0
        public var hearings = 0
        public var cases = 0
        public var events = 0
        /// Every problem found (an empty list: the copy is good).
        public var problems: [String] = []
        public var isGood: Bool { problems.isEmpty }
    }

    /// Copies `database` to a new file at `path` (mode 0600), then checks the copy. The copy is
    /// written beside `path` and renamed into place only when it checks good; an existing
    /// `path` is refused.
    public static func backup(_ database: PingliDatabase, to path: String) throws -> Check {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError.exists(path) }
        let partial = path + ".partial"
        let leftovers = [partial, partial + "-wal", partial + "-shm"]
        for f in leftovers { try? FileManager.default.removeItem(atPath: f) }
        defer { for f in leftovers { try? FileManager.default.removeItem(atPath: f) } }
        do {
            let copy = try PingliDatabase(path: partial)
            try database.pool.backup(to: copy.pool)
            // Fold the write-ahead log in: the copy is one file (its -wal is removed below).
            try copy.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try copy.pool.close()
        } catch let error as DatabaseError {
            throw PingliDatabase.translate(error, path: partial)
        }
        var check = try Self.check(partial)
        check.path = path
        guard check.isGood else { throw BackupError.bad(check) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return check
    }

    /// Checks the database file at `path` without changing it: SQLite's integrity check, a
    /// schema this Pingli knows, and every hearing's and case's hash chain (and sealed head).
    public static func check(_ path: String) throws -> Check {
        try readOnly(path) { try check($0) }
    }

    /// Replaces the database at `target` with the copy at `source`, checked first. With `keep`
    /// the database as it was is backed up beside it (`TARGET.before-restore-STAMP`); the restore
    /// goes through SQLite's backup API into the open database, so no process is left holding a
    /// deleted file.
    public static func restore(from source: String, to target: PingliDatabase, stamp: String, keep: Bool) throws -> (Check, kept: String?) {
        try readOnly(source) { from in
            let check = try check(from)
            guard check.isGood else { throw BackupError.bad(check) }
            let kept = keep ? target.path + ".before-restore-" + stamp : nil
            if let kept { _ = try backup(target, to: kept) }
            do {
                try from.pool.backup(to: target.pool)
            } catch let error as DatabaseError {
                throw PingliDatabase.translate(error, path: target.path)
            }
            return (check, kept)
        }
    }

    /// Opens `path` read-only for `body`. Reading a WAL database makes its side files; none is
    /// left behind that was not there before.
    private static func readOnly<T>(_ path: String, _ body: (PingliDatabase) throws -> T) throws -> T {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.missing(path) }
        let sidecars = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        defer { for f in sidecars { try? FileManager.default.removeItem(atPath: f) } }
        let database = try PingliDatabase(path: path, readOnly: true)
        defer { try? database.pool.close() }
        return try body(database)
    }

    private static func check(_ database: PingliDatabase) throws -> Check {
        var check = Check(path: database.path)
        let integrity = try database.pool.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        if integrity != ["ok"] { check.problems += integrity.prefix(10).map { "SQLite integrity check: \($0)" } }
        check.representatives = try PoolStore(database).list().count
        let hearings = HearingService(database)
        for h in try hearings.list() {
            let stored = try hearings.rows(h.id)
            check.hearings += 1
            check.events += stored.rows.count
            for p in HashChain.verify(hearingID: h.id, rows: stored.rows, sealedHash: stored.sealedHash) { check.problems.append("\(h.id): \(p)") }
        }
        let cases = database.cases
        for c in try cases.list() {
            let (stored, problems) = try cases.verifyChain(c.ref)
            check.cases += 1
            check.events += stored.rows.count
            check.problems += problems.map { "\(c.ref): \($0)" }
        }
        return check
    }
}

/// Why a backup or restore did not happen.
public enum BackupError: Error, CustomStringConvertible {
    case exists(String)
    case missing(String)
    /// A restore would replace a database that holds data, and --replace was not given.
    case holdsData(String)
    case bad(DatabaseBackup.Check)

    public var description: String {
        switch self {
        case let .exists(p): return Message("say.backup-exists", p).description
        case let .missing(p): return Message("say.backup-missing", p).description
        case let .holdsData(p): return Message("say.restore-needs-replace", p).description
        case let .bad(c): return Message("say.backup-bad", c.path, c.problems.prefix(5).joined(separator: "\n  ")).description
        }
    }

    /// The exit status the commands give: 2 for a copy that does not check good, else 1.
    public var exitStatus: Int32 {
        if case .bad = self { return 2 }
        return 1
    }
}
