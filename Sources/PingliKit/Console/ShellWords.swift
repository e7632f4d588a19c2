/// A console line split like a shell: words separated by blanks, `'single'` and
/// `"double"` quotes group (with `\"` and `\\` inside double quotes), `\` escapes outside
/// quotes. Chinese text with spaces works in quotes.
public struct ShellWords: Equatable, Sendable {
    public var words: [String]

    public enum SplitError: Error, Equatable, CustomStringConvertible, Sendable {
        case unclosedQuote(Character)
        public var description: String {
            switch self { case let .unclosedQuote(q): return Message("console.unclosed-quote", q).description }
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
