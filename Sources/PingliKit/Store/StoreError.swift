/// Errors opening or using the Pingli database.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotCreate(path: String, reason: String)
    case newerSchema(path: String, unknown: [String])
    case busy(path: String)
    case corrupt(path: String, detail: String)
    /// `--db` names a URL (`postgresql://…`) rather than a file: refused, never taken as a path.
    case unsupportedLocation(String)

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
            return "--db \(scheme)://… is not a file, and this build of Pingli stores only in SQLite files (a county's shared PostgreSQL store is not built yet); give a file path with --db PATH or $PINGLI_DB"
        }
    }
}
