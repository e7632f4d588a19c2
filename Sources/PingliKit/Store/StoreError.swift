/// Errors opening or using the Pingli database.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotCreate(path: String, reason: String)
    case newerSchema(path: String, unknown: [String])
    case busy(path: String)
    case corrupt(path: String, detail: String)
    /// `--db` names a URL (`postgresql://…`) rather than a file: refused, never taken as a path.
    case unsupportedLocation(String)
    /// The county store cannot be reached (server down, wrong address, connection lost).
    case unavailable(location: String, detail: String)
    /// The server is there but holds no database of that name.
    case noSuchDatabase(location: String, name: String)
    /// The server refused the login (user or password).
    case loginRefused(location: String, detail: String)
    /// The URL itself cannot be used (an unknown option, a bad value).
    case badLocation(location: String, detail: String)
    /// `--office` names no registered office (or is not a usable code).
    case badOffice(code: String, known: [String])
    /// The office is needed here (a county store holds many).
    case officeNeeded(location: String)
    /// The command works on SQLite files only.
    case sqliteOnly(command: String, hint: Message)
    /// The command works on a county store only.
    case postgresOnly(command: String)
    /// `office grant-role` names a role the server does not have.
    case noSuchRole(String)
    /// `pingli migrate` found something that cannot be moved as it is.
    case migrationConflict(Message)

    public var description: String { message.description }

    /// The words for people, in the language asked for (see ``Catalogue``).
    public var message: Message {
        switch self {
        case let .cannotCreate(path, reason): return Message("store.cannot-create", path, reason)
        case let .newerSchema(path, unknown): return Message("store.newer-schema", path, unknown.joined(separator: ", "))
        case let .busy(path): return Message("store.busy", path)
        case let .corrupt(path, detail): return Message("store.corrupt", path, detail)
        case let .unsupportedLocation(location):
            return Message("store.unknown-scheme", location.components(separatedBy: "://").first ?? location)
        case let .unavailable(location, detail): return Message("store.unavailable", location, detail)
        case let .noSuchDatabase(location, name): return Message("store.no-database", location, name)
        case let .loginRefused(location, detail): return Message("store.login-refused", location, detail)
        case let .badLocation(location, detail): return Message("store.bad-url", location, detail)
        case let .badOffice(code, known):
            if known.isEmpty && !code.isEmpty && code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) && code.count <= 32 {
                return Message("store.office-not-registered", code)
            }
            if known.isEmpty { return Message("store.not-office-code", code) }
            return Message("store.office-not-here", code, known.joined(separator: ", "))
        case let .officeNeeded(location): return Message("store.office-needed", location)
        case let .migrationConflict(detail): return Message("store.cannot-migrate", detail)
        case let .postgresOnly(command): return Message("store.postgres-only", command)
        case let .noSuchRole(role): return Message("store.no-role", role)
        case let .sqliteOnly(command, hint): return Message("store.sqlite-only", command, hint)
        }
    }
}
