/// A console line split like a shell: words separated by blanks, `'single'` and
/// `"double"` quotes group (with `\"` and `\\` inside double quotes), `\` escapes outside
/// quotes. Chinese text with spaces works in quotes.
public struct ShellWords: Equatable, Sendable {
    public var words: [String]

    public enum SplitError: Error, Equatable, CustomStringConvertible, Sendable {
        case unclosedQuote(Character)
        public var description: String {
            switch self { case let .unclosedQuote(q): return "a \(q) quote is never closed" }
        }
    }

    public init(_ line: String) throws(SplitError) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for ch in line {
            if escaped {
                current.append(ch); escaped = false; inWord = true; continue
            }
            if let q = quote {
                if ch == q { quote = nil }
                else if ch == "\\" && q == "\"" { escaped = true }
                else { current.append(ch) }
                continue
            }
            switch ch {
            case "\\": escaped = true; inWord = true
            case "'", "\"": quote = ch; inWord = true
            case " ", "\t", "\u{3000}":
                if inWord { words.append(current); current = ""; inWord = false }
            default:
                current.append(ch); inWord = true
            }
        }
        if let q = quote { throw .unclosedQuote(q) }
        if escaped { current.append("\\") }
        if inWord { words.append(current) }
        self.words = words
    }
}

/// A command's words sorted into positional arguments and `--options`.
public struct ParsedArguments: Sendable, Equatable {
    public var positional: [String]
    public var options: [String: String]
    public var flags: Set<String>

    /// Splits `words`; `valued` lists options that take a value, `flags` those that do not.
    public init(_ words: [String], valued: Set<String>, flags allowedFlags: Set<String> = []) throws(ConsoleError) {
        positional = []
        options = [:]
        flags = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.hasPrefix("--") && w.count > 2 {
                var name = String(w.dropFirst(2))
                var value: String?
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if allowedFlags.contains(name) {
                    flags.insert(name)
                } else if valued.contains(name) {
                    if value == nil {
                        guard i + 1 < words.count else { throw .missingValue(option: name) }
                        i += 1
                        value = words[i]
                    }
                    options[name] = value
                } else {
                    let all = valued.union(allowedFlags)
                    throw .unknownOption(option: name, suggestion: all.min { editDistance($0, name) < editDistance($1, name) }
                        .flatMap { editDistance($0, name) <= 3 ? $0 : nil }, known: all.sorted())
                }
            } else {
                positional.append(w)
            }
            i += 1
        }
    }
}

/// Errors in a console line, before anything runs.
public enum ConsoleError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownCommand(String, suggestion: String?)
    case unknownOption(option: String, suggestion: String?, known: [String])
    case missingValue(option: String)
    case usage(command: String, usage: String, problem: String)
    case noHearing
    case split(String)

    public var description: String {
        switch self {
        case let .unknownCommand(c, s):
            return "unknown command '\(c)'" + (s.map { " — did you mean '\($0)'?" } ?? " — type `help` for the commands")
        case let .unknownOption(o, s, known):
            return "unknown option --\(o)" + (s.map { " — did you mean --\($0)?" } ?? "") + (known.isEmpty ? " (this command takes no options)" : " (options: \(known.map { "--\($0)" }.joined(separator: ", ")))")
        case let .missingValue(o): return "--\(o) needs a value"
        case let .usage(_, usage, problem): return "\(problem); usage: \(usage)"
        case .noHearing: return "no hearing is open: `open CASE-REF --kind hearing` or `resume H-ID` (see `hearings`)"
        case let .split(m): return m
        }
    }
}
