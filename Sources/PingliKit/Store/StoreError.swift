/// Errors opening or using the Pingli database.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotCreate(path: String, reason: String)
    case newerSchema(path: String, unknown: [String])
    case busy(path: String)
    case corrupt(path: String, detail: String)
    /// `--db` names a URL (`postgresql://…`) rather than a file: refused, never taken as a path.
    case unsupportedLocation(String)
    /// The county store cannot be reached (server down, wrong address, refused login).
    case unavailable(location: String, detail: String)
    /// `--office` names no registered office (or is not a usable code).
    case badOffice(code: String, known: [String])
    /// The office is needed here (a county store holds many).
    case officeNeeded(location: String)
    /// The command works on SQLite files only.
    case sqliteOnly(command: String, hint: String)
    /// The command works on a county store only.
    case postgresOnly(command: String)
    /// `office grant-role` names a role the server does not have.
    case noSuchRole(String)
    /// `pingli migrate` found something that cannot be moved as it is.
    case migrationConflict(String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason):
            return "\(path): cannot create the database: \(reason) (choose another place with --db PATH or $PINGLI_DB)"
        case let .newerSchema(path, unknown):
            return "\(path) was written by a newer Pingli (schema steps unknown here: \(unknown.joined(separator: ", "))); upgrade pingli before using this database, it was not changed"
        case let .busy(path):
            return "\(path) is busy: another pingli is writing to it; nothing was changed, try again in a moment"
        case let .corrupt(path, detail):
            return "\(path) is damaged: \(detail); restore it from a backup"
        case let .unsupportedLocation(location):
            let scheme = location.components(separatedBy: "://").first ?? location
            return "--db \(scheme)://… is a kind of store Pingli does not know; give a file path (SQLite) or postgresql://user@host:port/dbname (a county's shared store) with --db or $PINGLI_DB"
        case let .unavailable(location, detail):
            return "\(location): the county store cannot be reached: \(detail); nothing was changed, try again when the PostgreSQL server is back"
        case let .badOffice(code, known):
            if known.isEmpty && !code.isEmpty && code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) && code.count <= 32 {
                return "office '\(code)' is not registered: register it with `pingli office register \(code) --name NAME`"
            }
            if known.isEmpty { return "'\(code)' is not an office code: use letters, digits, - and _ (at most 32), e.g. JD01" }
            return "office '\(code)' is not registered here (registered: \(known.joined(separator: ", "))); use one of them, or register it with `pingli office register \(code) --name NAME`"
        case let .officeNeeded(location):
            return "\(location) is a county store with several offices: say which office you work for with --office CODE or $PINGLI_OFFICE"
        case let .migrationConflict(detail):
            return "cannot migrate: \(detail)"
        case let .postgresOnly(command):
            return "`pingli \(command)` is for a county store on PostgreSQL (--db postgresql://…); an office's file is protected by its file mode (0600)"
        case let .noSuchRole(role):
            return "there is no PostgreSQL role \(role): create it first (CREATE ROLE \(role) LOGIN PASSWORD '…'), then grant again"
        case let .sqliteOnly(command, hint):
            return "`pingli \(command)` works on an office's SQLite file only; \(hint)"
        }
    }
}
