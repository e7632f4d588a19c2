/// TAB completion from the command table: what fits the place the cursor is in, given what
/// the console knows of the current hearing (``Context``). Pure: the console supplies the context.
public enum ConsoleCompletion {
    /// What completion can offer from the current hearing and the office.
    public struct Context: Sendable {
        public var partyLabels: [String] = []
        public var seats: [String] = []
        public var ballotOptions: [String] = []
        public var evidence: [String] = []
        public var hearings: [String] = []
        public var specs: [String] = []

        public init(partyLabels: [String] = [], seats: [String] = [], ballotOptions: [String] = [], evidence: [String] = [],
                    hearings: [String] = [], specs: [String] = []) {
            self.partyLabels = partyLabels; self.seats = seats; self.ballotOptions = ballotOptions
            self.evidence = evidence; self.hearings = hearings; self.specs = specs
        }
    }

    /// Candidates for the word being typed at the end of `line` (not yet filtered by prefix).
    public static func candidates(line: String, context: @autoclosure () -> Context) -> [String] {
        let words = (try? ShellWords(line).words) ?? []
        let typing = !words.isEmpty && !line.hasSuffix(" ") && !line.hasSuffix("\t")
        let before = typing ? Array(words.dropLast()) : words
        let word = typing ? words.last! : ""
        guard let head = before.first else { return ConsoleCommands.names }
        guard let command = ConsoleCommands.command(head) else { return [] }
        let aliases = command.optionAliases
        let optionWords = (command.options + command.flags + aliases.keys.sorted()).map { "--" + $0 }
        func option(_ w: String) -> String? {
            guard w.hasPrefix("--") else { return nil }
            let name = String(w.dropFirst(2))
            return aliases[name] ?? name
        }
        if word.hasPrefix("--") { return optionWords }
        if let last = before.last.flatMap(option), command.options.contains(last) {
            return values(command.optionValues[last] ?? .nothing, context())
        }
        // Count the positional words already typed (an option's value is not one).
        var index = 0
        var i = 1
        while i < before.count {
            if let o = option(before[i]) {
                if command.options.contains(o) { i += 1 }
            } else {
                index += 1
            }
            i += 1
        }
        let place = command.arguments.isEmpty ? .nothing : command.arguments[min(index, command.arguments.count - 1)]
        let found = values(place, context())
        return found.isEmpty ? optionWords : found
    }

    static func values(_ completion: ConsoleCommand.Completion, _ c: Context) -> [String] {
        switch completion {
        case .partyLabel: return c.partyLabels + ["moderator", ConsoleWords.moderator]
        case .seat: return c.seats
        case .ballotOption: return c.ballotOptions
        case .evidence: return c.evidence
        case .hearing: return c.hearings
        case .spec: return c.specs
        case let .words(w): return w
        case .nothing: return []
        }
    }
}
