import CPQ
import Foundation

/// One libpq connection to the county store, used by one thread at a time (a lock guards it).
///
/// Every write runs in a `SERIALIZABLE` transaction that is re-run from the start when
/// PostgreSQL reports a serialization failure or a deadlock: the body decides again on the
/// fresh snapshot, so two offices confirming panels at once are decided one after the other.
/// A lost connection is re-opened at the start of the next transaction; while the server is
/// away each command fails with ``StoreError/unavailable(location:detail:)`` and nothing is
/// half-written (the transaction never committed).
public final class PGConnection: @unchecked Sendable {
    /// The location as given, without any password (for messages).
    public let location: String
    private let conninfo: String
    private var conn: OpaquePointer?
    private let lock = NSRecursiveLock()
    private var inTransaction = false
    /// Statements held back to go out with the next one that needs an answer (or with the
    /// COMMIT): `BEGIN` and writes whose result nobody reads. One round trip instead of one
    /// each, through libpq's pipeline mode.
    private var pending: [(sql: String, args: [String?])] = []
    /// The running transaction's `BEGIN`, until it goes out with the first statement that
    /// needs an answer (or with the COMMIT): held apart from ``pending`` so that a command
    /// which turns out to be a single write sends that write alone.
    private var unsentBegin: String?
    /// Statements prepared on this connection (by text): parsed and planned once, not per call.
    private var prepared: [String: String] = [:]

    /// How often a transaction is re-run after a serialization failure before giving up.
    public static let maxAttempts = 20

    /// Connects to `url` (`postgresql://user@host:port/dbname`, libpq's own syntax).
    public init(url: String) throws {
        self.conninfo = url
        self.location = PGConnection.redacted(url)
        try connect()
    }

    deinit { if let conn { PQfinish(conn) } }

