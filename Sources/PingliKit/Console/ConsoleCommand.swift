/// One console command as data: its names, usage, help, options, what TAB offers for each
/// argument, the kind of hearing command it is (for the stage check), and how its words
/// become a ``ConsoleAction``. Parsing, completion, "did you mean" and `help` all read
/// ``ConsoleCommands/all``; nothing else spells a command's name.
public struct ConsoleCommand: Sendable {
    /// The stage groups `help` lists commands under.
    public enum Group: String, Sendable, CaseIterable {
        case anyTime = "any-time", setup, panel, session, voting, outcome
    }

    /// What TAB offers in one place of a command line.
    public enum Completion: Sendable, Equatable {
        /// Party labels and `moderator`.
        case partyLabel
        case seat
        case ballotOption
        case evidence
        case hearing
        case spec
        case words([String])
        case nothing
    }

    /// The names it answers to; the first is the one shown.
    public var names: [String]
    public var usage: String
    public var example: String
    public var group: Group
    /// The hearing command kind it issues, if any (its stage rules then apply).
    public var kind: HearingCommand.Kind?
    /// Options that take a value, and options that are flags.
    public var options: [String] = []
    public var flags: [String] = []
    /// What TAB offers for the first, second, … positional word (the last one repeats).
    public var arguments: [Completion] = [.partyLabel]
    /// What TAB offers after an option that takes a value.
    public var optionValues: [String: Completion] = [:]
    /// Turns the words after the name into an action.
    public var parse: @Sendable (ConsoleInput) throws(ConsoleError) -> ConsoleAction

    public var name: String { names[0] }

    /// What it does, in the current language (`help.NAME` in the ``Catalogue``).
    public var summary: String { Message("help.\(name)").description }

    /// The command's Chinese name, if it has one.
    public var chineseName: String? { names.first { !$0.unicodeScalars.allSatisfy(\.isASCII) } }

    /// The other names of this command's options (`角色` for `role`), from ``ConsoleWords/options``.
    public var optionAliases: [String: String] {
        let mine = Set(options + flags)
        return ConsoleWords.options.filter { mine.contains($0.value) }
    }

    /// The example as the moderator would type it in Chinese (command, options and values).
    public var chineseExample: String { ConsoleWords.chinese(example) }
}

/// A command's words after its name, with the helpers parsers share.
public struct ConsoleInput: Sendable {
    public let command: ConsoleCommand
    /// The name the command was typed as (`vote` or `投票`).
    public let typed: String
    public let words: [String]

    /// A usage error for this command.
    public func usage(_ problem: Message) -> ConsoleError { .usage(command: command.name, usage: command.usage, problem: problem) }

    /// The words split into positional ones and this command's options.
    public func arguments() throws(ConsoleError) -> ParsedArguments {
        try ParsedArguments(words, valued: Set(command.options), flags: Set(command.flags), aliases: command.optionAliases)
    }

    /// The positional words, refusing any option.
    public var positional: [String] { get throws(ConsoleError) { try arguments().positional } }

    /// Refuses any argument.
    public func none() throws(ConsoleError) {
        if !(try arguments()).positional.isEmpty { throw usage(Message("console.takes-no-arguments")) }
    }

    public func int(_ s: String, _ what: String) throws(ConsoleError) -> Int {
        guard let n = Int(s) else { throw usage(Message("console.not-number", what, s)) }
        return n
    }

    /// Positional words from `index` on, joined: free text may be the rest of the line.
    public func text(_ p: [String], from index: Int, _ what: Message) throws(ConsoleError) -> String {
        guard p.count > index else { throw usage(Message("console.missing", what)) }
        return p[index...].joined(separator: " ")
    }
}
