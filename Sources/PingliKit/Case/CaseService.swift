/// Runs case commands: reads the case and the office's rules, lets ``CaseDecider`` decide
/// and has the log commit, in one transaction. Opening a hearing from a case records the
/// case's `scheduled` event and the hearing's opening (with the case's parties, never typed
/// twice) together.
public struct CaseService: Sendable {
    public let log: any CaseLog

    public init(log: any CaseLog) { self.log = log }

    /// A new case (签收), from a referral or a walk-in.
    @discardableResult
    public func receive(ref: String, title: String, category: String, source: CaseSource, referringUnit: String?,
                        parties: [CaseParty], summary: String?, due: Day?, context: OperationContext) throws -> CaseState {
        try log.write { tx in
            guard try !tx.exists(ref.trimmed) else {
                throw CaseError.exists(Message("case.case-already-exists-see", ref.trimmed, ref.trimmed))
            }
            let decision = try CaseDecider.receive(ref: ref, title: title, category: category, source: source, referringUnit: referringUnit,
                                                   parties: parties, summary: summary, due: due, facts: try tx.facts(today: context.today))
            return try tx.commit(decision, context: context).0
        }
    }

    /// Receives every row of a sheet in one transaction: all of them, or (the first refusal
    /// named by its line) none.
    @discardableResult
    public func receive(sheet rows: [CaseSheet.Row], context: OperationContext) throws -> [CaseState] {
        try log.write { tx in
            let facts = try tx.facts(today: context.today)
            return try rows.map { row in
                do {
                    guard try !tx.exists(row.newCase.ref) else { throw CaseError.exists(Message("case.case-already-exists", row.newCase.ref)) }
                    let decision = try CaseDecider.receive(row.newCase, facts: facts)
                    return try tx.commit(decision, context: context).0
                } catch let e as CaseError {
                    throw CaseSheet.RowError(line: row.line, message: e.description)
                }
            }
        }
    }

    /// What became of a referral.
    public enum IntakeResult: Sendable, Equatable {
        case stored(ref: String)
        /// The same webhook id came before: nothing new is stored.
        case duplicate(ref: String)
    }

    /// Takes in a referral from the case system: the case and the webhook id that brought it,
    /// in one transaction. A repeated webhook id stores nothing; a new id for a case that
    /// exists is refused.
    public func receive(_ referral: Referral, webhookID: String, context: OperationContext) throws -> IntakeResult {
        try log.write { tx in try Self.receive(referral, webhookID: webhookID, context: context, facts: try tx.facts(today: context.today), in: tx) }
    }

    /// Referrals that arrived together, in one transaction (one fsync for all): each is stored
    /// or refused on its own (a refused one leaves nothing, the others stay); a storage failure
    /// fails them all, and nothing is stored.
    public func receive(batch: [(referral: Referral, webhookID: String, context: OperationContext)]) throws -> [Result<IntakeResult, CaseError>] {
        try log.write { tx in
            var facts: CaseFacts?
            return try batch.map { item in
                if facts?.today != item.context.today { facts = try tx.facts(today: item.context.today) }
                do {
                    return .success(try tx.savepoint { try Self.receive(item.referral, webhookID: item.webhookID, context: item.context, facts: facts!, in: tx) })
                } catch let e as CaseError {
                    return .failure(e)
                }
            }
        }
    }

    private static func receive(_ referral: Referral, webhookID: String, context: OperationContext, facts: CaseFacts,
                                in tx: any CaseLogWriter) throws -> IntakeResult {
        let ref = referral.newCase.ref
        let known = try tx.referral(webhookID: webhookID, ref: ref)
        if let created = known.createdCase { return .duplicate(ref: created) }
        guard !known.caseExists else {
            throw CaseError.exists(Message("case.case-already-exists-referral", ref))
        }
        _ = try tx.commit(try CaseDecider.receive(referral.newCase, facts: facts), context: context)
        try tx.recordIntake(webhookID: webhookID, ref: ref, at: context.timestamp)
        return .stored(ref: ref)
    }

    /// What a withdrawal from the console recorded.
    public enum Withdrawal: Sendable {
        /// The hearing's case waited on it: the case records the withdrawal and closes the hearing.
        case throughCase(CaseState, [CaseEvent])
        /// A hearing without a case (or not the one its case waits on): only its record.
        case hearingOnly(HearingState, [HearingEvent])
    }

    /// Withdraws (or terminates) hearing `hearingID`: through its case when the case waits on
    /// this hearing, so the case and the record agree; otherwise on the record alone.
    public func withdraw(hearingID: String, reason: String, terminated: Bool, context: OperationContext) throws -> Withdrawal {
        let ref = try log.read { try $0.hearingLog.state(hearingID).caseRef }
        if let c = try? state(ref), c.currentHearing == hearingID {
            let (s, events) = try execute(ref, .end(terminated ? .terminated : .withdrawn, reason: reason), context: context)
            return .throughCase(s, events)
        }
        return try log.write { tx in
            let decision = try HearingDecider.decide(try tx.hearingLog.state(hearingID), .withdraw(reason: reason, terminated: terminated),
                                                     facts: HearingFacts(today: context.today))
            let (s, events) = try tx.hearingLog.commit(decision, context: context)[0]
            return .hearingOnly(s, events)
        }
    }

