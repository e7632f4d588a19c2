import Foundation

/// The language Pingli speaks to people in: its messages, the console's replies and help.
/// The record itself (transcripts, printed documents, event lines) stays Chinese whatever is
/// chosen: it is the office's official document.
public enum Language: String, Sendable, CaseIterable {
    /// 简体中文 (zh-Hans).
    case zh
    case en

    /// Reads a language code as `--lang`, `$PINGLI_LANG` and the locale variables write it:
    /// `zh`, `zh-Hans`, `zh_CN.UTF-8`, `en`, `en_US.UTF-8`, `中文`. Nil when it names neither.
    public init?(code: String) {
        let c = code.trimmingCharacters(in: .whitespaces).lowercased()
        if c == "中文" || c == "zh" || c.hasPrefix("zh-") || c.hasPrefix("zh_") || c.hasPrefix("zh.") {
            self = .zh
        } else if c == "english" || c == "en" || c.hasPrefix("en-") || c.hasPrefix("en_") || c.hasPrefix("en.") {
            self = .en
        } else {
            return nil
        }
    }

    /// The language to use: `explicit` (`--lang`), else `$PINGLI_LANG`, else the locale
    /// (`$LC_ALL`, `$LC_MESSAGES`, `$LANG`, the first one set), else English.
    /// A `--lang` or `$PINGLI_LANG` naming neither language is an error; a locale that is
    /// neither (`C`, `fr_FR.UTF-8`) means English.
    public static func resolve(explicit: String?, environment: [String: String]) throws(LanguageError) -> Language {
        if let explicit {
            guard let l = Language(code: explicit) else { throw LanguageError(value: explicit, source: "--lang") }
            return l
        }
        if let env = environment["PINGLI_LANG"], !env.isEmpty {
            guard let l = Language(code: env) else { throw LanguageError(value: env, source: "$PINGLI_LANG") }
            return l
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[name], !v.isEmpty { return Language(code: v) ?? .en }
        }
        return .en
    }

    /// The language of this process; set once at start-up (`pingli --lang`), read by every
    /// message's `description`.
    public static var current: Language {
        get { setting.value }
        set { setting.value = newValue }
    }

    private static let setting = LanguageSetting()
}

/// A `--lang` or `$PINGLI_LANG` that names no language Pingli speaks.
public struct LanguageError: Error, CustomStringConvertible, Sendable, Equatable {
    public let value: String
    public let source: String
    public var description: String {
        "\(source) '\(value)' is not a language Pingli speaks: use zh (简体中文) or en (English) / 请用 zh 或 en"
    }
}

/// The process-wide language behind a lock: set at start-up, read from any thread.
private final class LanguageSetting: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Language.en
    var value: Language {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
