import GRDB

/// The `setting` table seen from inside one transaction: the only code that reads or writes it.
struct SQLiteSettings: SettingsAccess {
    let db: Database

    init(_ db: Database) { self.db = db }

    func value(_ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }

    func values(prefix: String) throws -> [String: String] {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE substr(key, 1, ?) = ?", arguments: [prefix.unicodeScalars.count, prefix])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"], $0["value"]) })
    }

    func set(_ key: String, _ value: String?) throws {
        if let value {
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
        }
    }
}

/// The office database's settings, each call its own transaction.
extension PingliDatabase: SettingsAccess {
    public func value(_ key: String) throws -> String? { try pool.read { try SQLiteSettings($0).value(key) } }
    public func values(prefix: String) throws -> [String: String] { try pool.read { try SQLiteSettings($0).values(prefix: prefix) } }
    public func set(_ key: String, _ value: String?) throws { try pool.write { try SQLiteSettings($0).set(key, value) } }
}
