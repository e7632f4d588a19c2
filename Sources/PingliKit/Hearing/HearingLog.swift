/// One line of `hearing list`.
public struct HearingSummary: Sendable {
    public var id: String
    public var caseRef: String
    public var kind: ProcedureKind
    public var spec: String
    public var stage: HearingStage
    public var openedAt: String
    public var events: Int
    /// The office it belongs to (a county store); nil in a single office's database.
    public var office: String? = nil
}

/// A hearing's log as stored, untrusted: the rows in stored order, the sealed hash kept
/// outside the chain, and the head the store believes in.
public struct StoredLog: Sendable {
    public var rows: [StoredEvent]
    public var sealedHash: String?
    public var headHash: String?
    /// The id the chain was hashed under — the hearing's number — when the store names the
    /// hearing otherwise (a county store's `JD01/H-2026-0007`); nil: the id asked for.
    public var chainID: String? = nil
}

/// The storage seam for hearings: what ``HearingService`` needs from a store. An adapter
/// runs each body in one transaction, appends decided events with their hashes and applies
/// the decided effects; it decides nothing. `Store/SQLiteHearingLog.swift` is the SQLite one.
public protocol HearingLog: Sendable {
    /// Runs `body` on a consistent snapshot.
    func read<T>(_ body: (any HearingLogReader) throws -> T) throws -> T
    /// Runs `body` in one write transaction: everything it commits is on disk when this
    /// returns, or nothing is.
    func write<T>(_ body: (any HearingLogWriter) throws -> T) throws -> T
}

/// Reading hearings inside a transaction.
public protocol HearingLogReader {
    /// The state a hearing's events make (``HearingError/notFound(_:)`` when there is none).
    func state(_ id: String) throws -> HearingState
    func events(_ id: String) throws -> [HearingEvent]
    func stored(_ id: String) throws -> StoredLog
    func list() throws -> [HearingSummary]
    /// The next free hearing id of `year` (`H-2026-0007`).
    func nextHearingID(year: Int) throws -> String
    /// The pool status of each of `ids` that is in the pool.
    func representativeStatuses(_ ids: [String]) throws -> [String: RepresentativeStatus]
    /// The office hearing `id` belongs to (nil in a database without offices).
    func office(of id: String) throws -> String?
    /// The service records of each of `ids`, in every office, and the rules they are judged by:
    /// what confirming a panel checks again, in the confirming transaction.
    func service(_ ids: [String]) throws -> [String: [ServiceRecord]]
    func rules() throws -> EligibilityRules
}

/// Writing hearings inside a transaction.
public protocol HearingLogWriter: HearingLogReader {
    /// Appends every append of `decision` (creating the hearings it opens) and applies its
    /// effects; returns each hearing's new state and the events recorded, in the order of
    /// `decision.appends`.
    func commit(_ decision: HearingDecision, context: OperationContext) throws -> [(HearingState, [HearingEvent])]
}
