import Foundation

/// Writes rows that arrive from concurrent requests in shared transactions: one fsync makes
/// every row waiting at that moment durable, and each request is answered only after its
/// row is on disk. With one request at a time it is an ordinary transaction per row; with
/// N connections at once the server pays one fsync per N rows instead of N. Used by the
/// reference receiver and by `pingli serve`; `commitBatch` is the store's one transaction.
final class GroupCommit<Row: Sendable, Output: Sendable>: @unchecked Sendable {
    /// Commits every row in one transaction and returns each row's result, in order; throwing
    /// fails every row of the batch (nothing of it was committed).
    typealias CommitBatch = ([Row]) throws -> [Output]
    private let commitBatch: CommitBatch
    private let lock = NSLock()
    private var waiting: [(Row, CheckedContinuation<Result<Output, Error>, Never>)] = []
    private var scheduled = false
    private var held = false
    private var commits = 0
    /// Transactions committed so far (each holding one or more rows).
    var commitCount: Int { lock.lock(); defer { lock.unlock() }; return commits }
    /// Rows waiting for the next commit.
    var pendingCount: Int { lock.lock(); defer { lock.unlock() }; return waiting.count }
    /// Writes run here, off the cooperative pool the HTTP server needs.
    private let queue = DispatchQueue(label: "pingli.group-commit")

    init(_ commitBatch: @escaping CommitBatch) {
        self.commitBatch = commitBatch
    }

    /// Waits until `row` is committed; returns its result.
    func commit(_ row: Row) async throws -> Output {
        let result = await withCheckedContinuation { (c: CheckedContinuation<Result<Output, Error>, Never>) in
            lock.lock()
            waiting.append((row, c))
            let start = !scheduled && !held
            if start { scheduled = true }
            lock.unlock()
            if start { queue.async { self.drain() } }
        }
        return try result.get()
    }

    /// Holds every commit until `release()`: rows queue up meanwhile. Tests use it to make
    /// "concurrent rows share one transaction" deterministic instead of a matter of scheduling.
    func hold() { lock.lock(); held = true; lock.unlock() }

    /// Ends `hold()` and commits everything that queued up, in one transaction.
    func release() {
        lock.lock()
        held = false
        let start = !scheduled && !waiting.isEmpty
        if start { scheduled = true }
        lock.unlock()
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            lock.lock()
            if held { scheduled = false; lock.unlock(); return }
            let batch = waiting
            waiting.removeAll()
            if batch.isEmpty { scheduled = false }
            lock.unlock()
            if batch.isEmpty { return }
            do {
                let outputs = try commitBatch(batch.map(\.0))
                lock.lock(); commits += 1; lock.unlock()
                for (i, item) in batch.enumerated() { item.1.resume(returning: .success(outputs[i])) }
            } catch {
                for item in batch { item.1.resume(returning: .failure(error)) }
            }
        }
    }
}
