import Foundation
import GRDB

/// Case logs in the office's SQLite database: the `case` row (status, next deadline and chain
/// head, for lists and the prompt) and the append-only `case_event` table. It appends what
/// ``CaseDecider`` decided and queues the status events it names in the outbox, in the
/// caller's transaction; it decides nothing.
public struct SQLiteCaseLog: CaseLog {
    public let database: PingliDatabase
    private let hearings: SQLiteHearingLog

    public init(_ database: PingliDatabase) {
        self.database = database
        self.hearings = SQLiteHearingLog(database)
    }

    public func read<T>(_ body: (any CaseLogReader) throws -> T) throws -> T {
        try translated { try database.pool.read { try body(Transaction(db: $0, hearingLog: hearings.transaction($0))) } }
    }

    public func write<T>(_ body: (any CaseLogWriter) throws -> T) throws -> T {
        try translated { try database.pool.write { try body(Transaction(db: $0, hearingLog: hearings.transaction($0))) } }
    }

    private func translated<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw PingliDatabase.translate(error, path: database.path) }
    }

    struct Transaction: CaseLogWriter {
        let db: Database
        let hearingLog: any HearingLogWriter

        func exists(_ ref: String) throws -> Bool {
            try Bool.fetchOne(try db.cachedStatement(sql: #"SELECT EXISTS (SELECT 1 FROM "case" WHERE ref = ?)"#), arguments: [ref]) ?? false
        }

        func state(_ ref: String) throws -> CaseState {
            guard try exists(ref) else { throw CaseError.notFound(Message("case.no-case-see-pingli", ref)) }
            return CaseState.replay(ref: ref, try events(ref))
        }

        func events(_ ref: String) throws -> [CaseEvent] {
            try Row.fetchAll(db, sql: "SELECT * FROM case_event WHERE case_ref = ? ORDER BY seq", arguments: [ref]).map {
                try CaseEvent(SQLiteHearingLog.Transaction.stored($0))
            }
        }

        func stored(_ ref: String) throws -> StoredLog {
            guard let head = try String.fetchOne(db, sql: #"SELECT head_hash FROM "case" WHERE ref = ?"#, arguments: [ref]) else {
                throw CaseError.notFound(Message("case.no-case-see-pingli", ref))
            }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM case_event WHERE case_ref = ? ORDER BY rowid", arguments: [ref])
                .map(SQLiteHearingLog.Transaction.stored)
            return StoredLog(rows: rows, sealedHash: head, headHash: head)
        }

        func list() throws -> [CaseSummary] {
            try Row.fetchAll(db, sql: #"SELECT * FROM "case" ORDER BY received_on, ref"#).map { r in
                CaseSummary(ref: r["ref"], title: r["title"], category: r["category"],
                            status: CaseStatus(rawValue: r["status"]) ?? .received, moderator: r["moderator"],
                            receivedOn: Day(r["received_on"] as String) ?? Day(ordinal: 0),
                            nextDeadline: (r["next_deadline"] as String?).flatMap(Day.init), round: r["round"], office: r["office"])
            }
        }

        func openDeadlines() throws -> [Day] {
            try String.fetchAll(db, sql: #"SELECT next_deadline FROM "case" WHERE next_deadline IS NOT NULL"#).compactMap(Day.init)
        }

        func hearings(of ref: String) throws -> [HearingSummary] {
            try hearingLog.list().filter { $0.caseRef == ref }
        }

        func facts(today: Day) throws -> CaseFacts { try CaseSettings.facts(SQLiteSettings(db), today: today) }

        func savepoint<T>(_ body: () throws -> T) throws -> T {
            var result: T?
            try db.inSavepoint {
                result = try body()
                return .commit
            }
            return result!
        }

        func referral(webhookID: String, ref: String) throws -> (createdCase: String?, caseExists: Bool) {
            let created = try String.fetchOne(try db.cachedStatement(sql: "SELECT case_ref FROM intake WHERE webhook_id = ?"), arguments: [webhookID])
            return (created, created == nil ? try exists(ref) : true)
        }

        func recordIntake(webhookID: String, ref: String, at: String) throws {
            try db.cachedStatement(sql: "INSERT INTO intake (webhook_id, case_ref, received_at) VALUES (?, ?, ?)").execute(arguments: [webhookID, ref, at])
        }

        func commit(_ decision: CaseDecision, context: OperationContext) throws -> (CaseState, [CaseEvent]) {
            var state = decision.opens ? CaseState(ref: decision.ref) : try state(decision.ref)
            let recorded = state.record(decision.events, context: context)
            // The case row first (the events refer to it), written once with the state after them.
            let arguments: StatementArguments = [state.status.rawValue, state.moderator, state.nextDeadline?.description, state.round,
                                                 state.lastSeq, state.headHash, context.timestamp, state.ref]
            if decision.opens {
                guard let d = state.details else { throw CaseError.invalid(Message("case.new-case-must-begin")) }
                try db.cachedStatement(sql: """
                    INSERT INTO "case" (status, moderator, next_deadline, round, last_seq, head_hash, updated_at, ref, title, category, received_on, office)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: arguments + [d.title, d.category, d.receivedOn.description, try PingliDatabase.office(db, context)])
            } else {
                try db.cachedStatement(sql: """
                    UPDATE "case" SET status = ?, moderator = ?, next_deadline = ?, round = ?, last_seq = ?, head_hash = ?, updated_at = ? WHERE ref = ?
                    """).execute(arguments: arguments)
            }
            for e in recorded {
                try db.cachedStatement(sql: """
                    INSERT INTO case_event (case_ref, seq, at, operator, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [state.ref, e.seq, e.at, e.operatorName, e.body.type, e.stored.payload, e.stored.prevHash, e.hash])
            }
            // One status event for the case system per event that has one, in the case's order.
            for (type, event) in zip(decision.notify, recorded) {
                try SQLiteOutbox.enqueueStatus(db, type: type, state: state, event: event)
            }
            return (state, recorded)
        }
    }

    /// Records the outcome of a closed hearing on its case, when the hearing was opened from one
    /// (called in the hearing's closing transaction).
    static func hearingClosed(_ db: Database, _ hearing: HearingState, context: OperationContext) throws {
        let tx = Transaction(db: db, hearingLog: SQLiteHearingLog.Transaction(db: db, cache: .init()))
        guard try tx.exists(hearing.caseRef) else { return }
        if let decision = CaseDecider.hearingClosed(try tx.state(hearing.caseRef), hearing: hearing) {
            _ = try tx.commit(decision, context: context)
        }
    }
}

extension SQLiteHearingLog {
    /// This log's view of an open transaction (for the case log, which shares it).
    func transaction(_ db: Database) -> any HearingLogWriter { Transaction(db: db, cache: cache) }
}

extension PingliDatabase {
    public var cases: CaseService { CaseService(log: SQLiteCaseLog(self)) }
}
