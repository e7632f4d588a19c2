import Foundation

/// Imports a pool CSV file into the county store in one transaction: all rows or none. The
/// rows are read and checked by the same parser as the SQLite importer (``RepresentativeParser``),
/// each written through ``PGPoolStore`` so it has the same history; ids and phones repeated
/// inside the file are found before anything is written. New representatives get the
/// operator's office as their home office.
public struct PGPoolImporter {
    public let store: PGStore
    public let context: OperationContext

    public init(_ store: PGStore, context: OperationContext) {
        self.store = store
        self.context = context
    }

    public func run(path: String, encoding: TextEncodingChoice = .auto, dryRun: Bool = false,
                    report: (ImportIssue) -> Void) throws -> ImportReport {
        let reader = try CSVReader(path: path, encoding: encoding)
        var result = ImportReport(encoding: reader.encoding, dryRun: dryRun)
        func issue(_ line: Int, _ message: String) {
            result.errors += 1
            report(ImportIssue(file: path, line: line, message: message))
        }
        guard let (header, columnCount) = try PoolImporter.readHeader(reader, issue: issue) else { return result }
        result.ignoredColumns = header.ignored
        let pool = PGPoolStore(store.connection)
        var parser = RepresentativeParser(catalog: try pool.catalog(), today: context.today)
        var rows: [(line: Int, rep: Representative)] = []
        var idLines: [String: Int] = [:], phoneLines: [String: Int] = [:]
        while let record = try reader.next() {
            if let problem = record.problem { issue(record.line, "\(problem)\(PoolImporter.encodingHint(reader.encoding))"); continue }
            guard record.fields.count <= columnCount else {
                issue(record.line, "row has \(record.fields.count) fields but the header names \(columnCount); quote fields that contain a comma")
                continue
            }
            switch parser.parse(header, record.fields) {
            case let .failure(e): for m in e.messages { issue(record.line, m) }
            case let .success(rep):
                if !rep.id.isEmpty, let other = idLines[rep.id] { issue(record.line, Message("pool.duplicate-id-line", rep.id, other).description); continue }
                if let p = rep.phone, let other = phoneLines[p] { issue(record.line, Message("pool.duplicate-phone-line", Redact.phone(p), other, "").description); continue }
                if !rep.id.isEmpty { idLines[rep.id] = record.line }
                if let p = rep.phone { phoneLines[p] = record.line }
                rows.append((record.line, rep))
            }
        }
        result.rows = rows.count
        guard result.errors == 0 else { return result }
        struct Rollback: Error {}
        // A transaction re-run after a serialization failure starts its counts and its refusals
        // again; the refusals are reported once it is over.
        let parsed = result
        var refused: [(line: Int, message: String)] = []
        do {
            try store.connection.transaction {
                result = parsed
                refused = []
                // The store's side of the whole file in a few reads; new people are then written
                // in multi-row statements, not one round trip at a time.
                let known = try pool.representatives(ids: rows.map(\.rep.id).filter { !$0.isEmpty })
                let holders = try pool.phoneHolders(rows.compactMap(\.rep.phone))
                let phoneInFile = Dictionary(rows.filter { !$0.rep.id.isEmpty }.map { ($0.rep.id, $0.rep.phone) }, uniquingKeysWith: { a, _ in a })
                let catalog = try pool.catalog()
                if let office = context.office { try pool.checkOffice(office) }
                // Ids given to rows without one, in line order (the rule is ``GeneratedID``'s).
                var nextNumber = GeneratedID.firstForImport(storeHighest: try pool.highestGeneratedNumber(),
                                                            fileHighest: rows.compactMap { GeneratedID.number($0.rep.id) }.max() ?? 0)
                // New people go out 250 to a statement, a thousand to a round trip.
                var fresh: [Representative] = []
                var queued = 0
                func send() throws {
                    try pool.enqueueNew(fresh, homeOffice: context.office, context: context)
                    queued += fresh.count
                    fresh = []
                    if queued % 1_000 == 0 { try store.connection.flush() }
                }
                for (line, incoming) in rows {
                    let reason = "导入 \(path) 第 \(line) 行"
                    do {
                        if let old = known[incoming.id] {
                            var rep = incoming
                            for c in PoolColumn.allCases where !header.has(c) { rep.copy(c, from: old) }
                            if !header.has(.status) { rep.status = old.status; rep.statusReason = old.statusReason; rep.suspendedUntil = old.suspendedUntil }
                            let changes = try pool.update(rep, reason: reason, context: context)
                            if changes.isEmpty { result.unchanged += 1 } else { result.updated += 1 }
                            continue
                        }
                        var rep = incoming
                        if rep.id.isEmpty {
                            rep.id = GeneratedID.format(nextNumber)
                            nextNumber += 1
                        }
                        // A phone held in the store by someone this file does not give another phone.
                        if let phone = rep.phone, let holder = holders[phone], holder != rep.id,
                           phoneInFile[holder].map({ $0 == phone }) ?? true {
                            throw incoming.id.isEmpty ? PoolError.duplicatePhoneWithoutID(phone: phone, holder: holder)
                                : PoolError.duplicatePhone(phone: phone, holder: holder)
                        }
                        try catalog.check(rep)
                        fresh.append(rep)
                        result.created += 1
                        if fresh.count == 250 { try send() }
                    } catch let e as PoolError {
                        refused.append((line, e.description))
                    }
                }
                if !refused.isEmpty || dryRun { throw Rollback() }
                try send()
            }
            result.committed = true
        } catch is Rollback {}
        for r in refused { issue(r.line, r.message) }
        return result
    }
}