    /// `postgresql://user:secret@host/db` → `postgresql://user@host/db`.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex) else { return url }
        let userinfo = url[scheme.upperBound..<at.lowerBound]
        guard let colon = userinfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + String(url[at.lowerBound...])
    }

    private func connect() throws {
        if let conn { PQfinish(conn); self.conn = nil }
        prepared = [:]
        let c = PQconnectdb(conninfo)
        guard let c, PQstatus(c) == CONNECTION_OK else {
            let detail = c.map { Self.text(PQerrorMessage($0)) } ?? "out of memory"
            if let c { PQfinish(c) }
            throw Self.connectFailure(location: location, detail: detail)
        }
        conn = c
        // Durable acknowledgement and UTF-8 whatever the server's defaults are.
        _ = try run("SET synchronous_commit = on; SET client_encoding = 'UTF8'; SET application_name = 'pingli'; SET client_min_messages = warning", [])
    }

    /// What a failed connection means for the person who typed the URL: a server that is not
    /// there (try again later) is told apart from a database, a login or a URL that will not
    /// work however long they wait. libpq's messages are in English whatever the locale
    /// (`client_encoding` is not set yet, and Pingli does not set `lc_messages`).
    static func connectFailure(location: String, detail: String) -> StoreError {
        if let name = detail.firstMatch(of: /database "([^"]*)" does not exist/)?.1 {
            return .noSuchDatabase(location: location, name: String(name))
        }
        if detail.contains("password authentication failed") || detail.contains("no password supplied")
            || detail.contains("role \"") && detail.contains("does not exist") || detail.contains("no pg_hba.conf entry") {
            return .loginRefused(location: location, detail: detail)
        }
        if detail.contains("invalid connection option") || detail.contains("invalid URI") || detail.contains("invalid integer value")
            || detail.contains("invalid port") || (detail.contains("invalid") && detail.contains("value")) {
            return .badLocation(location: location, detail: detail)
        }
        return .unavailable(location: location, detail: detail)
    }

    /// libpq's message on one line (it breaks long ones and indents the rest).
    static func text(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    // MARK: Transactions

    /// How a write transaction is isolated.
    public enum Isolation: String, Sendable {
        /// Decisions: the body reads, decides and writes as if alone.
        case serializable = "SERIALIZABLE"
        /// Appends to one hearing: the store's own check that each event follows the one before
        /// it, and the unique next number, order the writers of a hearing, and writers of other
        /// hearings never conflict — under `SERIALIZABLE` their predicate locks shared pages and
        /// eight consoles appending at once failed one another. A decision that reads beyond its
        /// hearing asks for ``serializable`` first (``needSerializable()``).
        case repeatableRead = "REPEATABLE READ"
        /// Outbox bookkeeping, whose rows are claimed with `FOR UPDATE SKIP LOCKED`.
        case readCommitted = "READ COMMITTED"

        /// The statement that begins a transaction at this level.
        var begin: String {
            switch self {
            case .serializable: return "BEGIN ISOLATION LEVEL SERIALIZABLE"
            case .repeatableRead: return "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .readCommitted: return "BEGIN ISOLATION LEVEL READ COMMITTED"
            }
        }
    }

    /// The isolation of the transaction running now.
    private var current: Isolation = .serializable
    /// Set when a transaction found it needed `SERIALIZABLE` too late: its next attempt has it.
    private var upgradeNext = false

    /// Makes the running transaction `SERIALIZABLE`: at once if nothing has been sent yet,
    /// else by running it again from the start at that level.
    public func needSerializable() throws {
        lock.lock()
        defer { lock.unlock() }
        guard inTransaction, current != .serializable else { return }
        if unsentBegin != nil {
            unsentBegin = Isolation.serializable.begin
            current = .serializable
            return
        }
        upgradeNext = true
        throw PGError(sqlState: "40001", message: "this decision reads beyond its hearing: run again as serializable")
    }

    /// Runs `body` in one transaction: `SERIALIZABLE` for writes (re-run on a serialization
    /// failure), `READ ONLY` for reads. Nested calls join the outer transaction.
    @discardableResult
    public func transaction<T>(readOnly: Bool = false, isolation: Isolation = .serializable, onFailure: () -> Void = {},
                               _ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if inTransaction { return try body() }
        var attempt = 0
        while true {
            attempt += 1
            if conn == nil || PQstatus(conn) != CONNECTION_OK { try connect() }
            current = upgradeNext && !readOnly ? .serializable : isolation
            upgradeNext = false
            pending = []
            unsentBegin = readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : current.begin
            inTransaction = true
            do {
                let result = try body()
                try commit()
                inTransaction = false
                return result
            } catch {
                inTransaction = false
                pending = []
                unsentBegin = nil
                onFailure()
                // A COMMIT refused for a serialization failure has already ended the transaction.
                if conn != nil, PQstatus(conn) == CONNECTION_OK, PQtransactionStatus(conn) != PQTRANS_IDLE { _ = try? run("ROLLBACK", []) }
                if let e = error as? PGError, e.isRetryable, attempt < Self.maxAttempts {
                    usleep(useconds_t(UInt32.random(in: 200...2_000) * UInt32(min(attempt, 8))))
                    continue
                }
                throw error
            }
        }
    }

    /// Ends the transaction running now. One that has sent nothing yet needs no round trip
    /// for its BEGIN: with nothing to write it is done, and a single write is a transaction
    /// by itself (one statement is atomic, and nothing was read that a snapshot must hold).
    private func commit() throws {
        if unsentBegin != nil, pending.count <= 1 {
            unsentBegin = nil
            if let write = pending.popLast() { try run(write.sql, write.args) }
        } else {
            _ = try send("COMMIT", [])
        }
    }

    /// Runs statements outside any transaction (schema steps take their own).
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Statements

    /// Runs `sql` with `$1…` bound to `args` (as text; nil is NULL) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ args: [(any PGBindable)?] = []) throws -> PGRows {
        lock.lock()
        defer { lock.unlock() }
        if conn == nil || PQstatus(conn) != CONNECTION_OK {
            if inTransaction { throw StoreError.unavailable(location: location, detail: "the connection was lost") }
            try connect()
        }
        return try send(sql, args.map { $0?.pgText })
    }

    /// Runs `sql` later, with the next statement that needs an answer or the COMMIT, inside a
    /// transaction; at once outside one. Its error, if any, fails the transaction then.
    public func enqueue(_ sql: String, _ args: [(any PGBindable)?] = []) throws {
        try enqueue(sql, texts: args.map { $0?.pgText })
    }

    /// ``enqueue(_:_:)`` with the values already in PostgreSQL's text form (the append path's,
    /// which builds them itself rather than through an array of existentials).
    public func enqueue(_ sql: String, texts: [String?]) throws {
        lock.lock()
        defer { lock.unlock() }
        if inTransaction {
            pending.append((sql, texts))
        } else {
            if conn == nil || PQstatus(conn) != CONNECTION_OK { try connect() }
            _ = try send(sql, texts)
        }
    }

    /// Sends the statements held back so far and waits for their answers, inside the running
    /// transaction (nothing is committed): a long import keeps its pipeline short this way.
    public func flush() throws {
        lock.lock()
        defer { lock.unlock() }
        guard inTransaction, !pending.isEmpty else { return }
        var items = pending
        pending = []
        if let begin = unsentBegin {
            items.insert((begin, []), at: 0)
            unsentBegin = nil
        }
        _ = try pipeline(items)
    }

    /// Sends what is pending and `sql`, returning `sql`'s rows. A statement without
    /// parameters may hold several commands, which a pipeline does not allow: it goes alone.
    private func send(_ sql: String, _ texts: [String?]) throws -> PGRows {
        var items = pending
        pending = []
        if let begin = unsentBegin {
            items.insert((begin, []), at: 0)
            unsentBegin = nil
        }
        if items.isEmpty { return try run(sql, texts) }
        if texts.isEmpty && sql.contains(";") {
            _ = try pipeline(items)
            return try run(sql, texts)
        }
        return try pipeline(items + [(sql, texts)])
    }

    /// Sends `items` in one pipeline and one sync; returns the last one's rows, or throws the
    /// first error (the statements after it were not run).
    private func pipeline(_ items: [(sql: String, args: [String?])]) throws -> PGRows {
        guard let conn else { throw StoreError.unavailable(location: location, detail: "not connected") }
        let names = try items.map { try preparedName($0.sql, $0.args.count) }
        guard PQenterPipelineMode(conn) == 1 else {
            var last: PGRows?
            for item in items { last = try run(item.sql, item.args) }
            return last!
        }
        defer { PQexitPipelineMode(conn) }
        for (item, name) in zip(items, names) {
            let sent = Self.withParameters(item.args) { values in
                name.map { PQsendQueryPrepared(conn, $0, Int32(item.args.count), values, nil, nil, 0) }
                    ?? PQsendQueryParams(conn, item.sql, Int32(item.args.count), nil, values, nil, nil, 0)
            }
            guard sent == 1 else { throw connectionLost() }
        }
        guard PQpipelineSync(conn) == 1 else { throw connectionLost() }
        var firstError: Error?
        var last: PGRows?
        for _ in items {
            while let result = PQgetResult(conn) {
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK: last = PGRows(result)
                case PGRES_PIPELINE_ABORTED: break
                default: if firstError == nil { firstError = error(result) }
                }
                PQclear(result)
            }
        }
        // The sync point.
        if let sync = PQgetResult(conn) { PQclear(sync) }
        if let firstError { throw firstError }
        guard PQstatus(conn) == CONNECTION_OK, let last else { throw connectionLost() }
        return last
    }

    /// The name `sql` is prepared under on this connection, preparing it the first time.
    /// Statements without parameters (several commands, schema steps) are not prepared.
    private func preparedName(_ sql: String, _ count: Int) throws -> String? {
        guard count > 0, let conn else { return nil }
        if let name = prepared[sql] { return name }
        let name = "pingli_\(prepared.count + 1)"
        let result = PQprepare(conn, name, sql, Int32(count), nil)
        defer { PQclear(result) }
        guard let result else { throw connectionLost() }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw error(result) }
        prepared[sql] = name
        return name
    }

    private func error(_ result: OpaquePointer) -> Error {
        if PQstatus(conn) != CONNECTION_OK { return connectionLost() }
        let state = Self.text(PQresultErrorField(result, Int32(UInt8(ascii: "C"))))
        let message = Self.text(PQresultErrorField(result, Int32(UInt8(ascii: "M"))))
        if state.hasPrefix("08") || state.hasPrefix("57P") { return connectionLost(message) }
        let constraint = Self.text(PQresultErrorField(result, Int32(UInt8(ascii: "n"))))
        return PGError(sqlState: state, message: message.isEmpty ? Self.text(PQresultErrorMessage(result)) : message,
                       constraint: constraint.isEmpty ? nil : constraint)
    }

    /// Runs `sql` and returns how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ args: [(any PGBindable)?] = []) throws -> Int {
        try query(sql, args).changes
    }

    @discardableResult
    private func run(_ sql: String, _ texts: [String?]) throws -> PGRows {
        guard let conn else { throw StoreError.unavailable(location: location, detail: "not connected") }
        let result: OpaquePointer?
        if texts.isEmpty {
            result = PQexec(conn, sql)
        } else {
            let name = try preparedName(sql, texts.count)
            result = Self.withParameters(texts) { values in
                name.map { PQexecPrepared(conn, $0, Int32(texts.count), values, nil, nil, 0) }
                    ?? PQexecParams(conn, sql, Int32(texts.count), nil, values, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        guard let result else { throw connectionLost() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PGRows(result)
        default:
            throw error(result)
        }
    }

    /// Calls `body` with libpq's array of parameter values for `texts` (NULL for nil): all of
    /// them in one buffer, each ended by a NUL, instead of one allocation each.
    static func withParameters<T>(_ texts: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(texts.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 })
        var offsets: [Int] = []
        offsets.reserveCapacity(texts.count)
        for text in texts {
            guard let text else { offsets.append(-1); continue }
            offsets.append(buffer.count)
            buffer.append(contentsOf: text.utf8)
            buffer.append(0)
        }
        return buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                let values: [UnsafePointer<CChar>?] = offsets.map { offset in offset < 0 ? nil : chars.baseAddress.map { $0 + offset } }
                return values.withUnsafeBufferPointer { body($0.baseAddress) }
            }
        }
    }

    private func connectionLost(_ detail: String? = nil) -> StoreError {
        let d = detail ?? conn.map { Self.text(PQerrorMessage($0)) } ?? "not connected"
        return StoreError.unavailable(location: location, detail: d.isEmpty ? "the server closed the connection" : d)
    }
}

/// A statement PostgreSQL refused, with its SQLSTATE.
public struct PGError: Error, CustomStringConvertible, Sendable {
    public var sqlState: String
    public var message: String
    /// The constraint a violation names, if any.
    public var constraint: String? = nil
    /// Serialization failure, deadlock, or a log's next number taken by another writer: the
    /// transaction may simply be run again (and the command decided again).
    public var isRetryable: Bool {
        sqlState == "40001" || sqlState == "40P01"
            || (sqlState == "23505" && constraint.map(PGSchema.nextNumberConstraints.contains) == true)
    }
    public var description: String { "PostgreSQL refused: \(message) (SQLSTATE \(sqlState))" }
}

/// A value bound to a statement parameter, as PostgreSQL's text format.
public protocol PGBindable { var pgText: String { get } }
extension String: PGBindable { public var pgText: String { self } }
extension Int: PGBindable { public var pgText: String { String(self) } }
extension Int64: PGBindable { public var pgText: String { String(self) } }
extension Double: PGBindable { public var pgText: String { String(self) } }
