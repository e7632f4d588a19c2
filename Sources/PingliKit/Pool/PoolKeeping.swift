import Foundation

/// Filters for listing the pool.
public struct PoolFilter: Sendable {
    public var status: RepresentativeStatus?
    public var category: String?
    public var community: String?

    public init(status: RepresentativeStatus? = nil, category: String? = nil, community: String? = nil) {
        self.status = status
        self.category = category
        self.community = community
    }
}

/// One audited change to a representative.
public struct HistoryEntry: Sendable, Codable, Hashable {
    public var seq: Int64
    public var representativeID: String
    public var at: String
    public var operatorName: String
    /// `created`, `updated`, `status`, `training`, `service`.
    public var action: String
    public var changes: [FieldChange]
    public var reason: String?
}

/// The pool as the office keeps it: reading, and every audited change. Each change is one
/// transaction that also writes the history entry (who, what, from what, why). The rules
/// (``Lifecycle``, the category catalogue, training checks) are the pool's pure functions;
/// an adapter only reads and writes. `Store/PoolStore.swift` (SQLite) and
/// `Postgres/PGPoolStore.swift` (the county store) are the two.
public protocol PoolKeeping: PoolReading {
    func representative(_ id: String) throws -> Representative
    func list(_ filter: PoolFilter) throws -> [Representative]
    /// Every audited change to `id`, oldest first.
    func history(_ id: String) throws -> [HistoryEntry]
    func training(_ id: String) throws -> [TrainingRecord]
    func service(_ id: String) throws -> [ServiceRecord]
    /// Every reason `id` cannot serve on `day` under the office's rules.
    func eligibility(_ id: String, on day: Day, rules: EligibilityRules?) throws -> [IneligibilityReason]
    /// Adds a new representative; an empty id gets the next `R-NNNNNN`.
    @discardableResult func add(_ representative: Representative, context: OperationContext) throws -> Representative
    /// Replaces the stored fields of `representative` (matched by id), keeping history.
    @discardableResult func update(_ representative: Representative, reason: String?, context: OperationContext) throws -> [FieldChange]
    /// Moves `id` through the lifecycle (approve, suspend, reinstate, retire, reject).
    @discardableResult func setStatus(_ id: String, to status: RepresentativeStatus, reason: String?, until: Day?,
                                      context: OperationContext) throws -> Representative
    /// Records one training session for everyone in `ids`: all of them, or nobody.
    func train(_ ids: [String], _ record: TrainingRecord, context: OperationContext) throws
    /// Renews the terms of everyone in `ids`: all of them, or nobody. Returns the ids changed.
    @discardableResult func renew(_ ids: [String], termEnd: Day, reason: String?, context: OperationContext) throws -> [String]
    /// Adds a category the office uses beyond the built-in ones.
    func addCategory(_ category: Category) throws
    func setRule(_ key: EligibilityRules.Key, _ value: String) throws
    /// Statistics of the pool as of `today`.
    func statistics(today: Day) throws -> PoolStatistics
    /// Sets `id`'s home office (a registered code; nil serves the whole county), with history.
    func setHomeOffice(_ id: String, office: String?, context: OperationContext) throws
    /// `id`'s home office, nil when they serve the whole county.
    func homeOffice(_ id: String) throws -> String?
    /// Calls `body` with each representative in id order.
    func forEach(_ body: (Representative) throws -> Void) throws
}

extension PoolKeeping {
    public func list() throws -> [Representative] { try list(PoolFilter()) }
    public func eligibility(_ id: String, on day: Day) throws -> [IneligibilityReason] { try eligibility(id, on: day, rules: nil) }
    public func train(_ id: String, _ record: TrainingRecord, context: OperationContext) throws {
        try train([id], record, context: context)
    }
}
