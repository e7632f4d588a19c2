import Foundation
import GRDB

/// Writes rows that arrive from concurrent requests in shared transactions: one fsync makes
/// every row waiting at that moment durable, and each request is answered only after its
/// row is on disk. With one request at a time it is an ordinary transaction per row; with
/// N connections delivering at once the receiver pays one fsync per N rows instead of N.
final class GroupCommit<Row: Sendable>: @unchecked Sendable {
    typealias Write = (Database, Row) throws -> Bool
    private let writer: DatabaseWriter
    private let write: Write
    private let lock = NSLock()
    private var waiting: [(Row, CheckedContinuation<Result<Bool, Error>, Never>)] = []
    private var scheduled = false
    private var held = false
    private var commits = 0
    /// Transactions committed so far (each holding one or more rows).
    var commitCount: Int { lock.lock(); defer { lock.unlock() }; return commits }
    /// Rows waiting for the next commit.
    var pendingCount: Int { lock.lock(); defer { lock.unlock() }; return waiting.count }
    /// Writes run here, off the cooperative pool the HTTP server needs.
    private let queue = DispatchQueue(label: "pingli.casestore.commit")

    /// `write` inserts one row and says whether it was new.
    init(_ writer: DatabaseWriter, write: @escaping Write) {
        self.writer = writer
        self.write = write
    }

    /// Waits until `row` is committed; true when it was new.
    func commit(_ row: Row) async throws -> Bool {
        let result = await withCheckedContinuation { (c: CheckedContinuation<Result<Bool, Error>, Never>) in
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
                let inserted = try writer.write { db in try batch.map { try write(db, $0.0) } }
                lock.lock(); commits += 1; lock.unlock()
                for (i, item) in batch.enumerated() { item.1.resume(returning: .success(inserted[i])) }
            } catch {
                for item in batch { item.1.resume(returning: .failure(error)) }
            }
        }
    }
}
