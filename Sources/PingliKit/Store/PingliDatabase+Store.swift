import GRDB

/// An office's SQLite file as a ``PingliStore``.
extension PingliDatabase: PingliStore {
    public var location: String { path }
    public var kind: StoreKind { .sqlite }
    public var hearings: HearingService { HearingService(self) }
    public var representatives: any PoolKeeping { PoolStore(self) }

    public func offices() throws -> [Office] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, name FROM office ORDER BY code").map { Office(code: $0["code"], name: $0["name"]) }
        }
    }

    /// The office a hearing or case opened now belongs to (see ``Office/resolve(_:registered:location:)``).
    static func office(_ db: Database, _ context: OperationContext) throws -> String? {
        let registered = try String.fetchAll(try db.cachedStatement(sql: "SELECT code FROM office ORDER BY code"))
        return try Office.resolve(context.office, registered: registered, location: db.description)
    }

    public func register(_ office: Office, context: OperationContext) throws {
        try Office.checkCode(office.code)
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO office (code, name, registered_at) VALUES (?, ?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name
                """, arguments: [office.code, office.name, context.timestamp])
        }
    }

    /// An office's file numbers its hearings once: a number means the same hearing whoever asks.
    public func work(for office: String?) {}
}
