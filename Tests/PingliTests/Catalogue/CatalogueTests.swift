import Foundation
import Testing
@testable import PingliKit

/// The message catalogue: every key the code uses is there in both languages, nothing there is
/// unused, and the two languages fill the same placeholders.
@Suite("Message catalogue")
struct CatalogueTests {
    /// Every Swift source of the library and the executable, but the catalogue's own tables.
    static let sources: [String] = {
        let root = Pingli.repositoryRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.contains("Catalogue/Catalogue+") }
        return files.map { try! String(contentsOfFile: root + "/" + $0, encoding: .utf8) }
    }()

    static let prefixes = Set(["hearing", "console", "draw", "case", "pool", "help", "say", "store", "outbox"])

    /// String literals in the code that look like catalogue keys (`"hearing.no-seat"`).
    static let usedKeys: Set<String> = {
        let pattern = try! NSRegularExpression(pattern: #""((?:hearing|console|draw|case|pool|help|say|store|outbox)\.[a-z0-9.-]+)""#)
        var keys = Set<String>()
        for text in sources {
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                keys.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        // Settings keys share a prefix with messages; they are not messages.
        return keys.subtracting([CaseSettings.rulesKey])
    }()

    /// Keys the code builds from a name: a command's summary, a group heading, the agreement's questions.
    static let builtKeys: Set<String> = {
        var keys = Set(ConsoleCommands.all.map { "help.\($0.name)" })
        keys.formUnion(ConsoleCommand.Group.allCases.map { "help.group-\($0.rawValue)" })
        keys.formUnion(["facts", "responsibility", "performance", "place", "deadline"].map { "say.ask-\($0)" })
        keys.formUnion(["id", "name", "gender", "birth-year", "community", "street", "categories", "intake", "phone", "household",
                        "work-unit", "relations", "term", "status", "status-reason", "suspended-until", "home-office"].map { "say.field-\($0)" })
        return keys
    }()

    @Test("every key the code names is in the catalogue")
    func everyKeyIsThere() {
        for key in Self.usedKeys.union(Self.builtKeys) {
            #expect(Catalogue.entries[key] != nil, "\(key) is used but not in the catalogue")
        }
    }

    @Test("nothing in the catalogue is unused, and no key is in two tables")
    func nothingUnused() {
        let used = Self.usedKeys.union(Self.builtKeys)
        for key in Catalogue.entries.keys {
            #expect(used.contains(key), "\(key) is in the catalogue but nothing uses it")
            #expect(Self.prefixes.contains(String(key.prefix { $0 != "." })), "\(key) has no known prefix")
        }
        #expect(Catalogue.tables.map(\.count).reduce(0, +) == Catalogue.entries.count, "a key is defined in two tables")
    }

    @Test("both languages fill the same placeholders; the Chinese is Chinese")
    func placeholders() {
        func placeholders(_ s: String) -> Set<String> {
            let pattern = try! NSRegularExpression(pattern: #"\{\d+\}"#)
            return Set(pattern.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { String(s[Range($0.range, in: s)!]) })
        }
        for (key, entry) in Catalogue.entries {
            #expect(placeholders(entry.zh) == placeholders(entry.en), "\(key): zh \(entry.zh) / en \(entry.en)")
            #expect(!entry.en.isEmpty && !entry.zh.isEmpty, "\(key)")
            #expect(entry.zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }, "\(key): '\(entry.zh)' has no Chinese")
        }
    }

    @Test("a message reads in the language asked for; arguments fill in order; unknown braces stay")
    func rendering() {
        let m = Message("hearing.no-seat-seats", 9, 7)
        #expect(m.text(in: .en) == "no seat 9; seats are 1–7")
        #expect(m.text(in: .zh) == "没有 9 号席位；席位为 1–7")
        #expect(Message.verbatim("原样 {0}").text(in: .en) == "原样 {0}")
        #expect(Catalogue.fill("{1}-{0}-{2}-{x}", ["a", "b"]) == "b-a-{2}-{x}")
        #expect(HearingError.invalid(m) == HearingError.invalid(Message("hearing.no-seat-seats", 9, 7)))
    }

    @Test("--lang, then $PINGLI_LANG, then the locale, else English; a language Pingli does not speak is refused")
    func resolution() throws {
        #expect(try Language.resolve(explicit: "zh", environment: ["PINGLI_LANG": "en"]) == .zh)
        #expect(try Language.resolve(explicit: nil, environment: ["PINGLI_LANG": "en", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(try Language.resolve(explicit: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(try Language.resolve(explicit: nil, environment: ["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(try Language.resolve(explicit: nil, environment: ["LC_MESSAGES": "zh_TW.UTF-8"]) == .zh)
        #expect(try Language.resolve(explicit: nil, environment: ["LANG": "C.UTF-8"]) == .en)
        #expect(try Language.resolve(explicit: nil, environment: ["LANG": "fr_FR.UTF-8"]) == .en)
        #expect(try Language.resolve(explicit: nil, environment: [:]) == .en)
        #expect(try Language.resolve(explicit: "zh-Hans", environment: [:]) == .zh)
        #expect(try Language.resolve(explicit: "中文", environment: [:]) == .zh)
        #expect(throws: LanguageError(value: "fr", source: "--lang")) { try Language.resolve(explicit: "fr", environment: [:]) }
        #expect(throws: LanguageError(value: "klingon", source: "$PINGLI_LANG")) {
            try Language.resolve(explicit: nil, environment: ["PINGLI_LANG": "klingon"])
        }
    }
}
