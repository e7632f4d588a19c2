import Foundation
import GRDB

/// One line of `hearing list`.
public struct HearingSummary: Sendable {
    public var id: String
    public var caseRef: String
    public var kind: ProcedureKind
    public var spec: String
    public var stage: HearingStage
    public var openedAt: String
    public var events: Int
}

/// Hearings in the database: every command is one transaction that re-reads the log,
/// decides on the current state, and appends the resulting events with their hashes.
/// An event is on disk (WAL, synchronous=FULL) before `execute` returns.
public struct HearingStore: Sendable {
    public let database: PingliDatabase
    private let cache = StateCache()

    public init(_ database: PingliDatabase) { self.database = database }

    // MARK: Opening

    /// Opens a hearing (or an instant mediation, or a re-hearing of `rehearingOf`).
    public func open(caseRef: String, kind: ProcedureKind, spec: PanelSpec, place: String?, rehearingOf: String? = nil,
                     context: OperationContext) throws -> HearingState {
        let ref = caseRef.trimmed
        guard !ref.isEmpty, !ref.contains(where: { $0.isNewline }) else { throw HearingError.invalid("the case reference is empty") }
        return try write { db in
            var kind = kind
            var excluded: [String] = []
            if let earlier = rehearingOf {
                let e = try Self.state(db, earlier)
                guard e.kind != .instantMediation else { throw HearingError.invalid("\(earlier) is an instant mediation; re-hear a hearing") }
                guard e.isClosed else { throw HearingError.invalid("\(earlier) is not closed; a re-hearing follows a closed hearing") }
                guard e.caseRef == ref else { throw HearingError.invalid("\(earlier) is about case \(e.caseRef), not \(ref)") }
                kind = .rehearing
                excluded = e.seats.map(\.representative)
            }
            guard spec.kind == kind else {
                throw HearingError.invalid("spec \(spec.name) is for \(spec.kind.rawValue), not \(kind.rawValue); choose one with --spec")
            }
            let id = try Self.nextID(db, year: context.today.year)
            try db.execute(sql: """
                INSERT INTO hearing (id, case_ref, kind, spec, place, opened_at, stage, last_seq, head_hash, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'setup', 0, ?, ?)
                """, arguments: [id, ref, kind.rawValue, spec.name, place, context.timestamp, HashChain.genesis(id), context.timestamp])
            var state = HearingState(id: id)
            _ = try Self.append(db, &state, [.opened(caseRef: ref, kind: kind, spec: spec, place: place, rehearingOf: rehearingOf,
                                                     escalatedFrom: nil, excludedPanel: excluded)], context: context)
            return state
        }
    }

    // MARK: Commands

    /// Runs `command` on hearing `id`; returns the new state and the events recorded.
    @discardableResult
    public func execute(_ id: String, _ command: HearingCommand, context: OperationContext) throws -> (HearingState, [HearingEvent]) {
        try write { db in
            var state = try cache.state(db, id)
            if case let .name(ids) = command {
                // Named representatives must be in the pool and serving; conflicts are the moderator's call.
                for rep in ids {
                    guard let row = try Row.fetchOne(db, sql: "SELECT status FROM representative WHERE id = ?", arguments: [rep]) else {
                        throw HearingError.invalid("no representative \(rep) in the pool")
                    }
                    guard (row["status"] as String) == RepresentativeStatus.active.rawValue else {
                        throw HearingError.invalid("\(rep) is not active in the pool (\(row["status"] as String))")
                    }
                }
            }
            let bodies = try HearingDecider.decide(state, command)
            let events = try Self.append(db, &state, bodies, context: context)
            cache.store(state)
            return (state, events)
        }
    }

    /// Draws the panel from the pool with the contributions recorded so far.
    @discardableResult
    public func drawPanel(_ id: String, context: OperationContext) throws -> (HearingState, [HearingEvent]) {
        let state = try self.state(id)
        try HearingDecider.checkReady(state)
        let (prepared, _) = try DrawPreparation.prepare(database: database, spec: state.spec!, parties: state.parties,
                                                        day: context.today, excludedPanel: Set(state.excludedPanel))
        let record = try DrawEngine.draw(prepared, hearingID: id, mode: state.seedMode!, contributions: HearingDecider.contributions(state))
        return try execute(id, .draw(record), context: context)
    }

