/// The outbox as delivery sees it: outcomes enter with their record (in the record's own
/// transaction, through the store that keeps hearings) and leave when the case system has
/// them. Every outbox statement lives in an adapter of this protocol; ``Deliverer`` and the
/// command line call only these methods.
public protocol OutboxStore: Sendable {
    /// The office's settings, for ``DeliverySettings``.
    var settings: any SettingsAccess { get }

    func list(status: OutboxItem.Status?) throws -> [OutboxItem]
    /// One item and every attempt at it.
    func item(_ id: Int64) throws -> (OutboxItem, [DeliveryLogEntry])
    /// Pending and dead items, for the console's prompt.
    func counts() throws -> (pending: Int, dead: Int)
    /// Puts a dead (or pending) item back at the front: due now, attempts counted afresh.
    func retry(_ id: Int64, now: String) throws
    /// Sends every outcome created since `since` again (the receiver de-duplicates by id).
    func replay(since: String, now: String) throws -> Int
    /// Makes everything pending due at `now` (the moderator asked to deliver now).
    func makeDue(now: String) throws
    /// Claims up to `limit` items due at `now`, oldest first, skipping any whose case has an
    /// earlier outcome not yet delivered, leased to `owner` until `leaseUntil`. Leases held by
    /// owners `isGone` names are freed first (a worker killed mid-delivery).
    func claim(now: String, leaseUntil: String, limit: Int, owner: String, isGone: (String) -> Bool) throws -> [OutboxItem]
    /// Frees the leases of items claimed but not sent.
    func release(_ ids: [Int64]) throws
    /// Records a batch of attempts in one transaction; a 410 also disables delivery.
    func record(_ attempts: [DeliveryAttempt], at: String, url: String, nextAttempt: (Int) -> String) throws
    /// The earliest time anything pending becomes due.
    func nextDue() throws -> String?
}

extension OutboxStore {
    public func list() throws -> [OutboxItem] { try list(status: nil) }
}
