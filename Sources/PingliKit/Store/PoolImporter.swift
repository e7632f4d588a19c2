import Foundation
import GRDB

/// One problem found in an import file.
public struct ImportIssue: Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    /// `FILE:LINE: message`, as compilers print, so editors can jump to it.
    public var description: String { "\(file):\(line): \(message)" }
}

/// What an import did (or, for a dry run or a failed one, would have done).
public struct ImportReport: Sendable {
    public var encoding: TextEncodingChoice
    public var rows = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var errors = 0
    public var ignoredColumns: [String] = []
    public var dryRun: Bool
    /// True when the changes are in the database.
    public var committed = false
}

/// Imports a pool CSV file in one transaction: all rows or none.
///
/// The file is streamed record by record; duplicate ids and phones inside the file are found
/// by the database itself (each row remembers the import batch and line that last wrote
/// it), so memory stays flat however long the file is.
public struct PoolImporter: Sendable {
    public let database: PingliDatabase
    public let context: OperationContext

    public init(_ database: PingliDatabase, context: OperationContext) {
        self.database = database
        self.context = context
    }

    /// Reads `path` and imports it unless it has errors or `dryRun` is set.
    /// Each problem goes to `report` as soon as it is found.
    public func run(path: String, encoding: TextEncodingChoice = .auto, dryRun: Bool = false,
                    report: (ImportIssue) -> Void) throws -> ImportReport {
        let reader = try CSVReader(path: path, encoding: encoding)
        var result = ImportReport(encoding: reader.encoding, dryRun: dryRun)
        let name = path
        func issue(_ line: Int, _ message: String) {
            result.errors += 1
            report(ImportIssue(file: name, line: line, message: message))
        }
        guard let headerRecord = try reader.next() else {
            issue(1, "the file is empty: the first row must name the columns (name, gender, birth_year, … or 姓名, 性别, 出生年份, …)")
            return result
        }
        if let problem = headerRecord.problem {
            issue(headerRecord.line, "\(problem)\(Self.encodingHint(reader.encoding))")
            return result
        }
        let header: PoolHeader
        do {
            header = try PoolHeader(headerRecord.fields)
        } catch {
            for m in error.messages { issue(headerRecord.line, m) }
            return result
        }
        result.ignoredColumns = header.ignored
        let columnCount = headerRecord.fields.count

        do {
            try database.pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    var session = try ImportSession(db: db, file: path, encoding: reader.encoding, context: context)
                    while let record = try reader.next() {
                        result.rows += 1
                        if let problem = record.problem {
                            issue(record.line, "\(problem)\(Self.encodingHint(reader.encoding))")
                            continue
                        }
                        if record.fields.count > columnCount {
                            issue(record.line, "row has \(record.fields.count) fields but the header names \(columnCount); quote fields that contain a comma")
                            continue
                        }
                        switch session.parser.parse(header, record.fields) {
                        case let .failure(e):
                            for m in e.messages { issue(record.line, m) }
                        case let .success(rep):
                            do {
                                switch try session.apply(rep, line: record.line, header: header) {
                                case .created: result.created += 1
                                case .updated: result.updated += 1
                                case .unchanged: result.unchanged += 1
                                }
                            } catch let e as ImportRowError {
                                issue(record.line, e.message)
                            } catch let e as PoolError {
                                issue(record.line, e.description)
                            }
                        }
                    }
                    if result.errors > 0 || dryRun { return .rollback }
                    try session.finish(result)
                    result.committed = true
                    return .commit
                }
            }
        } catch let error as DatabaseError {
            throw PingliDatabase.translate(error, path: database.path)
        }
        return result
    }

    static func encodingHint(_ encoding: TextEncodingChoice) -> String {
        switch encoding {
        case .gb18030: return " (read as GB18030; if the file is UTF-8, pass --encoding utf8)"
        default: return " (read as UTF-8; if Excel saved it in a Chinese locale, pass --encoding gb18030)"
        }
    }
}

struct ImportRowError: Error { var message: String }

/// The per-transaction state of one import: prepared statements and the id counter.
struct ImportSession {
    enum Outcome { case created, updated, unchanged }

    let db: Database
    let batch: Int64
    let context: OperationContext
    let parser: RepresentativeParser
    var nextNumber: Int
    let find: Statement
    let insert: Statement
    let touch: Statement
    let history: Statement
    let reason: String

