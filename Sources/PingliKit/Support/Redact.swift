/// Masks personal data for messages that may be seen outside the office.
public enum Redact {
    /// `138****5678`: enough to recognise, not enough to call.
    public static func phone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count >= 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }
}
