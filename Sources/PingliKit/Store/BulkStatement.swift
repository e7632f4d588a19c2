import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API, for loops of a million rows.
///
/// GRDB's `StatementArguments` box every value, and binding text as `SQLITE_TRANSIENT`
/// makes SQLite copy it; on the import path those were most of the cost. This copies a
/// row's text once into a reused buffer and binds it in place (`SQLITE_STATIC`) for the
/// duration of one step. Errors come back as GRDB's `DatabaseError`, so callers handle both
/// paths alike. Use it only inside a GRDB transaction on the connection that prepared it.
final class BulkStatement {
    let statement: Statement
    let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }
    private var scratch: [UInt8] = []
    private var spans: [(offset: Int, count: Int)] = []

    init(_ db: Database, sql: String) throws {
        self.db = db
        self.statement = try db.makeStatement(sql: sql)
    }

    /// Binds `values` to parameters 1, 2, … (nil binds NULL) and runs the statement to
    /// completion; the bound text is only borrowed for that call.
    func execute(_ values: [BulkValue]) throws {
        scratch.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        for v in values {
            if case var .text(s) = v {
                s.withUTF8 { bytes in
                    spans.append((scratch.count, bytes.count))
                    scratch.append(contentsOf: bytes)
                }
            }
        }
        try scratch.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            var span = 0
            for (i, v) in values.enumerated() {
                let index = Int32(i + 1)
                switch v {
                case .null: sqlite3_bind_null(handle, index)
                case let .int(n): sqlite3_bind_int64(handle, index, n)
                case .text:
                    let (offset, count) = spans[span]
                    span += 1
                    sqlite3_bind_text(handle, index, base + offset, Int32(count), nil) // nil = SQLITE_STATIC
                }
            }
            defer { sqlite3_clear_bindings(handle) }
            try step()
        }
    }

    /// Binds a packed row (text borrowed from `bytes`), then `trailing` integers after it,
    /// and runs the statement. `firstText`, when given, replaces the first value.
    func execute(packed row: UnsafeBufferPointer<PackedValue>, in bytes: UnsafeRawPointer, firstText: String? = nil,
                 trailing: (Int64, Int64)) throws {
        bind(row, from: 1, in: bytes)
        if let firstText {
            // SQLITE_TRANSIENT: SQLite copies this one, since the Swift string is temporary.
            sqlite3_bind_text(handle, 1, firstText, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        let n = Int32(row.count)
        sqlite3_bind_int64(handle, n + 1, trailing.0)
        sqlite3_bind_int64(handle, n + 2, trailing.1)
        defer { sqlite3_clear_bindings(handle) }
        try step()
    }

    /// Binds several packed rows to consecutive parameters, each followed by
    /// `batch, line, batch, line`, and runs the statement once.
    func execute(rows: [(UnsafeBufferPointer<PackedValue>, Int64)], batch: Int64, in bytes: UnsafeRawPointer) throws {
        var index: Int32 = 1
        for (row, line) in rows {
            bind(row, from: index, in: bytes)
            index += Int32(row.count)
            for n in [batch, line, batch, line] { sqlite3_bind_int64(handle, index, n); index += 1 }
        }
        defer { sqlite3_clear_bindings(handle) }
        try step()
    }

    /// Binds a packed row to parameters `first`, `first + 1`, …; text is borrowed from `bytes`.
    private func bind(_ row: UnsafeBufferPointer<PackedValue>, from first: Int32, in bytes: UnsafeRawPointer) {
        let base = bytes.assumingMemoryBound(to: CChar.self)
        for (i, v) in row.enumerated() {
            let index = first + Int32(i)
            switch v.count {
            case PackedValue.null: sqlite3_bind_null(handle, index)
            case PackedValue.integer: sqlite3_bind_int64(handle, index, v.value)
            default: sqlite3_bind_text(handle, index, base + Int(v.value), v.count, nil) // nil = SQLITE_STATIC
            }
        }
    }

    /// Runs the statement to completion (or to its first row); true when a row is ready.
    @discardableResult
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_DONE: sqlite3_reset(handle); return false
        case SQLITE_ROW: return true
        default:
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            let extended = sqlite3_extended_errcode(db.sqliteConnection)
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
        }
    }
}

/// A value for ``BulkStatement``.
enum BulkValue: Sendable {
    case null
    case int(Int64)
    case text(String)

    init(_ s: String?) { self = s.map(BulkValue.text) ?? .null }
}
