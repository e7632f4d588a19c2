/// Errors in a console line, before anything runs.
public enum ConsoleError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownCommand(String, suggestion: String?)
    case unknownOption(option: String, suggestion: String?, known: [String])
    case missingValue(option: String)
    case usage(command: String, usage: String, problem: Message)
    case noHearing
    case split(String)

    public var description: String {
        switch self {
        case let .unknownCommand(c, s):
            return s.map { Message("console.unknown-command-suggest", c, $0) }.map(\.description) ?? Message("console.unknown-command", c).description
        case let .unknownOption(o, s, known):
            let options = known.isEmpty ? Message("console.no-options") : Message("console.options", known.map { "--\($0)" }.joined(separator: ", "))
            return (s.map { Message("console.unknown-option-suggest", o, $0, options) } ?? Message("console.unknown-option", o, options)).description
        case let .missingValue(o): return Message("console.option-needs-value", o).description
        case let .usage(_, usage, problem): return Message("console.usage", problem, usage).description
        case .noHearing: return Message("console.no-hearing").description
        case let .split(m): return m
        }
    }
}
