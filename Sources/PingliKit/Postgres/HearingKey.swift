/// How the county store keys a hearing. Each office numbers its own hearings (`H-2026-0007`),
/// as an office's file does, so two offices' numbers meet in the county store: the row's key
/// is the number qualified by its office (`JD01/H-2026-0007`; a hearing of no office keeps its
/// number). The number alone stays the hearing's id in its chain, on paper and in every event —
/// each event's hash covers it, so moving an office's file into the county changes no hash.
///
/// Outside the adapter a hearing of the office at work is named by its number and another
/// office's by its key, so a 司法局 user working for no office sees every key in full.
enum HearingKey {
    static let separator: Character = "/"
    /// The separator as a byte: keys are split on their UTF-8 (a character-wise search was a
    /// measurable part of every append).
    private static let slash = UInt8(ascii: "/")

    /// The key of hearing `number` of `office`.
    static func make(office: String?, number: String) -> String {
        office.map { $0 + String(separator) + number } ?? number
    }

    /// The number (the chain's id) within `key`, or an id as typed.
    static func number(_ key: String) -> String {
        key.utf8.lastIndex(of: slash).map { String(key[key.utf8.index(after: $0)...]) } ?? key
    }

    /// The office within `key`, if it names one.
    static func office(_ key: String) -> String? {
        key.utf8.firstIndex(of: slash).map { String(key[..<$0]) }
    }

    /// Whether `id` names its office (`JD01/H-2026-0007`) rather than a number.
    static func isQualified(_ id: String) -> Bool { id.utf8.contains(slash) }

    /// How `key` is shown to someone working for `office`: the number for that office's own
    /// hearings (and for hearings of no office), the key for any other's.
    static func display(_ key: String, office: String?) -> String {
        guard let office, key.hasPrefix(office + String(separator)) else { return key }
        return number(key)
    }
}
