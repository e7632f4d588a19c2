/// Every message Pingli shows people, in 简体中文 and English side by side, by key. The tables
/// are split by concept (`Catalogue+Hearing.swift`, …); a test checks every key the code uses
/// is here, that nothing here is unused, and that both languages fill the same placeholders.
public enum Catalogue {
    /// One message in both languages; `{0}`, `{1}`, … stand for the message's arguments.
    public struct Entry: Sendable {
        public let zh: String
        public let en: String
        public init(_ zh: String, _ en: String) {
            self.zh = zh
            self.en = en
        }
    }

    /// All entries by key.
    public static let entries: [String: Entry] = {
        var all: [String: Entry] = [:]
        for table in tables {
            all.merge(table) { first, _ in first }
        }
        return all
    }()

    /// Every table, for the test that keys are not defined twice.
    public static let tables: [[String: Entry]] = [console, hearing, draw, cases, pool, help, say, store, delivery]

    /// `template` with `{n}` replaced by `arguments[n]`.
    static func fill(_ template: String, _ arguments: [String]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = Int(after[..<close]), n >= 0, n < arguments.count {
                out += arguments[n]
                rest = after[after.index(after: close)...]
            } else {
                out.append("{")
                rest = after
            }
        }
        return out + rest
    }

    /// A list as the language writes one (`A、B` or `A, B`).
    public static func list(_ items: [String], _ language: Language = .current) -> String {
        items.joined(separator: language == .zh ? "、" : ", ")
    }
}
