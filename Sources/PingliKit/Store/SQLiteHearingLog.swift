import Foundation
import GRDB

/// Hearing logs in the office's SQLite database: the `hearing` table (one row per hearing,
/// with its stage, head and sealed hash) and the append-only `hearing_event` table. It appends
/// what ``HearingDecider`` decided and applies the effects, in the caller's transaction; it
/// decides nothing. An event is on disk (WAL, synchronous=FULL) before `write` returns.
public struct SQLiteHearingLog: HearingLog {
    public let database: PingliDatabase
    let cache = HearingStateCache()

    public init(_ database: PingliDatabase) { self.database = database }

    public func read<T>(_ body: (any HearingLogReader) throws -> T) throws -> T {
        try translated { try database.pool.read { try body(Transaction(db: $0, cache: cache)) } }
    }

    public func write<T>(_ body: (any HearingLogWriter) throws -> T) throws -> T {
        try translated { try database.pool.write { try body(Transaction(db: $0, cache: cache)) } }
    }


    private func translated<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw PingliDatabase.translate(error, path: database.path) }
    }

    /// One transaction's view of the hearing tables.
    struct Transaction: HearingLogWriter {
        let db: Database
        let cache: HearingStateCache
        /// States read in this transaction: nobody else writes meanwhile, so `commit` need not
        /// look them up again.
        private let seen = TransactionStates()

        init(db: Database, cache: HearingStateCache) {
            self.db = db
            self.cache = cache
        }

        func state(_ id: String) throws -> HearingState {
            if let s = seen.states[id] { return s }
            let s = try cache.state(db, id)
            seen.states[id] = s
            return s
        }

        func events(_ id: String) throws -> [HearingEvent] {
            try Row.fetchAll(db, sql: "SELECT * FROM hearing_event WHERE hearing_id = ? ORDER BY seq", arguments: [id]).map {
                try HearingEvent(Self.stored($0))
            }
        }

        func stored(_ id: String) throws -> StoredLog {
            guard let h = try Row.fetchOne(db, sql: "SELECT sealed_hash, head_hash FROM hearing WHERE id = ?", arguments: [id]) else {
                throw HearingError.notFound(Message("hearing.no-hearing-see-pingli", id))
            }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM hearing_event WHERE hearing_id = ? ORDER BY rowid", arguments: [id]).map(Self.stored)
            return StoredLog(rows: rows, sealedHash: h["sealed_hash"], headHash: h["head_hash"])
        }

        func list() throws -> [HearingSummary] {
            try Row.fetchAll(db, sql: "SELECT * FROM hearing ORDER BY id").map { r in
                HearingSummary(id: r["id"], caseRef: r["case_ref"], kind: ProcedureKind(rawValue: r["kind"]) ?? .publicHearing,
                               spec: r["spec"], stage: HearingStage(rawValue: r["stage"]) ?? .setup, openedAt: r["opened_at"],
                               events: r["last_seq"], office: r["office"])
            }
        }

        func nextHearingID(year: Int) throws -> String {
            let prefix = "H-\(year)-"
            let last = try String.fetchOne(db, sql: "SELECT id FROM hearing WHERE id LIKE ? ORDER BY id DESC LIMIT 1", arguments: [prefix + "%"])
            let n = last.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
            return prefix + zeroPadded(n + 1, 4)
        }

        func representativeStatuses(_ ids: [String]) throws -> [String: RepresentativeStatus] {
            var found: [String: RepresentativeStatus] = [:]
            for id in ids {
                if let s = try String.fetchOne(db, sql: "SELECT status FROM representative WHERE id = ?", arguments: [id]),
                   let status = RepresentativeStatus(rawValue: s) {
                    found[id] = status
                }
            }
            return found
        }

        func office(of id: String) throws -> String? {
            try String.fetchOne(db, sql: "SELECT office FROM hearing WHERE id = ?", arguments: [id])
        }

        func service(_ ids: [String]) throws -> [String: [ServiceRecord]] {
            var found: [String: [ServiceRecord]] = [:]
            for id in ids { found[id] = try PoolStore.service(db, id) }
            return found
        }

        func rules() throws -> EligibilityRules { try PoolStore.rules(db) }

        func commit(_ decision: HearingDecision, context: OperationContext) throws -> [(HearingState, [HearingEvent])] {
            var results: [(HearingState, [HearingEvent])] = []
            for append in decision.appends {
                var state = append.opens ? HearingState(id: append.hearingID) : try state(append.hearingID)
                let events = try self.append(append.events, to: &state, opens: append.opens, context: context)
                cache.store(state)
                seen.states[state.id] = state
                results.append((state, events))
            }
            let states = Dictionary(results.map { ($0.0.id, $0.0) }, uniquingKeysWith: { _, last in last })
            for effect in decision.effects { try apply(effect, states: states, context: context) }
            return results
        }

        /// Appends events to a hearing's log and brings its row up to date.
        private func append(_ bodies: [EventBody], to state: inout HearingState, opens: Bool, context: OperationContext) throws -> [HearingEvent] {
            let before = state
            let recorded = state.record(bodies, context: context)
            if opens, let first = recorded.first?.event, first.seq == 1, case let .opened(caseRef, kind, spec, place, _, _, _) = first.body {
                try db.execute(sql: """
                    INSERT INTO hearing (id, case_ref, kind, spec, place, opened_at, stage, last_seq, head_hash, updated_at, office)
                    VALUES (?, ?, ?, ?, ?, ?, 'setup', 0, ?, ?, ?)
                    """, arguments: [state.id, caseRef, kind.rawValue, spec.name, place, context.timestamp, before.headHash, context.timestamp,
                                     try PingliDatabase.office(db, context)])
            }
            for (r, _) in recorded {
                // Prepared once per connection: this and the update below run for every command.
                try db.cachedStatement(sql: """
                    INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [state.id, r.seq, r.at, r.operatorName, r.type, r.payload, r.prevHash, r.hash])
            }
            try db.cachedStatement(sql: """
                UPDATE hearing SET stage = ?, last_seq = ?, head_hash = ?, sealed_hash = ?, updated_at = ? WHERE id = ?
                """).execute(arguments: [state.stage.rawValue, state.lastSeq, state.headHash, state.sealedHash, context.timestamp, state.id])
            return recorded.map(\.event)
        }

        private func apply(_ effect: HearingEffect, states: [String: HearingState], context: OperationContext) throws {
            switch effect {
            case let .queueOutcome(id):
                guard let state = states[id] else { throw HearingError.invalid(Message("hearing.no-record-this-transaction", id)) }
                try SQLiteOutbox.enqueue(db, state, closedAt: context.timestamp) { rep in
                    try String.fetchOne(db, sql: "SELECT name FROM representative WHERE id = ?", arguments: [rep])
                }
                try SQLiteCaseLog.hearingClosed(db, state, context: context)
            case let .recordService(rep, hearing, date, role):
                try db.execute(sql: "INSERT INTO service (representative_id, hearing_id, date, role) VALUES (?, ?, ?, ?)",
                               arguments: [rep, hearing, date.description, role])
            case let .addPoolHistory(rep, action, changes, reason):
                try PoolStore.log(db, id: rep, action: action, changes: changes, reason: reason, context: context)
            }
        }

        static func stored(_ r: Row) -> StoredEvent {
            StoredEvent(seq: r["seq"], at: r["at"], operatorName: r["operator"], type: r["type"],
                        payload: r["payload"], prevHash: r["prev_hash"], hash: r["hash"])
        }
    }
}

extension HearingStateCache {
    /// The state of `id` in `db`: the cached one while the stored head still matches.
    func state(_ db: Database, _ id: String) throws -> HearingState {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT last_seq, head_hash FROM hearing WHERE id = ?"), arguments: [id]) else {
            throw HearingError.notFound(Message("hearing.no-hearing-see-pingli", id))
        }
        return try state(id, lastSeq: row["last_seq"], headHash: row["head_hash"]) {
            HearingState.replay(id: id, try SQLiteHearingLog.Transaction(db: db, cache: self).events(id))
        }
    }
}

extension HearingService {
    /// Hearings in the office database, drawing from its pool with COIN-OR.
    public init(_ database: PingliDatabase) {
        self.init(log: SQLiteHearingLog(database), pool: PoolStore(database), solver: CBCSolver())
    }

}