    /// Extends the alternates from the same lottery and seed.
    @discardableResult
    public func drawMore(_ id: String, context: OperationContext) throws -> (HearingState, [HearingEvent]) {
        let state = try self.state(id)
        guard let record = state.draw else { throw HearingError.invalid("there is no drawn panel") }
        return try execute(id, .drawMore(try DrawEngine.drawMoreAlternates(record, more: max(1, record.spec.alternates))), context: context)
    }

    /// Escalates an instant mediation: records it, and opens a public hearing of the same
    /// case with the same parties, in one transaction.
    public func escalate(_ id: String, spec: PanelSpec, context: OperationContext) throws -> (HearingState, HearingState) {
        guard spec.kind == .publicHearing else { throw HearingError.invalid("an escalated case needs a public-hearing spec, not \(spec.name)") }
        return try write { db in
            var mediation = try Self.state(db, id)
            let newID = try Self.nextID(db, year: context.today.year)
            let bodies = try HearingDecider.decide(mediation, .escalate(newHearingID: newID))
            _ = try Self.append(db, &mediation, bodies, context: context)
            try db.execute(sql: """
                INSERT INTO hearing (id, case_ref, kind, spec, place, opened_at, stage, last_seq, head_hash, updated_at)
                VALUES (?, ?, 'public-hearing', ?, ?, ?, 'setup', 0, ?, ?)
                """, arguments: [newID, mediation.caseRef, spec.name, mediation.place, context.timestamp, HashChain.genesis(newID), context.timestamp])
            var hearing = HearingState(id: newID)
            _ = try Self.append(db, &hearing, [.opened(caseRef: mediation.caseRef, kind: .publicHearing, spec: spec, place: mediation.place,
                                                       rehearingOf: nil, escalatedFrom: id, excludedPanel: [])]
                                + mediation.parties.map(EventBody.partyAdded), context: context)
            return (mediation, hearing)
        }
    }

    // MARK: Reading

    public func state(_ id: String) throws -> HearingState { try database.pool.read { try cache.state($0, id) } }

    public func events(_ id: String) throws -> [HearingEvent] { try database.pool.read { try Self.events($0, id) } }

