/// The console's vocabulary: the table of commands and what reads it (lookup, parsing,
/// "did you mean", the words for a stage's allowed commands).
public enum ConsoleCommands {
    /// Every command, in the order `help` lists them.
    public static let all: [ConsoleCommand] = anyTime + setup + panel + session + voting + outcome

    private static let byName: [String: ConsoleCommand] = {
        var index: [String: ConsoleCommand] = [:]
        for c in all { for n in c.names { index[n] = c } }
        return index
    }()

    private static let byKind: [HearingCommand.Kind: ConsoleCommand] = {
        var index: [HearingCommand.Kind: ConsoleCommand] = [:]
        for c in all { if let k = c.kind, index[k] == nil { index[k] = c } }
        return index
    }()

    /// Every name a command answers to.
    public static var names: [String] { all.flatMap(\.names) }

    /// The command `name` names.
    public static func command(_ name: String) -> ConsoleCommand? { byName[name] }

    /// How the console writes a kind of hearing command (`party add` for ``HearingCommand/Kind/addParty``);
    /// in Chinese with `chinese`.
    public static func word(for kind: HearingCommand.Kind, chinese: Bool = false) -> String {
        guard let c = byKind[kind] else { return kind.rawValue }
        if chinese, let zh = c.chineseName { return zh }
        return kind == .addParty ? c.name + " add" : c.name
    }

    /// The closest command name to `word`, if close enough to be a typo.
    public static func suggestion(for word: String) -> String? {
        let best = names.min { editDistance($0, word) < editDistance($1, word) }
        return best.flatMap { editDistance($0, word) <= max(2, word.count / 3) ? $0 : nil }
    }

    /// Parses one command's words; nil for an empty line.
    public static func parse(_ words: [String]) throws(ConsoleError) -> ConsoleAction? {
        guard let head = words.first else { return nil }
        guard let command = command(head) else { throw .unknownCommand(head, suggestion: suggestion(for: head)) }
        return try command.parse(ConsoleInput(command: command, typed: head, words: Array(words.dropFirst())))
    }

    /// A hearing error in the console's words (a refused command names the commands allowed).
    public static func message(for error: HearingError) -> String {
        guard case let .outOfOrder(command, stage, allowed) = error else { return error.description }
        let zh = Language.current == .zh
        return Message("hearing.not-allowed-now", word(for: command, chinese: zh), stage.rawValue, stage.label,
                       Catalogue.list(allowed.map { word(for: $0, chinese: zh) })).description
    }
}
