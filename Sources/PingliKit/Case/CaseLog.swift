/// One line of `case list`.
public struct CaseSummary: Sendable, Equatable {
    public var ref: String
    public var title: String
    public var category: String
    public var status: CaseStatus
    public var moderator: String?
    public var receivedOn: Day
    /// Accepting while received, else handling; nil once refused or closed.
    public var nextDeadline: Day?
    public var round: Int
    /// The office it belongs to (a county store); nil in a single office's database.
    public var office: String?

    public init(ref: String, title: String, category: String, status: CaseStatus, moderator: String?, receivedOn: Day,
                nextDeadline: Day?, round: Int, office: String? = nil) {
        self.ref = ref; self.title = title; self.category = category; self.status = status
        self.moderator = moderator; self.receivedOn = receivedOn; self.nextDeadline = nextDeadline; self.round = round
        self.office = office
    }

    public func isOverdue(today: Day) -> Bool { Self.isOverdue(nextDeadline, today: today) }
    public func isDueSoon(today: Day, within days: Int = 2) -> Bool { Self.isDueSoon(nextDeadline, today: today, within: days) }

    /// Past `deadline` (none: never).
    public static func isOverdue(_ deadline: Day?, today: Day) -> Bool { deadline.map { $0 < today } ?? false }
    /// Due today or within `days` days, not yet overdue.
    public static func isDueSoon(_ deadline: Day?, today: Day, within days: Int = 2) -> Bool {
        guard let d = deadline, d >= today else { return false }
        return today.days(until: d) <= days
    }
}

/// The storage seam for cases, beside ``HearingLog``: an adapter runs each body in one
/// transaction, appends what ``CaseDecider`` decided with its hashes and queues the status
/// events it names; it decides nothing. `Store/SQLiteCaseLog.swift` is the SQLite one.
public protocol CaseLog: Sendable {
    func read<T>(_ body: (any CaseLogReader) throws -> T) throws -> T
    /// One write transaction, shared with the hearing log so a case and the hearing it opens
    /// are recorded together or not at all.
    func write<T>(_ body: (any CaseLogWriter) throws -> T) throws -> T
}

public protocol CaseLogReader {
    /// The state a case's events make (``CaseError/notFound(_:)`` when there is none).
    func state(_ ref: String) throws -> CaseState
    func exists(_ ref: String) throws -> Bool
    func events(_ ref: String) throws -> [CaseEvent]
    func stored(_ ref: String) throws -> StoredLog
    func list() throws -> [CaseSummary]
    /// Hearings opened for the case, oldest first.
    func hearings(of ref: String) throws -> [HearingSummary]
    /// The office's categories and deadlines, and its working-day calendar, for `today`.
    func facts(today: Day) throws -> CaseFacts
    /// The hearing log in this same snapshot (a hearing's case is found through it).
    var hearingLog: any HearingLogWriter { get }
    /// The next deadline of every case still open (for the console's prompt).
    func openDeadlines() throws -> [Day]
    /// What the store knows of a referral: the case its webhook id created, if one did, and
    /// whether a case `ref` exists. Asked as one question, so a store across a network answers
    /// it in one round trip.
    func referral(webhookID: String, ref: String) throws -> (createdCase: String?, caseExists: Bool)
}

public protocol CaseLogWriter: CaseLogReader {
    /// Appends `decision`'s events (creating the case when it `opens`) and queues its status
    /// events; returns the new state and what was recorded.
    func commit(_ decision: CaseDecision, context: OperationContext) throws -> (CaseState, [CaseEvent])
    /// Runs `body` so that if it throws, nothing it wrote stays (the rest of the transaction does).
    func savepoint<T>(_ body: () throws -> T) throws -> T
    /// Remembers that the referral `webhookID` created case `ref`.
    func recordIntake(webhookID: String, ref: String, at: String) throws
}
