/// A command's words sorted into positional arguments and `--options`.
public struct ParsedArguments: Sendable, Equatable {
    public var positional: [String]
    public var options: [String: String]
    public var flags: Set<String>

    /// Splits `words`; `valued` lists options that take a value, `flags` those that do not;
    /// `aliases` maps other names of an option (`角色`) to the name it is stored under (`role`).
    public init(_ words: [String], valued: Set<String>, flags allowedFlags: Set<String> = [],
                aliases: [String: String] = [:]) throws(ConsoleError) {
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
                name = aliases[name] ?? name
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
                    let all = valued.union(allowedFlags).union(aliases.keys)
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
