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
        guard let (header, columnCount) = try Self.readHeader(reader, issue: issue) else { return result }
        result.ignoredColumns = header.ignored
        let catalog = try PoolStore(database).catalog()

        // Reading and checking rows runs on its own thread, ahead of the writer, in batches
        // through a bounded queue: the two halves of an import each take about as long.
        let queue = BoundedQueue<ImportBatch>(capacity: 16)
        let producer = ImportProducer(reader: reader, header: header, columnCount: columnCount,
                                      parser: RepresentativeParser(catalog: catalog, today: context.today))
        let thread = Thread { producer.run(into: queue) }
        thread.stackSize = 1 << 20
        thread.start()
        defer { queue.cancel(); while queue.take() != nil {} }

        do {
            try database.pool.writeWithoutTransaction { db in
                // A large file is one large transaction: with SQLite's default 2 MB cache it
                // spills pages to the WAL and writes them again. 64 MB is a fixed bound.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
                try db.inTransaction(.immediate) {
                    var session = try ImportSession(db: db, file: path, encoding: reader.encoding, context: context)
                    while let batch = queue.take() {
                        let counts = try session.consume(batch, header: header, issue: issue)
                        result.rows += counts.rows
                        result.created += counts.created
                        result.updated += counts.updated
                        result.unchanged += counts.unchanged
                    }
                    if result.errors > 0 || dryRun { return .rollback }
                    try session.assignGeneratedIDs()
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

    /// The file's first row as pool columns and how many fields it has; nil (with the problems
    /// reported) when it is missing or names no usable columns. Both stores' importers start here.
    static func readHeader(_ reader: CSVReader, issue: (Int, String) -> Void) throws -> (PoolHeader, Int)? {
        guard let record = try reader.next() else {
            issue(1, Message("pool.file-empty").description)
            return nil
        }
        if let problem = record.problem {
            issue(record.line, "\(problem)\(encodingHint(reader.encoding))")
            return nil
        }
        do {
            return (try PoolHeader(record.fields), record.fields.count)
        } catch {
            for m in error.messages { issue(record.line, m) }
            return nil
        }
    }

    static func encodingHint(_ encoding: TextEncodingChoice) -> String {
        switch encoding {
        case .gb18030: return Message("pool.read-as-gb18030").description
        default: return Message("pool.read-as-utf8").description
        }
    }
}

struct ImportRowError: Error { var message: String }

/// Reads and checks rows on its own thread. It owns the reader and the parser (with its
/// category cache) from the moment it starts, so nothing is shared but the queue.
final class ImportProducer: @unchecked Sendable {
    private let reader: CSVReader
    private let header: PoolHeader
    private let columnCount: Int
    private var parser: RepresentativeParser

    init(reader: CSVReader, header: PoolHeader, columnCount: Int, parser: RepresentativeParser) {
        self.reader = reader
        self.header = header
        self.columnCount = columnCount
        self.parser = parser
    }

    func run(into queue: BoundedQueue<ImportBatch>) {
        var batch = ImportBatch()
        defer { queue.finish() }
        do {
            while let record = try reader.next() {
                if let problem = record.problem {
                    batch.append(.problem(line: record.line, ["\(problem)\(PoolImporter.encodingHint(reader.encoding))"]))
                } else if record.fields.count > columnCount {
                    batch.append(.problem(line: record.line, [Message("pool.too-many-fields", record.fields.count, columnCount).description]))
                } else {
                    switch parser.parse(header, record.fields) {
                    case let .success(rep): batch.append(line: record.line, rep)
                    case let .failure(e): batch.append(.problem(line: record.line, e.messages))
                    }
                }
                if batch.count >= ImportBatch.capacity {
                    guard queue.put(batch) else { return }
                    batch = ImportBatch()
                }
            }
        } catch let error as CSVError {
            batch.append(.failed(error))
        } catch {
            batch.append(.failed(.io("\(reader.path): \(error)")))
        }
        if !batch.isEmpty { queue.put(batch) }
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
