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
