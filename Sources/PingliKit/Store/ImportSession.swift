import Foundation
import GRDB

/// Rows a batch read, created, updated and left unchanged.
struct ImportCounts {
    var rows = 0, created = 0, updated = 0, unchanged = 0
}

/// The per-transaction state of one import: prepared statements, and what the ids of rows
/// without one depend on.
struct ImportSession {
    enum Outcome { case created, updated, unchanged }

    let db: Database
    let batch: Int64
    let context: OperationContext
    var parser: RepresentativeParser
    /// The highest generated number in the store before the import (see ``GeneratedID``).
    let storeHighest: Int
    /// The highest generated number among the ids the file gives.
    var fileHighest = 0
    let insert: BulkStatement
    /// The same insert for ``chunk`` rows at once: one statement step instead of sixteen.
    let insertChunk: BulkStatement
    let touch: BulkStatement
    let history: BulkStatement
    let reason: String
    let timestamp: String

    init(db: Database, file: String, encoding: TextEncodingChoice, context: OperationContext) throws {
        self.db = db
        self.context = context
        timestamp = context.timestamp
        parser = RepresentativeParser(catalog: try PoolStore.catalog(db), today: context.today)
        try db.execute(sql: "INSERT INTO import_batch (file, encoding, at, operator) VALUES (?, ?, ?, ?)",
                       arguments: [file, encoding.rawValue, context.timestamp, context.operatorName])
        batch = db.lastInsertedRowID
        storeHighest = try PoolStore.highestGeneratedNumber(db)
        insert = try BulkStatement(db, sql: """
            INSERT INTO representative (\(Representative.columnList), created_batch, created_line, import_batch, import_line)
            VALUES (\(PoolStore.placeholders), ?19, ?20, ?19, ?20)
            """)
        let one = "(\(PoolStore.placeholders), ?, ?, ?, ?)"
        insertChunk = try BulkStatement(db, sql: """
            INSERT INTO representative (\(Representative.columnList), created_batch, created_line, import_batch, import_line)
            VALUES \(Array(repeating: one, count: Self.chunk).joined(separator: ", "))
            """)
        touch = try BulkStatement(db, sql: "UPDATE representative SET import_batch = ?, import_line = ? WHERE id = ?")
        history = try BulkStatement(db, sql: """
            INSERT INTO representative_history (representative_id, at, operator, action, changes, reason)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        reason = "导入 \((file as NSString).lastPathComponent)（批次 \(batch)）"
    }

    /// Rows per multi-row insert.
    static let chunk = 16

    /// Applies one batch from the reading thread. Runs of ``chunk`` new rows with ids go in
    /// one multi-row insert; if any of them is not new (a known id, a duplicate, a phone in
    /// use), SQLite undoes that statement and the run is applied row by row, as everything
    /// else is, so what is reported and stored is the same either way.
    /// Adds what it did to `report`'s counts; problems go to `issue` (which counts errors).
    mutating func consume(_ batch: ImportBatch, header: PoolHeader, issue: (Int, String) -> Void) throws -> ImportCounts {
        var result = ImportCounts()
        try batch.bytes.withUnsafeBytes { bytes in
            try batch.values.withUnsafeBufferPointer { packed in
                let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
                func row(_ index: Int) -> UnsafeBufferPointer<PackedValue> {
                    UnsafeBufferPointer(rebasing: packed[(index * ImportBatch.columns)..<((index + 1) * ImportBatch.columns)])
                }
                var run: [(line: Int, index: Int)] = []
                run.reserveCapacity(Self.chunk)
                func single(_ line: Int, _ index: Int) throws {
                    do {
                        switch try apply(row(index), in: base, of: batch.representatives, index: index, line: line, header: header) {
                        case .created: result.created += 1
                        case .updated: result.updated += 1
                        case .unchanged: result.unchanged += 1
                        }
                    } catch let e as ImportRowError {
                        issue(line, e.message)
                    } catch let e as PoolError {
                        issue(line, e.description)
                    }
                }
                func flush() throws {
                    defer { run.removeAll(keepingCapacity: true) }
                    if run.count == Self.chunk, try insertAll(run.map { (row($0.index), Int64($0.line)) }, in: base) {
                        result.created += run.count
                        return
                    }
                    for r in run { try single(r.line, r.index) }
                }
                for item in batch.items {
                    switch item {
                    case let .failed(error): throw error
                    case let .problem(line, messages):
                        try flush()
                        result.rows += 1
                        for m in messages { issue(line, m) }
                    case let .row(line, index):
                        result.rows += 1
                        if let n = GeneratedID.number(batch.representatives[index].id) { fileHighest = max(fileHighest, n) }
                        if row(index)[0].count == 0 {
                            try flush()
                            try single(line, index)
                        } else {
                            run.append((line, index))
                            if run.count == Self.chunk { try flush() }
                        }
                    }
                }
                try flush()
            }
        }
        return result
    }

    /// Inserts ``chunk`` new rows in one statement; false (and nothing changed) when any is
    /// not new.
    private func insertAll(_ rows: [(UnsafeBufferPointer<PackedValue>, Int64)], in bytes: UnsafeRawPointer) throws -> Bool {
        do {
            try insertChunk.execute(rows: rows, batch: batch, in: bytes)
            return true
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_CONSTRAINT {
            return false
        }
    }

    /// Inserts a new representative, or updates a known one. New rows are tried first:
    /// in a first import nearly every row is new, and the failed insert is the lookup.
    func apply(_ row: UnsafeBufferPointer<PackedValue>, in bytes: UnsafeRawPointer, of representatives: [Representative],
               index: Int, line: Int, header: PoolHeader) throws -> Outcome {
        // A row without an id (the first value) is stored under a provisional one until the
        // whole file is read (see ``assignGeneratedIDs()``).
        let assigned = row[0].count == 0 ? Self.provisionalID(line: line) : nil
        do {
            // The creation's audit record is the import batch the row points to (see
            // PoolStore.history); a million history rows would double the import's cost.
            try insert.execute(packed: row, in: bytes, firstText: assigned, trailing: (batch, Int64(line)))
            return .created
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_CONSTRAINT {
            return try resolveConflict(error, representatives: representatives, index: index, assigned: assigned, line: line, header: header)
        }
    }

    /// The id a row without one holds until the end of the import: `~` and its line, which no
    /// file's id can be (``RepresentativeParser/isValidID(_:)``).
    static func provisionalID(line: Int) -> String { "~\(line)" }

    /// Gives the rows without an id theirs, in line order, from
    /// ``GeneratedID/firstForImport(storeHighest:fileHighest:)``: only now is every id in the
    /// file known. Rows keep no other record by id yet (an import's creation is its batch), so
    /// renaming the row is the whole change.
    func assignGeneratedIDs() throws {
        let first = GeneratedID.firstForImport(storeHighest: storeHighest, fileHighest: fileHighest)
        // `'R-' || printf('%06d', n)` is GeneratedID.format(n) (the import tests compare them).
        try db.execute(sql: """
            UPDATE representative SET id = given.id
            FROM (SELECT id AS provisional, 'R-' || printf('%06d', ? + row_number() OVER (ORDER BY created_line) - 1) AS id
                  FROM representative WHERE created_batch = ? AND id GLOB '~*') AS given
            WHERE representative.id = given.provisional
            """, arguments: [first, batch])
    }

    private func resolveConflict(_ error: DatabaseError, representatives: [Representative], index: Int, assigned: String?,
                                 line: Int, header: PoolHeader) throws -> Outcome {
        var rep = representatives[index]
        if let assigned { rep.id = assigned }
        guard let row = try Row.fetchOne(db, sql: "SELECT *, import_batch AS b, import_line AS l FROM representative WHERE id = ?",
                                         arguments: [rep.id]) else {
            try checkPhone(rep)
            throw error
        }
        return try update(rep, existing: row, line: line, header: header)
    }

    private func update(_ incoming: Representative, existing row: Row, line: Int, header: PoolHeader) throws -> Outcome {
        var rep = incoming
        if (row["b"] as Int64?) == batch {
            throw ImportRowError(message: Message("pool.duplicate-id-line", rep.id, row["l"] as Int? ?? 0).description)
        }
        let old = try Representative(row: row)
        // Columns the file does not have keep their stored values.
        for c in PoolColumn.allCases where !header.has(c) { rep.copy(c, from: old) }
        if !header.has(.status) { rep.status = old.status; rep.statusReason = old.statusReason; rep.suspendedUntil = old.suspendedUntil }
        if old.status != rep.status {
            _ = try Lifecycle.move(old, to: rep.status, reason: rep.statusReason, until: rep.suspendedUntil,
                                   today: context.today)
        }
        let changes = rep.changes(from: old)
        if !changes.isEmpty {
            try checkPhone(rep)
            try PoolStore.write(db, rep)
            let json = FieldChange.json(changes)
            try log(rep.id, action: old.status == rep.status ? "updated" : "status", changes: json, line: line)
        }
        try touch.execute([.int(batch), .int(Int64(line)), .text(rep.id)])
        return changes.isEmpty ? .unchanged : .updated
    }

    private func log(_ id: String, action: String, changes: String, line: Int) throws {
        try history.execute([.text(id), .text(timestamp), .text(context.operatorName), .text(action), .text(changes),
                             .text("\(reason) 第 \(line) 行")])
    }

    /// Phones are unique in the pool; the message says whether the other holder is in this file.
    func checkPhone(_ rep: Representative) throws {
        guard let phone = rep.phone else { return }
        if let row = try Row.fetchOne(db, sql: "SELECT id, import_batch, import_line FROM representative WHERE phone = ? AND id <> ?",
                                      arguments: [phone, rep.id]) {
            let holder: String = row["id"]
            if (row["import_batch"] as Int64?) == batch {
                // A row without an id has none to show yet.
                let shown = holder.hasPrefix("~") ? "" : " (\(holder))"
                throw ImportRowError(message: Message("pool.duplicate-phone-line", Redact.phone(phone), row["import_line"] as Int? ?? 0, shown).description)
            }
            let refusal = rep.id.hasPrefix("~") ? PoolError.duplicatePhoneWithoutID(phone: phone, holder: holder)
                : PoolError.duplicatePhone(phone: phone, holder: holder)
            throw ImportRowError(message: refusal.description)
        }
    }

    func finish(_ report: ImportReport) throws {
        try db.execute(sql: "UPDATE import_batch SET created = ?, updated = ?, unchanged = ? WHERE id = ?",
                       arguments: [report.created, report.updated, report.unchanged, batch])
    }
}

