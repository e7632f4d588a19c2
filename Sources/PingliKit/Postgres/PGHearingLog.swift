import Foundation

/// Hearing logs in the county store: the same tables and rules as ``SQLiteHearingLog``, in
/// PostgreSQL. Hashes are computed in Swift (``StoredEvent/chained(hearingID:seq:at:operatorName:body:after:)``),
/// so both back ends share one chain. Each write is a transaction re-run when another writer got
/// there first: the command is decided again on what that writer recorded.
public struct PGHearingLog: HearingLog {
    let connection: PGConnection
    let cache = HearingStateCache()

    public init(_ connection: PGConnection) { self.connection = connection }

    public func read<T>(_ body: (any HearingLogReader) throws -> T) throws -> T {
        try connection.transaction(readOnly: true) { try body(Transaction(connection: connection, cache: cache, writing: false)) }
    }

    /// A write decides on the state this process last committed, without reading it back: the
    /// store refuses an event that does not follow the event before it (`pingli_follows_chain`,
    /// or the unique next number another writer took first), and then the whole command runs
    /// again on the state read afresh. A refusal decided on
    /// that state is checked against the stored head before it is believed. One round trip a
    /// command.
    public func write<T>(_ body: (any HearingLogWriter) throws -> T) throws -> T {
        try connection.transaction(isolation: .repeatableRead, onFailure: { cache.removeAll() }) {
            let tx = Transaction(connection: connection, cache: cache, writing: true)
            do {
                return try body(tx)
            } catch let refusal where !(refusal is PGError) && !(refusal is StoreError) {
                if try tx.cacheWasStale() {
                    cache.removeAll()
                    throw PGError(sqlState: "40001", message: "another writer moved the hearing on")
                }
                throw refusal
            }
        }
    }

    struct Transaction: HearingLogWriter {
        let connection: PGConnection
        let cache: HearingStateCache
        /// In a write transaction the state cached after this process's last commit is used
        /// as it is (see ``PGHearingLog/write(_:)``).
        let writing: Bool
        private let seen = TransactionStates()

        init(connection: PGConnection, cache: HearingStateCache, writing: Bool) {
            self.connection = connection
            self.cache = cache
            self.writing = writing
        }

        func state(_ id: String) throws -> HearingState {
            if let s = seen.states[id] { return s }
            if writing, let s = cache.cached(id) {
                seen.states[id] = s
                seen.unverified.insert(id)
                return s
            }
            // A hearing is opened with its first event, so one with no event does not exist.
            guard let head = try head(id) else {
                throw HearingError.notFound(Message("hearing.no-hearing-see-pingli", id))
            }
            let s = try cache.state(id, lastSeq: head.seq, headHash: head.hash) {
                HearingState.replay(id: id, try events(id))
            }
            seen.states[id] = s
            return s
        }

        /// Whether a state taken from the cache is behind the stored head.
        func cacheWasStale() throws -> Bool {
            for id in seen.unverified {
                guard let head = try head(id), let cached = cache.cached(id) else { return true }
                if head.seq != cached.lastSeq || head.hash != cached.headHash { return true }
            }
            return false
        }

        /// The last event's number and hash: the head of the hearing's chain.
        func head(_ id: String) throws -> (seq: Int, hash: String)? {
            try connection.query("SELECT seq, hash FROM hearing_event WHERE hearing_id = $1 ORDER BY seq DESC LIMIT 1", [id]).first
                .map { ($0.int("seq"), $0.string("hash")) }
        }

        func events(_ id: String) throws -> [HearingEvent] {
            try connection.query("SELECT * FROM hearing_event WHERE hearing_id = $1 ORDER BY seq", [id]).map { try HearingEvent(Self.stored($0)) }
        }

        func stored(_ id: String) throws -> StoredLog {
            guard let h = try connection.query("SELECT sealed_hash FROM hearing WHERE id = $1", [id]).first else {
                throw HearingError.notFound(Message("hearing.no-hearing-see-pingli", id))
            }
            let rows = try connection.query("SELECT * FROM hearing_event WHERE hearing_id = $1 ORDER BY id", [id]).map(Self.stored)
            // The head is the last event by number (the store's check made each follow the one
            // before it); the rows in insertion order are what verification reads.
            return StoredLog(rows: rows, sealedHash: h["sealed_hash"], headHash: try head(id)?.hash ?? HashChain.genesis(id))
        }

