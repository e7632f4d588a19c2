/// A message for people, by its key in the ``Catalogue`` and the values it names. The words
/// are looked up when it is shown, in ``Language/current`` (or the language asked for), so
/// the code that refuses a command says *what* is wrong and the catalogue says it in zh or en.
public struct Message: Sendable, Equatable, CustomStringConvertible {
    /// The catalogue key (`hearing.no-seat`), or empty for text passed through as it is.
    public let key: String
    /// The values for `{0}`, `{1}`, … in the catalogue's text.
    public let arguments: [String]

    /// The message `key` with `arguments` for its placeholders.
    public init(_ key: String, _ arguments: any CustomStringConvertible...) {
        self.key = key
        self.arguments = arguments.map(\.description)
    }

    /// Text that is already in the reader's language (another error's description, a name).
    public static func verbatim(_ text: String) -> Message { Message(key: "", arguments: [text]) }

    private init(key: String, arguments: [String]) {
        self.key = key
        self.arguments = arguments
    }

    /// The message in `language`.
    public func text(in language: Language) -> String {
        guard !key.isEmpty else { return arguments.first ?? "" }
        guard let entry = Catalogue.entries[key] else {
            // Only a catalogue test failure can get here; say what is known rather than nothing.
            return ([key] + arguments).joined(separator: " ")
        }
        return Catalogue.fill(language == .zh ? entry.zh : entry.en, arguments)
    }

    /// A table's column headings, kept in the catalogue as one entry separated by `|`.
    public static func columns(_ key: String) -> [String] { Message(key).description.components(separatedBy: "|") }

    /// The message in the current language.
    public var description: String { text(in: .current) }
}
