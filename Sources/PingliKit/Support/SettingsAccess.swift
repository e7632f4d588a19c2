/// The office's key–value settings (eligibility rules, delivery configuration): the one
/// accessor every concept reads and writes them through, whichever store holds them.
public protocol SettingsAccess {
    /// The value of `key`, or nil when it is not set.
    func value(_ key: String) throws -> String?
    /// Every setting whose key starts with `prefix`.
    func values(prefix: String) throws -> [String: String]
    /// The settings named `keys` and every one whose key starts with `prefix`, in one read
    /// (a store across a network answers it in one round trip).
    func values(keys: [String], prefix: String) throws -> [String: String]
    /// Sets `key` to `value`; nil removes it.
    func set(_ key: String, _ value: String?) throws
}

extension SettingsAccess {
    public func values(keys: [String], prefix: String) throws -> [String: String] {
        var found = try values(prefix: prefix)
        for key in keys { found[key] = try value(key) }
        return found
    }
}
