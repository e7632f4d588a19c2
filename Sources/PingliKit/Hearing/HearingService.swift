/// Runs hearing commands: reads the state and the facts a command needs, lets
/// ``HearingDecider`` decide, and has the log commit the decision, all in one transaction.
/// It holds no state of its own; the log, the pool and the solver are passed in.
public struct HearingService: Sendable {
    public let log: any HearingLog
    public let pool: any PoolReading
    public let solver: any IntegerSolver

    public init(log: any HearingLog, pool: any PoolReading, solver: any IntegerSolver) {
        self.log = log
        self.pool = pool
        self.solver = solver
    }

    // MARK: Opening

    /// Opens a hearing (or an instant mediation, or a re-hearing of `rehearingOf`).
    public func open(caseRef: String, kind: ProcedureKind, spec: PanelSpec, place: String?, rehearingOf: String? = nil,
                     context: OperationContext) throws -> HearingState {
        try log.write { tx in
            let earlier = try rehearingOf.map { try tx.state($0) }
            let id = try tx.nextHearingID(year: context.today.year)
            let decision = try HearingDecider.open(id: id, caseRef: caseRef, kind: kind, spec: spec, place: place, rehearingOf: earlier)
            return try tx.commit(decision, context: context)[0].0
        }
    }

    // MARK: Commands

    /// Runs `command` on hearing `id`; returns the new state and the events recorded.
    @discardableResult
    public func execute(_ id: String, _ command: HearingCommand, context: OperationContext) throws -> (HearingState, [HearingEvent]) {
        try log.write { tx in
            let state = try tx.state(id)
            var facts = HearingFacts(today: context.today,
                                     representatives: try tx.representativeStatuses(HearingFacts.representativesNamed(by: command)))
            if case .confirm = command {
                // Read in this transaction: another office confirming at the same moment is
                // either seen here or makes this transaction run again.
                facts.service = try tx.service(state.seats.map(\.representative))
                facts.rules = try tx.rules()
            }
            return try tx.commit(try HearingDecider.decide(state, command, facts: facts), context: context)[0]
        }
    }

    /// Draws the panel from the pool with the contributions recorded so far.
    @discardableResult
    public func drawPanel(_ id: String, context: OperationContext) throws -> (HearingState, [HearingEvent]) {
        let state = try self.state(id)
        try HearingDecider.checkReady(state)
        let (prepared, _) = try prepareDraw(state, day: context.today)
        let record = try DrawEngine.draw(prepared, hearingID: state.id, mode: state.seedMode!, contributions: HearingDecider.contributions(state))
        return try execute(id, .draw(record), context: context)
    }

    /// The lottery for hearing `s` on `day` from today's pool, and who is left out and why.
    public func prepareDraw(_ s: HearingState, day: Day) throws -> (PreparedDraw, [ExcludedPerson]) {
        guard let spec = s.spec else { throw HearingError.invalid(Message("hearing.hearing-has-no-opening")) }
        let office = try log.read { try $0.office(of: s.id) }
        return try DrawPreparation.prepare(pool: pool, spec: spec, parties: s.parties, day: day,
                                           excludedPanel: Set(s.excludedPanel), office: office, solver: solver)
    }

    /// Switches hearing `id` to the smallest relaxation of its spec's quotas that today's pool can
    /// meet, recorded as a spec change with `reason` and what was relaxed. Refused when the
    /// quotas can be met as they are.
    @discardableResult
    public func relax(_ id: String, reason: String, context: OperationContext) throws -> (HearingState, [HearingEvent]) {
        let s = try state(id)
        guard let spec = s.spec else { throw HearingError.invalid(Message("hearing.hearing-has-no-opening")) }
        let found: [QuotaRelaxation]
        do {
            _ = try prepareDraw(s, day: context.today)
            throw HearingError.invalid(Message("hearing.quotas-can-met-today", spec.name))
        } catch let DrawError.quotasInfeasible(list) {
            found = list
        }
        let what = found.map { "\($0.quota) \($0.current) → \($0.proposed)" }.joined(separator: "，")
        return try execute(id, .changeSpec(try spec.relaxed(by: found), reason: "\(reason)（放宽配额：\(what)）"), context: context)
    }

    /// Extends the alternates from the same lottery and seed.
    @discardableResult
    public func drawMore(_ id: String, context: OperationContext) throws -> (HearingState, [HearingEvent]) {
        let state = try self.state(id)
        guard let record = state.draw else { throw HearingError.invalid(Message("hearing.there-no-drawn-panel")) }
        return try execute(id, .drawMore(try DrawEngine.drawMoreAlternates(record, more: max(1, record.spec.alternates))), context: context)
    }

    /// Escalates an instant mediation: records it, and opens a public hearing of the same
    /// case with the same parties, in one transaction.
    public func escalate(_ id: String, spec: PanelSpec, context: OperationContext) throws -> (HearingState, HearingState) {
        try log.write { tx in
            let mediation = try tx.state(id)
            let newID = try tx.nextHearingID(year: context.today.year)
            let decision = try HearingDecider.escalate(mediation, newHearingID: newID, spec: spec, facts: HearingFacts(today: context.today))
            let results = try tx.commit(decision, context: context)
            return (results[0].0, results[1].0)
        }
    }

    // MARK: Reading

    public func state(_ id: String) throws -> HearingState { try log.read { try $0.state(id) } }
    public func events(_ id: String) throws -> [HearingEvent] { try log.read { try $0.events(id) } }
    public func list() throws -> [HearingSummary] { try log.read { try $0.list() } }
    /// The stored rows of a hearing's log in insertion order, untrusted (for verification).
    public func rows(_ id: String) throws -> StoredLog { try log.read { try $0.stored(id) } }
}
