import CSQLiteTune
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The office's SQLite database: the pool, draws, hearing logs and the outbox.
///
/// Opened in WAL mode with `synchronous=FULL` (a command reports success only after its
/// transaction is on disk), foreign keys on and a busy timeout, so two `pingli` processes
/// can share it. The file is created with mode 0600: it holds personal data.
public final class PingliDatabase: Sendable {
    /// Where the database lives.
    public let path: String
    /// The connection pool; writes are serialised, reads run beside them.
    public let pool: DatabasePool

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Throws: ``StoreError/newerSchema(path:unknown:)`` when a newer Pingli wrote it, and
    ///   ``StoreError/cannotCreate(path:reason:)`` when the file or its folder cannot be made.
    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let tuned: Void = { _ = pingli_sqlite_disable_memstatus() }()

    public init(path: String, readOnly: Bool = false) throws {
        _ = Self.tuned
        // `postgresql://u@h/db` once became a folder `postgresql:` with a SQLite file in it.
        guard case .sqlite = try StoreLocation(path) else { throw StoreError.unsupportedLocation(path) }
        self.path = path
        if !readOnly { try Self.createPrivately(path) }
        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeout)
        config.foreignKeysEnabled = true
        config.readonly = readOnly
        config.label = "pingli"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB sets synchronous=NORMAL when it turns WAL on, after prepareDatabase ran;
            // the writer (the only connection that commits) must be FULL: a hearing's event is
            // on disk before the command that made it reports success.
            if !readOnly { try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") } }
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
        let migrator = PingliSchema.migrator
        do {
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                let known = Set(migrator.migrations)
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                throw StoreError.newerSchema(path: path, unknown: applied.subtracting(known).sorted())
            }
            if !readOnly { try migrator.migrate(pool) }
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    /// Turns SQLite's busy and corruption errors into messages an office can act on.
    public static func translate(_ error: DatabaseError, path: String) -> Error {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.busy(path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return StoreError.corrupt(path: path, detail: error.message ?? "\(error)")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return StoreError.cannotCreate(path: path, reason: error.message ?? "\(error)")
        default: return error
        }
    }

    /// Creates the folder (0700) and an empty file (0600) before SQLite does, so the
    /// database and its -wal and -shm companions are never readable by other users.
    static func createPrivately(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotCreate(path: path, reason: "cannot create folder \(folder): \(error.localizedDescription)")
            }
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Where the database is when no `--db` is given: `$PINGLI_DB`, else
    /// `$XDG_DATA_HOME/pingli/pingli.sqlite`, else `~/.local/share/pingli/pingli.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["PINGLI_DB"], !p.isEmpty { return p }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/pingli/pingli.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/pingli/pingli.sqlite"
    }
}