        func list() throws -> [HearingSummary] {
            try connection.query("""
                SELECT h.*, (SELECT max(seq) FROM hearing_event e WHERE e.hearing_id = h.id) AS last_seq FROM hearing h ORDER BY h.id
                """).map { r in
                HearingSummary(id: r.string("id"), caseRef: r.string("case_ref"), kind: ProcedureKind(rawValue: r.string("kind")) ?? .publicHearing,
                               spec: r.string("spec"), stage: HearingStage(rawValue: r.string("stage")) ?? .setup,
                               openedAt: r.string("opened_at"), events: r.int("last_seq"), office: r["office"])
            }
        }

        func nextHearingID(year: Int) throws -> String {
            try connection.needSerializable()
            let prefix = "H-\(year)-"
            let last = try connection.query("SELECT id FROM hearing WHERE id LIKE $1 ORDER BY id DESC LIMIT 1", [prefix + "%"]).first?.first
            return prefix + zeroPadded((last.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0) + 1, 4)
        }

        func representativeStatuses(_ ids: [String]) throws -> [String: RepresentativeStatus] {
            guard !ids.isEmpty else { return [:] }
            try connection.needSerializable()
            var found: [String: RepresentativeStatus] = [:]
            for row in try connection.query("SELECT id, status FROM representative WHERE id = ANY($1::text[])", [PGArray(ids)]) {
                if let s = RepresentativeStatus(rawValue: row.string("status")) { found[row.string("id")] = s }
            }
            return found
        }

        func office(of id: String) throws -> String? {
            try connection.query("SELECT office FROM hearing WHERE id = $1", [id]).first?["office"]
        }

        func service(_ ids: [String]) throws -> [String: [ServiceRecord]] {
            // Another office confirming the same people at once must be seen or collide.
            try connection.needSerializable()
            return try PGPoolStore.service(connection, ids: ids)
        }

        func rules() throws -> EligibilityRules {
            try connection.needSerializable()
            return try EligibilityRules.read(PGSettings(connection: connection))
        }

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

        private func append(_ bodies: [EventBody], to state: inout HearingState, opens: Bool, context: OperationContext) throws -> [HearingEvent] {
            let before = state
            let recorded = state.record(bodies, context: context)
            if opens, let first = recorded.first?.event, first.seq == 1, case let .opened(caseRef, kind, spec, place, _, _, _) = first.body {
                try connection.enqueue("""
                    INSERT INTO hearing (id, case_ref, kind, spec, place, opened_at, stage, office) VALUES ($1, $2, $3, $4, $5, $6, 'setup', $7)
                    """, [state.id, caseRef, kind.rawValue, spec.name, place, context.timestamp, try PGStore.office(connection, context)])
            }
            for (r, _) in recorded {
                try connection.enqueue("""
                    INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, [state.id, r.seq, r.at, r.operatorName, r.type, r.payload, r.prevHash, r.hash])
            }
            // The head is the last event; the stage and the seal change on the row only when
            // they changed.
            if opens || state.stage != before.stage || state.sealedHash != before.sealedHash {
                try connection.enqueue("UPDATE hearing SET stage = $1, sealed_hash = $2 WHERE id = $3",
                                       [state.stage.rawValue, state.sealedHash, state.id])
            }
            return recorded.map(\.event)
        }

        private func apply(_ effect: HearingEffect, states: [String: HearingState], context: OperationContext) throws {
            switch effect {
            case let .queueOutcome(id):
                guard let state = states[id] else { throw HearingError.invalid(Message("hearing.no-record-this-transaction", id)) }
                try PGOutbox.enqueue(connection, state, closedAt: context.timestamp)
                try PGCaseLog.hearingClosed(connection, state, hearingLog: self, context: context)
            case let .recordService(rep, hearing, date, role):
                try connection.enqueue("INSERT INTO service (representative_id, hearing_id, date, role) VALUES ($1, $2, $3, $4)",
                                       [rep, hearing, date.description, role])
            case let .addPoolHistory(rep, action, changes, reason):
                try PGPoolStore(connection).log(id: rep, action: action, changes: changes, reason: reason, context: context)
            }
        }

        static func stored(_ r: PGRow) -> StoredEvent {
            StoredEvent(seq: r.int("seq"), at: r.string("at"), operatorName: r.string("operator"), type: r.string("type"),
                        payload: r.string("payload"), prevHash: r.string("prev_hash"), hash: r.string("hash"))
        }
    }
}
