import Foundation

/// The last state this process saw of each hearing, shared by both stores' hearing logs: the
/// SQLite log uses it while the stored head still matches (another process appending changes
/// it), the PostgreSQL log decides on it and lets the store refuse a stale append. Either way
/// a long hearing is not replayed per command.
final class HearingStateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var states: [String: HearingState] = [:]

    /// The cached state of `id` when it is still at `lastSeq`/`headHash`, else `replay()`'s.
    func state(_ id: String, lastSeq: Int, headHash: String, replay: () throws -> HearingState) throws -> HearingState {
        if let cached = cached(id), cached.lastSeq == lastSeq, cached.headHash == headHash { return cached }
        let fresh = try replay()
        store(fresh, as: id)
        return fresh
    }

    /// The last state this process stored for `id`, if any (not checked against the store).
    func cached(_ id: String) -> HearingState? {
        lock.lock()
        defer { lock.unlock() }
        return states[id]
    }

    /// Forgets every state (a transaction that stored some did not commit).
    func removeAll() {
        lock.lock()
        states = [:]
        lock.unlock()
    }

    /// Keeps `s` under `key` (the store's key for it; its id by default).
    func store(_ s: HearingState, as key: String? = nil) {
        lock.lock()
        states[key ?? s.id] = s
        lock.unlock()
    }
}

/// The states one transaction has read or written: nobody else writes meanwhile, so `commit`
/// need not look them up again.
final class TransactionStates {
    var states: [String: HearingState] = [:]
    /// States taken from the cache without reading the store (PostgreSQL writes).
    var unverified: Set<String> = []
    /// The store's key of each hearing (by id) this transaction touched, where the two differ
    /// (the county store's office keys).
    var keys: [String: String] = [:]
}