    /// Runs `command` on case `ref`. Withdrawing or terminating a case that waits on a hearing
    /// also closes that hearing's record as withdrawn or terminated, in the same transaction
    /// (refused, with the hearing's reason, once the hearing has a result).
    @discardableResult
    public func execute(_ ref: String, _ command: CaseCommand, context: OperationContext) throws -> (CaseState, [CaseEvent]) {
        try log.write { tx in
            let state = try tx.state(ref)
            let decision = try CaseDecider.decide(state, command, facts: try tx.facts(today: context.today))
            if case let .end(kind, reason) = command, let hearingID = state.currentHearing {
                let hearings = tx.hearingLog
                let hearing = try hearings.state(hearingID)
                let ending = try HearingDecider.decide(hearing, .withdraw(reason: reason, terminated: kind == .terminated),
                                                       facts: HearingFacts(today: context.today))
                _ = try hearings.commit(ending, context: context)
            }
            return try tx.commit(decision, context: context)
        }
    }

    /// Opens a hearing (or instant mediation) for case `ref` on `date` at `place`, with the
    /// case's parties as A, B, C…. In a second round a public hearing becomes a re-hearing of
    /// the case's last public hearing, excluding its panel. `spec` gives the spec for the kind
    /// decided (a name the moderator chose, else the kind's default).
    public func schedule(_ ref: String, kind: ProcedureKind, spec: (ProcedureKind) throws -> PanelSpec, date: Day, time: String?,
                         place: String, context: OperationContext) throws -> (CaseState, HearingState) {
        try log.write { tx in
            let s = try tx.state(ref)
            let hearings = tx.hearingLog
            var kind = kind
            var earlier: HearingState?
            if s.round > 1, kind == .publicHearing, let last = try tx.hearings(of: ref).last(where: { $0.kind != .instantMediation }) {
                earlier = try hearings.state(last.id)
                kind = .rehearing
            }
            let id = try hearings.nextHearingID(year: context.today.year)
            let caseDecision = try CaseDecider.decide(s, .schedule(CaseSchedule(hearingID: id, kind: kind, date: date, time: time, place: place.trimmed)),
                                                      facts: try tx.facts(today: context.today))
            var opening = try HearingDecider.open(id: id, caseRef: ref, kind: kind, spec: try spec(kind), place: place.trimmed, rehearingOf: earlier)
            opening.appends[0].events += Self.parties(s)
            let hearing = try hearings.commit(opening, context: context)[0].0
            let (state, _) = try tx.commit(caseDecision, context: context)
            return (state, hearing)
        }
    }

    /// The case's parties as the hearing's: labelled A, B, C… in the case's order (a label
    /// any keyboard types; the console shows the names beside them).
    static func parties(_ s: CaseState) -> [EventBody] {
        (s.details?.parties ?? []).enumerated().map { i, p in
            .partyAdded(Party(label: i < 26 ? String(UnicodeScalar(UInt8(65 + i))) : "P\(i + 1)", name: p.name, role: p.role,
                              community: p.community, phone: p.phone))
        }
    }

    public func state(_ ref: String) throws -> CaseState { try log.read { try $0.state(ref) } }
    public func events(_ ref: String) throws -> [CaseEvent] { try log.read { try $0.events(ref) } }
    public func list() throws -> [CaseSummary] { try log.read { try $0.list() } }
    public func hearings(of ref: String) throws -> [HearingSummary] { try log.read { try $0.hearings(of: ref) } }
    public func rows(_ ref: String) throws -> StoredLog { try log.read { try $0.stored(ref) } }
    /// Case `ref`'s stored log and what is wrong with its hash chain against the head its row holds.
    public func verifyChain(_ ref: String) throws -> (log: StoredLog, problems: [HashChain.Problem]) {
        let stored = try rows(ref)
        return (stored, HashChain.verify(hearingID: ref, rows: stored.rows, sealedHash: stored.headHash, subject: .case))
    }
    public func facts(today: Day) throws -> CaseFacts { try log.read { try $0.facts(today: today) } }
    /// How many open cases are past their next deadline, and how many are due within two days.
    public func deadlineCounts(today: Day, office: String? = nil) throws -> (overdue: Int, dueSoon: Int) {
        // In a county store, the office's own cases.
        let deadlines = try office.map { o in try list().filter { $0.office == o }.compactMap(\.nextDeadline) }
            ?? log.read { try $0.openDeadlines() }
        return (deadlines.filter { CaseSummary.isOverdue($0, today: today) }.count,
                deadlines.filter { CaseSummary.isDueSoon($0, today: today) }.count)
    }
}
