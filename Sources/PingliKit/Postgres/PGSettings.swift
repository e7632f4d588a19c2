/// The county store's `setting` table: the only code that reads or writes it on PostgreSQL.
/// Inside a transaction the calls join it; outside, each is its own.
public struct PGSettings: SettingsAccess, Sendable {
    let connection: PGConnection

    public func value(_ key: String) throws -> String? {
        try connection.transaction(readOnly: true) { try connection.query("SELECT value FROM setting WHERE key = $1", [key]).first?["value"] }
    }

    public func values(prefix: String) throws -> [String: String] { try values(keys: [], prefix: prefix) }

    public func values(keys: [String], prefix: String) throws -> [String: String] {
        try connection.transaction(readOnly: true) {
            let rows = try connection.query("SELECT key, value FROM setting WHERE key = ANY($1::text[]) OR left(key, $2) = $3",
                                            [PGArray(keys), prefix.count, prefix])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.string("key"), $0.string("value")) })
        }
    }

    public func set(_ key: String, _ value: String?) throws {
        try connection.transaction {
            if let value {
                try connection.execute("INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
            } else {
                try connection.execute("DELETE FROM setting WHERE key = $1", [key])
            }
        }
    }
}
