import Foundation

/// Hearing logs in the county store: the same tables and rules as ``SQLiteHearingLog``, in
/// PostgreSQL. Hashes are computed in Swift (``StoredEvent/chained(hearingID:seq:at:operatorName:body:after:)``),
/// so both back ends share one chain. Each write is a transaction re-run when another writer got
/// there first: the command is decided again on what that writer recorded. Hearings are keyed
/// by office and number (``HearingKey``); the state's id is the number, as in its chain.
public struct PGHearingLog: HearingLog {
    let connection: PGConnection
    let cache = HearingStateCache()
    let keys = HearingKeyCache()
    /// The office this process works for: a number means its hearing, and only its hearings
    /// are written.
    let office: CurrentOffice
    let registered: RegisteredOffices

    init(_ connection: PGConnection, office: CurrentOffice, registered: RegisteredOffices) {
        self.connection = connection
        self.office = office
        self.registered = registered
    }

    public func read<T>(_ body: (any HearingLogReader) throws -> T) throws -> T {
        try connection.transaction(readOnly: true) { try body(transaction(writing: false)) }
    }

    /// A write decides on the state this process last committed, without reading it back: the
    /// store refuses an event that does not follow the event before it (`pingli_follows_chain`,
    /// or the unique next number another writer took first), and then the whole command runs
    /// again on the state read afresh. A refusal decided on that state is checked against the
    /// stored head before it is believed. One round trip a command.
    public func write<T>(_ body: (any HearingLogWriter) throws -> T) throws -> T {
        try connection.transaction(isolation: .repeatableRead, onFailure: { cache.removeAll() }) {
            let tx = transaction(writing: true)
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

    /// A transaction's view of the logs; in a write the state cached after this process's last
    /// commit is used as it is (see ``write(_:)``).
    func transaction(writing: Bool) -> Transaction {
        Transaction(connection: connection, cache: cache, keys: keys, registered: registered, office: office.code, writing: writing)
    }

    struct Transaction: HearingLogWriter {
        let connection: PGConnection
        let cache: HearingStateCache
        let keys: HearingKeyCache
        let registered: RegisteredOffices
        let office: String?
        let writing: Bool
        private let seen = TransactionStates()

        init(connection: PGConnection, cache: HearingStateCache, keys: HearingKeyCache, registered: RegisteredOffices,
             office: String?, writing: Bool) {
            self.connection = connection
            self.cache = cache
            self.keys = keys
            self.registered = registered
            self.office = office
            self.writing = writing
        }

        /// The key of hearing `id` as someone working for ``office`` names it (see ``HearingKey``;
        /// the key names its office); in a write, refused unless it is that office's (or no office's).
        func resolve(_ id: String) throws -> String {
            let found: String
            if let known = keys.key(id, office: office) {
                found = known
            } else {
                let rows: PGRows
                if HearingKey.isQualified(id) {
                    rows = try connection.query("SELECT id FROM hearing WHERE id = $1", [id])
                } else if let office {
                    // The office's own hearing, else one of no office with that number.
                    rows = try connection.query("SELECT id FROM hearing WHERE id = $1 OR id = $2 ORDER BY office NULLS LAST LIMIT 1",
                                                [HearingKey.make(office: office, number: id), id])
                } else {
                    // A hearing of no office is keyed by its number; else the number in any office.
                    rows = try connection.query("SELECT id FROM hearing WHERE id = $1 OR number = $1 ORDER BY id <> $1, id", [id])
                }
                let matches = rows.map { $0.string("id") }
                guard let first = matches.first else { throw HearingError.notFound(Message("hearing.no-hearing-see-pingli", id)) }
                let exact = first == id || first == HearingKey.make(office: office, number: id)
                guard exact || matches.count == 1 else {
                    throw HearingError.notFound(Message("hearing.number-in-offices", id, Catalogue.list(matches), first))
                }
                found = first
                // Only a lookup that can never change is kept: the key itself, or the office's own number.
                if exact { keys.store(found, for: id, office: office) }
            }
            let owner = HearingKey.office(found)
            if writing, let owner, owner != office {
                throw HearingError.invalid(Message("hearing.other-office", HearingKey.display(found, office: office), owner))
            }
            // Numbers map to keys only for hearings a write may touch (the office's own, or of no
            // office), so another office's hearing read in the same transaction cannot shadow one.
            if owner == nil || owner == office { seen.keys[HearingKey.number(found)] = found }
            return found
        }

        func state(_ id: String) throws -> HearingState {
            let key = try resolve(id)
            if let s = seen.states[key] { return s }
            if writing, let s = cache.cached(key) {
                seen.states[key] = s
                seen.unverified.insert(key)
                return s
            }
            // A hearing is opened with its first event, so one with no event does not exist.
            guard let head = try head(key) else {
                throw HearingError.notFound(Message("hearing.no-hearing-see-pingli", id))
            }
            let s = try cache.state(key, lastSeq: head.seq, headHash: head.hash) {
                HearingState.replay(id: HearingKey.number(key), try events(key: key))
            }
            seen.states[key] = s
            return s
        }

        /// Whether a state taken from the cache is behind the stored head.
        func cacheWasStale() throws -> Bool {
            for key in seen.unverified {
                guard let head = try head(key), let cached = cache.cached(key) else { return true }
                if head.seq != cached.lastSeq || head.hash != cached.headHash { return true }
            }
            return false
        }

        /// The last event's number and hash: the head of the hearing's chain.
        func head(_ key: String) throws -> (seq: Int, hash: String)? {
            try connection.query("SELECT seq, hash FROM hearing_event WHERE hearing_id = $1 ORDER BY seq DESC LIMIT 1", [key]).first
                .map { ($0.int("seq"), $0.string("hash")) }
        }

        func events(_ id: String) throws -> [HearingEvent] { try events(key: try resolve(id)) }

        private func events(key: String) throws -> [HearingEvent] {
            try connection.query("SELECT * FROM hearing_event WHERE hearing_id = $1 ORDER BY seq", [key]).map { try HearingEvent(Self.stored($0)) }
        }

        func stored(_ id: String) throws -> StoredLog {
            let key = try resolve(id)
            guard let h = try connection.query("SELECT sealed_hash FROM hearing WHERE id = $1", [key]).first else {
                throw HearingError.notFound(Message("hearing.no-hearing-see-pingli", id))
            }
            // By number: numbers are immutable and hashed, and the store took each event only
            // after the one before it; the head is the last of them.
            let rows = try connection.query("SELECT * FROM hearing_event WHERE hearing_id = $1 ORDER BY seq", [key]).map(Self.stored)
            let number = HearingKey.number(key)
            return StoredLog(rows: rows, sealedHash: h["sealed_hash"], headHash: rows.last?.hash ?? HashChain.genesis(number), chainID: number)
        }

        func list() throws -> [HearingSummary] {
            try connection.query("""
                SELECT h.*, (SELECT max(seq) FROM hearing_event e WHERE e.hearing_id = h.id) AS last_seq FROM hearing h ORDER BY h.office NULLS FIRST, h.number
                """).map { r in
                HearingSummary(id: HearingKey.display(r.string("id"), office: office), caseRef: r.string("case_ref"),
                               kind: ProcedureKind(rawValue: r.string("kind")) ?? .publicHearing,
                               spec: r.string("spec"), stage: HearingStage(rawValue: r.string("stage")) ?? .setup,
                               openedAt: r.string("opened_at"), events: r.int("last_seq"), office: r["office"])
            }
        }

        /// The office's next number (each office numbers its own, after any hearing of no
        /// office, which every office may name); working for no office, a number no office has
        /// used yet.
        func nextHearingID(year: Int) throws -> String {
            try connection.needSerializable()
            let prefix = "H-\(year)-"
            let last = try connection.query("""
                SELECT number FROM hearing WHERE number LIKE $1 AND ($2::text IS NULL OR office = $2 OR office IS NULL)
                ORDER BY number DESC LIMIT 1
                """, [prefix + "%", office]).first?.first
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

        func office(of id: String) throws -> String? { HearingKey.office(try resolve(id)) }

        func service(_ ids: [String]) throws -> [String: [ServiceRecord]] {
            // Another office confirming the same people at once must be seen or collide.
            try connection.needSerializable()
            return try PGPoolStore.service(connection, ids: ids, office: office)
        }

        func rules() throws -> EligibilityRules {
            try connection.needSerializable()
            return try EligibilityRules.read(PGSettings(connection: connection))
        }

        func commit(_ decision: HearingDecision, context: OperationContext) throws -> [(HearingState, [HearingEvent])] {
            var results: [(HearingState, [HearingEvent])] = []
            for append in decision.appends {
                var state: HearingState
                let key: String
                if append.opens {
                    var c = context
                    c.office = context.office ?? office
                    let owner = try PGStore.office(connection, c, known: registered)
                    if let office, owner != office {
                        throw HearingError.invalid(Message("hearing.other-office", append.hearingID, owner ?? "—"))
                    }
                    state = HearingState(id: append.hearingID)
                    key = HearingKey.make(office: owner, number: append.hearingID)
                } else {
                    key = seen.keys[append.hearingID] ?? HearingKey.make(office: office, number: append.hearingID)
                    state = try seen.states[key] ?? self.state(key)
                }
                let events = try self.append(append.events, to: &state, key: key, opens: append.opens, context: context)
                cache.store(state, as: key)
                seen.states[key] = state
                seen.keys[state.id] = key
                results.append((state, events))
            }
            guard !decision.effects.isEmpty else { return results }
            let states = Dictionary(results.map { ($0.0.id, $0.0) }, uniquingKeysWith: { _, last in last })
            for effect in decision.effects { try apply(effect, states: states, context: context) }
            return results
        }

        /// Records `bodies` on hearing `key` (a hearing they open belongs to the office its key names).
        private func append(_ bodies: [EventBody], to state: inout HearingState, key: String, opens: Bool,
                            context: OperationContext) throws -> [HearingEvent] {
            let (stageBefore, sealBefore) = (state.stage, state.sealedHash)
            let recorded = state.record(bodies, context: context)
            if opens, let first = recorded.first?.event, first.seq == 1, case let .opened(caseRef, kind, spec, place, _, _, _) = first.body {
                try connection.enqueue("""
                    INSERT INTO hearing (id, number, case_ref, kind, spec, place, opened_at, stage, office) VALUES ($1, $2, $3, $4, $5, $6, $7, 'setup', $8)
                    """, [key, state.id, caseRef, kind.rawValue, spec.name, place, context.timestamp, HearingKey.office(key)])
            }
            for (r, _) in recorded {
                try connection.enqueue("""
                    INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, texts: [key, String(r.seq), r.at, r.operatorName, r.type, r.payload, r.prevHash, r.hash])
            }
            // The head is the last event; the stage and the seal change on the row only when
            // they changed.
            if opens || state.stage != stageBefore || state.sealedHash != sealBefore {
                try connection.enqueue("UPDATE hearing SET stage = $1, sealed_hash = $2 WHERE id = $3", [state.stage.rawValue, state.sealedHash, key])
            }
            return recorded.map(\.event)
        }

        private func apply(_ effect: HearingEffect, states: [String: HearingState], context: OperationContext) throws {
            switch effect {
            case let .queueOutcome(id):
                guard let state = states[id], let key = seen.keys[id] else { throw HearingError.invalid(Message("hearing.no-record-this-transaction", id)) }
                try PGOutbox.enqueue(connection, state, key: key, closedAt: context.timestamp)
                try PGCaseLog.hearingClosed(connection, state, hearingLog: self, registered: registered, context: context)
            case let .recordService(rep, hearing, date, role):
                try connection.enqueue("INSERT INTO service (representative_id, hearing_id, date, role) VALUES ($1, $2, $3, $4)",
                                       [rep, seen.keys[hearing] ?? HearingKey.make(office: office, number: hearing), date.description, role])
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

/// Hearing lookups that can never change (a key, once stored, stays; hearings are never
/// deleted), kept per process so a write needs no round trip to find its hearing.
final class HearingKeyCache: @unchecked Sendable {
    /// An id as someone working for an office typed it.
    private struct Typed: Hashable {
        var id: String
        var office: String?
    }
    private let lock = NSLock()
    private var keys: [Typed: String] = [:]

    func key(_ id: String, office: String?) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return keys[Typed(id: id, office: office)]
    }

    func store(_ key: String, for id: String, office: String?) {
        lock.lock()
        keys[Typed(id: id, office: office)] = key
        lock.unlock()
    }
}
