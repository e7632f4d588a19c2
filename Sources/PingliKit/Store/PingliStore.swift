import Foundation

/// What every command works on, whichever back end holds it: an office's SQLite file (the
/// embedded default) or a county's PostgreSQL store. The domain sees only these seams; no
/// SQL dialect leaks past them.
public protocol PingliStore: AnyObject, Sendable, SettingsAccess {
    /// Where the store is, for messages (a path, or a URL without its password).
    var location: String { get }
    /// The kind of store, for the commands that only one kind can run (file backups).
    var kind: StoreKind { get }
    var hearings: HearingService { get }
    var cases: CaseService { get }
    var outbox: any OutboxStore { get }
    /// The pool of representatives.
    var representatives: any PoolKeeping { get }
    /// The offices registered in this store, by code.
    func offices() throws -> [Office]
    /// Registers an office (or renames one already registered).
    func register(_ office: Office, context: OperationContext) throws
    /// Works for `office` from now on: in a county store a hearing number (`H-2026-0007`) then
    /// means that office's hearing, and only its hearings may be written. An office's file
    /// has one numbering and needs none.
    func work(for office: String?)
}

/// The two back ends.
public enum StoreKind: String, Sendable {
    case sqlite, postgresql
}

/// A 街道 office of the county: hearings and cases belong to one.
public struct Office: Sendable, Equatable {
    /// Short code used on the command line and in the store (`--office JD01`).
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// The office a new hearing or case is recorded under: `code` must be registered; none is
    /// needed only where no office is registered (a single office's database).
    public static func resolve(_ code: String?, registered: [String], location: String) throws -> String? {
        guard let code else {
            if registered.isEmpty { return nil }
            throw StoreError.officeNeeded(location: location)
        }
        guard registered.contains(code) else { throw StoreError.badOffice(code: code, known: registered) }
        return code
    }

    /// Refuses a code that could not be typed at a prompt or stored as a key.
    public static func checkCode(_ code: String) throws {
        guard !code.isEmpty, code.count <= 32, code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw StoreError.badOffice(code: code, known: [])
        }
    }
}

/// Where the store is: `--db`, else `$PINGLI_DB`, else the default file.
public enum StoreLocation: Equatable, Sendable {
    case sqlite(path: String)
    case postgresql(url: String)

    /// Reads `text`: `postgresql://…` or `postgres://…` is the county store, a path is a file;
    /// any other `scheme://` is refused rather than taken as a file name.
    public init(_ text: String) throws {
        if let r = text.range(of: "://"), text.first?.isLetter == true,
           text[..<r.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }) {
            let scheme = text[..<r.lowerBound].lowercased()
            guard scheme == "postgresql" || scheme == "postgres" else { throw StoreError.unsupportedLocation(text) }
            self = .postgresql(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    /// Opens the store (creating and migrating it when needed).
    public func open() throws -> any PingliStore {
        switch self {
        case let .sqlite(path): return try PingliDatabase(path: path)
        case let .postgresql(url): return try PGStore(url: url)
        }
    }
}
