import Foundation

/// A county's shared store on PostgreSQL (`--db postgresql://user@host:port/dbname`): every
/// office's hearings and cases and the one pool, behind the same seams as an office's SQLite
/// file. One connection per process, used by one command at a time.
public final class PGStore: PingliStore {
    public let connection: PGConnection
    let hearingLog: PGHearingLog
    /// The office this process works for (``work(for:)``).
    let current = CurrentOffice()
    /// Office codes seen registered (see ``RegisteredOffices``).
    let registered = RegisteredOffices()

    /// Connects and brings the schema up to date; a store a newer Pingli wrote is refused untouched.
    public init(url: String) throws {
        connection = try PGConnection(url: url)
        try PGSchema.migrate(connection)
        hearingLog = PGHearingLog(connection, office: current, registered: registered)
    }

    public func work(for office: String?) { current.code = office }

    public var location: String { connection.location }
    public var kind: StoreKind { .postgresql }
    public var hearings: HearingService { HearingService(log: hearingLog, pool: representatives, solver: CBCSolver()) }
    public var cases: CaseService { CaseService(log: PGCaseLog(connection, hearings: hearingLog)) }
    public var outbox: any OutboxStore { PGOutbox(connection) }
    public var representatives: any PoolKeeping { PGPoolStore(connection, office: current.code) }

    public func value(_ key: String) throws -> String? { try PGSettings(connection: connection).value(key) }
    public func values(prefix: String) throws -> [String: String] { try PGSettings(connection: connection).values(prefix: prefix) }
    public func set(_ key: String, _ value: String?) throws { try PGSettings(connection: connection).set(key, value) }

    public func offices() throws -> [Office] {
        try connection.transaction(readOnly: true) {
            try connection.query("SELECT code, name FROM office ORDER BY code").map { Office(code: $0.string("code"), name: $0.string("name")) }
        }
    }

    /// The office a hearing or case opened now belongs to (see ``Office/resolve(_:registered:location:)``).
    static func office(_ connection: PGConnection, _ context: OperationContext, known: RegisteredOffices) throws -> String? {
        if let code = context.office, known.contains(code) { return code }
        let registered = try connection.query("SELECT code FROM office ORDER BY code").compactMap(\.first)
        known.insert(registered)
        return try Office.resolve(context.office, registered: registered, location: connection.location)
    }

    /// Gives `role` (an existing PostgreSQL role) what the application needs and nothing that
    /// could rewrite a log: see ``PGSchema/grants(role:)``. Run as the owner.
    public func grantApplicationRole(_ role: String) throws {
        try connection.transaction {
            guard !(try connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]).isEmpty) else {
                throw StoreError.noSuchRole(role)
            }
            for sql in PGSchema.grants(role: role) { try connection.execute(sql) }
        }
    }

    public func register(_ office: Office, context: OperationContext) throws {
        try Office.checkCode(office.code)
        try connection.transaction {
            try connection.execute("""
                INSERT INTO office (code, name, registered_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET name = excluded.name
                """, [office.code, office.name, context.timestamp])
        }
    }
}

/// The office a county store's handle works for, shared by its adapters.
/// Office codes this process has seen registered. An office is never unregistered (the
/// hearings, cases and people that name it hold a foreign key to it), so a code once seen stays
/// good, and opening a case or hearing for it needs no round trip to check it. A code not seen
/// yet (one registered since) is looked up as before.
final class RegisteredOffices: @unchecked Sendable {
    private let lock = NSLock()
    private var codes: Set<String> = []

    func contains(_ code: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return codes.contains(code)
    }

    func insert(_ found: [String]) {
        lock.lock()
        codes.formUnion(found)
        lock.unlock()
    }
}

final class CurrentOffice: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    var code: String? {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}
