import Foundation

/// Case logs in the county store: the same tables and rules as ``SQLiteCaseLog``, sharing the
/// transaction (and the connection) with the hearing log, so a case and the hearing it opens
/// are recorded together or not at all.
public struct PGCaseLog: CaseLog {
    let connection: PGConnection
    let hearings: PGHearingLog

    public init(_ connection: PGConnection, hearings: PGHearingLog) {
        self.connection = connection
        self.hearings = hearings
    }

    public func read<T>(_ body: (any CaseLogReader) throws -> T) throws -> T {
        try connection.transaction(readOnly: true) { try body(transaction()) }
    }

    public func write<T>(_ body: (any CaseLogWriter) throws -> T) throws -> T {
        try connection.transaction(onFailure: { hearings.cache.removeAll() }) { try body(transaction()) }
    }

    private func transaction() -> Transaction {
        Transaction(connection: connection, hearingLog: hearings.transaction(writing: false), registered: hearings.registered)
    }

    struct Transaction: CaseLogWriter {
        let connection: PGConnection
        let hearingLog: any HearingLogWriter
        let registered: RegisteredOffices

        func exists(_ ref: String) throws -> Bool {
            !(try connection.query(#"SELECT 1 FROM "case" WHERE ref = $1"#, [ref]).isEmpty)
        }

        func state(_ ref: String) throws -> CaseState {
            guard try exists(ref) else { throw CaseError.notFound(Message("case.no-case-see-pingli", ref)) }
            return CaseState.replay(ref: ref, try events(ref))
        }

        func events(_ ref: String) throws -> [CaseEvent] {
            try connection.query("SELECT * FROM case_event WHERE case_ref = $1 ORDER BY seq", [ref]).map {
                try CaseEvent(PGHearingLog.Transaction.stored($0))
            }
        }

        func stored(_ ref: String) throws -> StoredLog {
            guard let head = try connection.query(#"SELECT head_hash FROM "case" WHERE ref = $1"#, [ref]).first?.first else {
                throw CaseError.notFound(Message("case.no-case-see-pingli", ref))
            }
            let rows = try connection.query("SELECT * FROM case_event WHERE case_ref = $1 ORDER BY id", [ref]).map(PGHearingLog.Transaction.stored)
            return StoredLog(rows: rows, sealedHash: head, headHash: head)
        }

        func list() throws -> [CaseSummary] {
            try connection.query(#"SELECT * FROM "case" ORDER BY received_on, ref"#).map { r in
                CaseSummary(ref: r.string("ref"), title: r.string("title"), category: r.string("category"),
                            status: CaseStatus(rawValue: r.string("status")) ?? .received, moderator: r["moderator"],
                            receivedOn: Day(r.string("received_on")) ?? Day(ordinal: 0),
                            nextDeadline: r["next_deadline"].flatMap(Day.init), round: r.int("round"), office: r["office"])
            }
        }

        func openDeadlines() throws -> [Day] {
            try connection.query(#"SELECT next_deadline FROM "case" WHERE next_deadline IS NOT NULL"#).compactMap { $0.first.flatMap(Day.init) }
        }

        func hearings(of ref: String) throws -> [HearingSummary] { try hearingLog.list().filter { $0.caseRef == ref } }

        func facts(today: Day) throws -> CaseFacts { try CaseSettings.facts(PGSettings(connection: connection), today: today) }

        /// The savepoint and its release go out with the item's next statement that needs an
        /// answer (no round trip of their own). A refusal rolls back to it; a storage error is
        /// not caught: it fails the whole transaction (or runs it again), so a write queued by
        /// one item and refused by the server later can never be blamed on, or undo, another.
        func savepoint<T>(_ body: () throws -> T) throws -> T {
            try connection.enqueue("SAVEPOINT pingli_item")
            do {
                let result = try body()
                try connection.enqueue("RELEASE SAVEPOINT pingli_item")
                return result
            } catch let error as PGError {
                throw error
            } catch {
                try connection.execute("ROLLBACK TO SAVEPOINT pingli_item")
                try connection.enqueue("RELEASE SAVEPOINT pingli_item")
                throw error
            }
        }

        func referral(webhookID: String, ref: String) throws -> (createdCase: String?, caseExists: Bool) {
            let row = try connection.query("""
                SELECT (SELECT case_ref FROM intake WHERE webhook_id = $1) AS created,
                       CASE WHEN EXISTS (SELECT 1 FROM "case" WHERE ref = $2) THEN 1 ELSE 0 END AS found
                """, [webhookID, ref]).first
            return (row?["created"], row?.int("found") == 1)
        }

        func recordIntake(webhookID: String, ref: String, at: String) throws {
            try connection.enqueue("INSERT INTO intake (webhook_id, case_ref, received_at) VALUES ($1, $2, $3)", [webhookID, ref, at])
        }

        func commit(_ decision: CaseDecision, context: OperationContext) throws -> (CaseState, [CaseEvent]) {
            var state = decision.opens ? CaseState(ref: decision.ref) : try state(decision.ref)
            let recorded = state.record(decision.events, context: context)
            let values: [(any PGBindable)?] = [state.status.rawValue, state.moderator, state.nextDeadline?.description, state.round,
                                               state.lastSeq, state.headHash, context.timestamp, state.ref]
            if decision.opens {
                guard let d = state.details else { throw CaseError.invalid(Message("case.new-case-must-begin")) }
                try connection.enqueue("""
                    INSERT INTO "case" (status, moderator, next_deadline, round, last_seq, head_hash, updated_at, ref, title, category, received_on, office)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                    """, values + [d.title, d.category, d.receivedOn.description, try PGStore.office(connection, context, known: registered)])
            } else {
                try connection.enqueue("""
                    UPDATE "case" SET status = $1, moderator = $2, next_deadline = $3, round = $4, last_seq = $5, head_hash = $6, updated_at = $7 WHERE ref = $8
                    """, values)
            }
            for e in recorded {
                try connection.enqueue("""
                    INSERT INTO case_event (case_ref, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, [state.ref, e.seq, e.at, e.operatorName, e.body.type, e.stored.payload, e.stored.prevHash, e.hash])
            }
            for (type, event) in zip(decision.notify, recorded) {
                try PGOutbox.enqueueStatus(connection, type: type, state: state, event: event)
            }
            return (state, recorded)
        }
    }

    /// Records the outcome of a closed hearing on its case (in the hearing's closing transaction).
    static func hearingClosed(_ connection: PGConnection, _ hearing: HearingState, hearingLog: any HearingLogWriter,
                              registered: RegisteredOffices, context: OperationContext) throws {
        let tx = Transaction(connection: connection, hearingLog: hearingLog, registered: registered)
        guard try tx.exists(hearing.caseRef) else { return }
        if let decision = CaseDecider.hearingClosed(try tx.state(hearing.caseRef), hearing: hearing) {
            _ = try tx.commit(decision, context: context)
        }
    }
}