    public func list() throws -> [HearingSummary] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM hearing ORDER BY id").map { r in
                HearingSummary(id: r["id"], caseRef: r["case_ref"], kind: ProcedureKind(rawValue: r["kind"]) ?? .publicHearing,
                               spec: r["spec"], stage: HearingStage(rawValue: r["stage"]) ?? .setup, openedAt: r["opened_at"],
                               events: r["last_seq"])
            }
        }
    }

    /// The stored rows of a hearing's log in insertion order, untrusted (for verification).
    public func rows(_ id: String) throws -> (rows: [HashChain.Row], sealedHash: String?, headHash: String?) {
        try database.pool.read { db in
            guard let h = try Row.fetchOne(db, sql: "SELECT sealed_hash, head_hash FROM hearing WHERE id = ?", arguments: [id]) else {
                throw HearingError.notFound("no hearing \(id) (see `pingli hearing list`)")
            }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM hearing_event WHERE hearing_id = ? ORDER BY rowid", arguments: [id]).map {
                HashChain.Row(seq: $0["seq"], at: $0["at"], operatorName: $0["operator"], type: $0["type"],
                              payload: $0["payload"], prevHash: $0["prev_hash"], hash: $0["hash"])
            }
            return (rows, h["sealed_hash"], h["head_hash"])
        }
    }

    // MARK: Internals

    func write<T>(_ body: @escaping (Database) throws -> T) throws -> T {
        do {
            return try database.pool.write(body)
        } catch let error as DatabaseError {
            throw PingliDatabase.translate(error, path: database.path)
        }
    }

    static func state(_ db: Database, _ id: String) throws -> HearingState {
        guard try Row.fetchOne(db, sql: "SELECT 1 FROM hearing WHERE id = ?", arguments: [id]) != nil else {
            throw HearingError.notFound("no hearing \(id) (see `pingli hearing list`)")
        }
        return HearingState.replay(id: id, try events(db, id))
    }

    static func events(_ db: Database, _ id: String) throws -> [HearingEvent] {
        try Row.fetchAll(db, sql: "SELECT * FROM hearing_event WHERE hearing_id = ? ORDER BY seq", arguments: [id]).map { r in
            HearingEvent(seq: r["seq"], at: r["at"], operatorName: r["operator"],
                         body: try EventBody(type: r["type"], payload: try JSONValue.parse(r["payload"])),
                         prevHash: r["prev_hash"], hash: r["hash"])
        }
    }

    /// Appends events to the log, updating `state`, the hearing row and the side records.
    static func append(_ db: Database, _ state: inout HearingState, _ bodies: [EventBody], context: OperationContext) throws -> [HearingEvent] {
        var recorded: [HearingEvent] = []
        for body in bodies {
            let seq = state.lastSeq + 1
            let payload = body.payload
            let canonical = HashChain.canonical(hearingID: state.id, seq: seq, at: context.timestamp,
                                                operatorName: context.operatorName, type: body.type, payload: payload)
            let hash = HashChain.hash(previous: state.headHash, canonical: canonical)
            let event = HearingEvent(seq: seq, at: context.timestamp, operatorName: context.operatorName, body: body,
                                     prevHash: state.headHash, hash: hash)
            try db.execute(sql: """
                INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [state.id, seq, event.at, event.operatorName, body.type, payload.canonical, event.prevHash, hash])
            state.apply(event)
            recorded.append(event)
            if case .closed = body {
                try Outbox.enqueue(db, state, closedAt: event.at)
            }
            if case let .panelConfirmed(members) = body {
                for m in members {
                    try db.execute(sql: "INSERT INTO service (representative_id, hearing_id, date, role) VALUES (?, ?, ?, 'member')",
                                   arguments: [m, state.id, context.today.description])
                    try PoolStore.log(db, id: m, action: "service", changes: [FieldChange(field: "service", old: nil, new: state.id)],
                                      reason: "\(state.kind.label) \(state.id)", context: context)
                }
            }
        }
        try db.execute(sql: """
            UPDATE hearing SET stage = ?, last_seq = ?, head_hash = ?, sealed_hash = ?, updated_at = ? WHERE id = ?
            """, arguments: [state.stage.rawValue, state.lastSeq, state.headHash, state.sealedHash, context.timestamp, state.id])
        return recorded
    }

    /// The last state seen of each hearing, used only while the stored head hash still matches
    /// (another process appending changes it), so a long hearing is not replayed per command.
    final class StateCache: @unchecked Sendable {
        private let lock = NSLock()
        private var states: [String: HearingState] = [:]

        func state(_ db: Database, _ id: String) throws -> HearingState {
            guard let row = try Row.fetchOne(db, sql: "SELECT last_seq, head_hash FROM hearing WHERE id = ?", arguments: [id]) else {
                throw HearingError.notFound("no hearing \(id) (see `pingli hearing list`)")
            }
            lock.lock()
            let cached = states[id]
            lock.unlock()
            if let cached, cached.lastSeq == (row["last_seq"] as Int), cached.headHash == (row["head_hash"] as String) { return cached }
            let fresh = try HearingStore.state(db, id)
            store(fresh)
            return fresh
        }

        func store(_ s: HearingState) {
            lock.lock()
            states[s.id] = s
            lock.unlock()
        }
    }

    static func nextID(_ db: Database, year: Int) throws -> String {
        let prefix = "H-\(year)-"
        let last = try String.fetchOne(db, sql: "SELECT id FROM hearing WHERE id LIKE ? ORDER BY id DESC LIMIT 1", arguments: [prefix + "%"])
        let n = last.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
        return prefix + zeroPadded(n + 1, 4)
    }
}