    init(db: Database, file: String, encoding: TextEncodingChoice, context: OperationContext) throws {
        self.db = db
        self.context = context
        parser = RepresentativeParser(catalog: try PoolStore.catalog(db), today: context.today)
        try db.execute(sql: "INSERT INTO import_batch (file, encoding, at, operator) VALUES (?, ?, ?, ?)",
                       arguments: [file, encoding.rawValue, context.timestamp, context.operatorName])
        batch = db.lastInsertedRowID
        let next = try PoolStore.nextID(db)
        nextNumber = Int(next.dropFirst(2)) ?? 1
        find = try db.makeStatement(sql: "SELECT *, import_batch AS b, import_line AS l FROM representative WHERE id = ?")
        insert = try db.makeStatement(sql: """
            INSERT INTO representative (\(Representative.columnList), import_batch, import_line)
            VALUES (\(PoolStore.placeholders), ?, ?)
            """)
        touch = try db.makeStatement(sql: "UPDATE representative SET import_batch = ?, import_line = ? WHERE id = ?")
        history = try db.makeStatement(sql: """
            INSERT INTO representative_history (representative_id, at, operator, action, changes, reason)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        reason = "导入 \((file as NSString).lastPathComponent)（批次 \(batch)）"
    }

    mutating func apply(_ incoming: Representative, line: Int, header: PoolHeader) throws -> Outcome {
        var rep = incoming
        if rep.id.isEmpty {
            rep.id = PoolStore.formatID(nextNumber)
            nextNumber += 1
        }
        if let row = try Row.fetchOne(find, arguments: [rep.id]) {
            if (row["b"] as Int64?) == batch {
                throw ImportRowError(message: "duplicate id \(rep.id): also on line \(row["l"] as Int? ?? 0)")
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
                try checkPhone(rep, line: line)
                try PoolStore.write(db, rep)
                let json = String(decoding: try PoolStore.encoder.encode(changes), as: UTF8.self)
                try history.execute(arguments: [rep.id, context.timestamp, context.operatorName,
                                                old.status == rep.status ? "updated" : "status", json, "\(reason) 第 \(line) 行"])
            }
            try touch.execute(arguments: [batch, line, rep.id])
            return changes.isEmpty ? .unchanged : .updated
        }
        var values = rep.databaseValues
        values.append(batch)
        values.append(line)
        insert.setUncheckedArguments(StatementArguments(values))
        do {
            try insert.execute()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // The only unique key besides the id (checked above) is the phone.
            try checkPhone(rep, line: line)
            throw error
        }
        try history.execute(arguments: [rep.id, context.timestamp, context.operatorName, "created", "[]", "\(reason) 第 \(line) 行"])
        return .created
    }

    /// Phones are unique in the pool; the message says whether the other holder is in this file.
    func checkPhone(_ rep: Representative, line: Int) throws {
        guard let phone = rep.phone else { return }
        let statement = try db.cachedStatement(sql: "SELECT id, import_batch, import_line FROM representative WHERE phone = ? AND id <> ?")
        if let row = try Row.fetchOne(statement, arguments: [phone, rep.id]) {
            let holder: String = row["id"]
            if (row["import_batch"] as Int64?) == batch {
                throw ImportRowError(message: "duplicate phone \(Redact.phone(phone)): also on line \(row["import_line"] as Int? ?? 0) (\(holder))")
            }
            throw ImportRowError(message: PoolError.duplicatePhone(phone: phone, holder: holder).description)
        }
    }

    func finish(_ report: ImportReport) throws {
        try db.execute(sql: "UPDATE import_batch SET created = ?, updated = ?, unchanged = ? WHERE id = ?",
                       arguments: [report.created, report.updated, report.unchanged, batch])
    }
}

extension Representative {
    /// Copies one column's value from `other` (used when an import file omits a column).
    mutating func copy(_ column: PoolColumn, from other: Representative) {
        switch column {
        case .id, .name, .gender, .birthYear, .community, .street, .categories, .intake: break // required
        case .recommendedBy: recommendedBy = other.recommendedBy
        case .phone: phone = other.phone
        case .household: household = other.household
        case .workUnit: workUnit = other.workUnit
        case .relations: relations = other.relations
        case .termStart: termStart = other.termStart
        case .termEnd: termEnd = other.termEnd
        case .status, .statusReason, .suspendedUntil: break // handled with the lifecycle
        }
    }
}
