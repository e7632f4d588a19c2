import Foundation
import GRDB

/// The pool (议事代表库) in the database: every change is a transaction that also writes
/// the history entry saying who changed what, from what, and why.
public struct PoolStore: PoolKeeping {
    public let database: PingliDatabase

    public init(_ database: PingliDatabase) { self.database = database }

    // MARK: Reading

    public func catalog() throws -> CategoryCatalog { try database.pool.read(Self.catalog) }

    static func catalog(_ db: Database) throws -> CategoryCatalog {
        let rows = try Row.fetchAll(db, sql: "SELECT key, label, aliases FROM category ORDER BY position, key")
        return CategoryCatalog(rows.map { row in
            let aliases: String = row["aliases"]
            return Category(key: row["key"], label: row["label"],
                            aliases: aliases.split(separator: ";").map(String.init))
        })
    }

    public func representative(_ id: String) throws -> Representative {
        try database.pool.read { db in try Self.fetch(db, id) }
    }

    static func fetch(_ db: Database, _ id: String) throws -> Representative {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM representative WHERE id = ?", arguments: [id]) else {
            throw PoolError.notFound(id: id)
        }
        return try Representative(row: row)
    }

    public func list(_ filter: PoolFilter = PoolFilter()) throws -> [Representative] {
        try database.pool.read { db in
            var clauses: [String] = []
            var args: [DatabaseValueConvertible] = []
            if let s = filter.status { clauses.append("status = ?"); args.append(s.rawValue) }
            if let c = filter.category { clauses.append("instr(';' || categories || ';', ?) > 0"); args.append(";\(c);") }
            if let c = filter.community { clauses.append("community = ?"); args.append(c) }
            let whereSQL = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM representative\(whereSQL) ORDER BY id",
                                    arguments: StatementArguments(args)).map(Representative.init(row:))
        }
    }

    /// Calls `body` with each representative in id order, without loading the pool in memory.
    public func forEach(_ body: (Representative) throws -> Void) throws {
        try database.pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM representative ORDER BY id")
            while let row = try cursor.next() { try body(try Representative(row: row)) }
        }
    }

    /// Every audited change to `id`, oldest first. A representative created by an import
    /// starts with an entry made from the import batch record (file, time, operator, line).
    public func history(_ id: String) throws -> [HistoryEntry] {
        try database.pool.read { db in
            var entries: [HistoryEntry] = []
            if let row = try Row.fetchOne(db, sql: """
                SELECT b.file, b.at, b.operator, r.created_line FROM representative r
                JOIN import_batch b ON b.id = r.created_batch WHERE r.id = ?
                """, arguments: [id]) {
                let file: String = row["file"]
                entries.append(HistoryEntry(seq: 0, representativeID: id, at: row["at"], operatorName: row["operator"],
                                            action: "created", changes: [],
                                            reason: "导入 \(file):\(row["created_line"] as Int? ?? 0)"))
            }
            entries += try Row.fetchAll(db, sql: "SELECT * FROM representative_history WHERE representative_id = ? ORDER BY seq",
                                        arguments: [id]).map { row in
                let changes: String = row["changes"]
                return HistoryEntry(seq: row["seq"], representativeID: row["representative_id"], at: row["at"],
                                    operatorName: row["operator"], action: row["action"],
                                    changes: (try? JSONDecoder().decode([FieldChange].self, from: Data(changes.utf8))) ?? [],
                                    reason: row["reason"])
            }
            return entries
        }
    }

    public func training(_ id: String) throws -> [TrainingRecord] {
        try database.pool.read { db in try Self.training(db, id) }
    }

    static func training(_ db: Database, _ id: String) throws -> [TrainingRecord] {
        try Row.fetchAll(db, sql: "SELECT date, topic, hours FROM training WHERE representative_id = ? ORDER BY date, id",
                         arguments: [id]).compactMap { row in
            Day(row["date"] as String).map { TrainingRecord(date: $0, topic: row["topic"], hours: row["hours"]) }
        }
    }

    public func service(_ id: String) throws -> [ServiceRecord] {
        try database.pool.read { db in try Self.service(db, id) }
    }

    static func service(_ db: Database, _ id: String) throws -> [ServiceRecord] {
        try Row.fetchAll(db, sql: "SELECT hearing_id, date, role FROM service WHERE representative_id = ? ORDER BY date, id",
                         arguments: [id]).compactMap { row in
            Day(row["date"] as String).map { ServiceRecord(hearingID: row["hearing_id"], date: $0, role: row["role"]) }
        }
    }

    /// Eligibility rules as the office set them (defaults where it set nothing).
    public func rules() throws -> EligibilityRules { try database.pool.read(Self.rules) }

    static func rules(_ db: Database) throws -> EligibilityRules { try EligibilityRules.read(SQLiteSettings(db)) }

    /// Every reason `id` cannot serve on `day` under the office's rules.
    public func eligibility(_ id: String, on day: Day, rules: EligibilityRules? = nil) throws -> [IneligibilityReason] {
        try database.pool.read { db in
            let rep = try Self.fetch(db, id)
            return Eligibility.reasons(for: rep, on: day, training: try Self.training(db, id),
                                       service: try Self.service(db, id), rules: try rules ?? Self.rules(db))
        }
    }

    // MARK: Changing

    /// Adds a new representative; an empty id gets the next `R-NNNNNN`.
    @discardableResult
    public func add(_ representative: Representative, context: OperationContext) throws -> Representative {
        try database.pool.write { db in
            var rep = representative
            if rep.id.isEmpty { rep.id = try Self.nextID(db) }
            if try Row.fetchOne(db, sql: "SELECT 1 FROM representative WHERE id = ?", arguments: [rep.id]) != nil {
                throw PoolError.duplicateID(id: rep.id)
            }
            try Self.checkPhone(db, rep)
            try Self.checkCategories(db, rep)
            try db.execute(sql: "INSERT INTO representative (\(Representative.columnList)) VALUES (\(Self.placeholders))",
                           arguments: StatementArguments(rep.databaseValues))
            let created = rep.changes(from: Self.blank(rep.id))
            try Self.log(db, id: rep.id, action: "created", changes: created, reason: rep.statusReason, context: context)
            return rep
        }
    }

    /// Replaces the stored fields of `representative` (matched by id), keeping history.
    /// Status changes go through ``Lifecycle``; use ``setStatus(_:to:reason:until:context:)``.
    @discardableResult
    public func update(_ representative: Representative, reason: String?, context: OperationContext) throws -> [FieldChange] {
        try database.pool.write { db in
            let old = try Self.fetch(db, representative.id)
            if old.status != representative.status {
                _ = try Lifecycle.move(old, to: representative.status, reason: representative.statusReason,
                                       until: representative.suspendedUntil, today: context.today)
            }
            try Self.checkPhone(db, representative)
            try Self.checkCategories(db, representative)
            let changes = representative.changes(from: old)
            guard !changes.isEmpty else { return [] }
            try Self.write(db, representative)
            try Self.log(db, id: representative.id, action: old.status == representative.status ? "updated" : "status",
                         changes: changes, reason: reason, context: context)
            return changes
        }
    }

    /// Moves `id` through the lifecycle (approve, suspend, reinstate, retire, reject).
    @discardableResult
    public func setStatus(_ id: String, to status: RepresentativeStatus, reason: String?, until: Day?,
                          context: OperationContext) throws -> Representative {
        try database.pool.write { db in
            let old = try Self.fetch(db, id)
            let new = try Lifecycle.move(old, to: status, reason: reason, until: until, today: context.today)
            try Self.write(db, new)
            try Self.log(db, id: id, action: "status", changes: new.changes(from: old), reason: new.statusReason, context: context)
            return new
        }
    }

    /// Records one session for everyone in `ids` (a sign-in sheet): all of them, or nobody.
    public func train(_ ids: [String], _ record: TrainingRecord, context: OperationContext) throws {
        try record.check(today: context.today)
        try database.pool.write { db in
            for id in ids {
                _ = try Self.fetch(db, id)
                try db.execute(sql: "INSERT INTO training (representative_id, date, topic, hours) VALUES (?, ?, ?, ?)",
                               arguments: [id, record.date.description, record.topic, record.hours])
                try Self.log(db, id: id, action: "training",
                             changes: [FieldChange(field: "training", old: nil,
                                                   new: "\(record.date) \(record.topic) \(IneligibilityReason.hours(record.hours))h")],
                             reason: nil, context: context)
            }
        }
    }

    /// Renews the terms of everyone in `ids` to end on `termEnd`: all of them, or nobody.
    /// Returns the ids whose term changed.
    @discardableResult
    public func renew(_ ids: [String], termEnd: Day, reason: String?, context: OperationContext) throws -> [String] {
        try database.pool.write { db in
            var changed: [String] = []
            for id in ids {
                let old = try Self.fetch(db, id)
                let new = try old.renewed(termEnd: termEnd)
                let changes = new.changes(from: old)
                guard !changes.isEmpty else { continue }
                try Self.write(db, new)
                try Self.log(db, id: id, action: "updated", changes: changes, reason: reason ?? "续聘", context: context)
                changed.append(id)
            }
            return changed
        }
    }

    /// Adds a category the office uses beyond the built-in ones.
    public func addCategory(_ category: Category) throws {
        try database.pool.write { db in
            try Self.catalog(db).checkNew(category)
            let position = try Int.fetchOne(db, sql: "SELECT coalesce(max(position), 0) + 1 FROM category") ?? 0
            try db.execute(sql: """
                INSERT INTO category (key, label, aliases, position) VALUES (?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET label = excluded.label, aliases = excluded.aliases
                """, arguments: [category.key, category.label, category.aliases.joined(separator: ";"), position])
        }
    }

    public func setHomeOffice(_ id: String, office: String?, context: OperationContext) throws {
        try database.pool.write { db in
            _ = try Self.fetch(db, id)
            let old = try String.fetchOne(db, sql: "SELECT home_office FROM representative WHERE id = ?", arguments: [id])
            if let office, try String.fetchOne(db, sql: "SELECT code FROM office WHERE code = ?", arguments: [office]) == nil {
                throw StoreError.badOffice(code: office, known: try String.fetchAll(db, sql: "SELECT code FROM office ORDER BY code"))
            }
            try db.execute(sql: "UPDATE representative SET home_office = ? WHERE id = ?", arguments: [office, id])
            try Self.log(db, id: id, action: "updated", changes: [FieldChange(field: "home_office", old: old, new: office)], reason: nil, context: context)
        }
    }

    public func homeOffice(_ id: String) throws -> String? {
        try database.pool.read { db in
            _ = try Self.fetch(db, id)
            return try String.fetchOne(db, sql: "SELECT home_office FROM representative WHERE id = ?", arguments: [id])
        }
    }

    /// The settable eligibility rules.
    public typealias RuleKey = EligibilityRules.Key

    public func setRule(_ key: RuleKey, _ value: String) throws {
        try key.check(value)
        try database.set(key.rawValue, value)
    }

    // MARK: Helpers shared with the importer

    static let placeholders = Array(repeating: "?", count: 18).joined(separator: ", ")

    static func blank(_ id: String) -> Representative {
        Representative(id: id, name: "", gender: .male, birthYear: 0, community: "", street: "", categories: [],
                       intake: .selfNominated, status: .candidate)
    }

    static func write(_ db: Database, _ rep: Representative) throws {
        let sets = Representative.columnList.split(separator: ",").dropFirst()
            .map { "\($0.trimmed) = ?" }.joined(separator: ", ")
        try db.execute(sql: "UPDATE representative SET \(sets) WHERE id = ?",
                       arguments: StatementArguments(Array(rep.databaseValues.dropFirst()) + [rep.id]))
    }

    static func checkPhone(_ db: Database, _ rep: Representative) throws {
        guard let phone = rep.phone else { return }
        if let holder = try String.fetchOne(db, sql: "SELECT id FROM representative WHERE phone = ? AND id <> ?",
                                            arguments: [phone, rep.id]) {
            throw PoolError.duplicatePhone(phone: phone, holder: holder)
        }
    }

    static func checkCategories(_ db: Database, _ rep: Representative) throws {
        try catalog(db).check(rep)
    }

    static func nextID(_ db: Database) throws -> String {
        GeneratedID.format(try highestGeneratedNumber(db) + 1)
    }

    /// The highest number among the store's ids of the generated form (see ``GeneratedID``), 0 when none.
    static func highestGeneratedNumber(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT coalesce(max(CAST(substr(id, 3) AS INTEGER)), 0) FROM representative
            WHERE id GLOB 'R-[0-9]*' AND NOT substr(id, 3) GLOB '*[^0-9]*' AND length(id) <= 20
            """) ?? 0
    }

    static func log(_ db: Database, id: String, action: String, changes: [FieldChange], reason: String?,
                    context: OperationContext) throws {
        let json = FieldChange.json(changes)
        try db.execute(sql: """
            INSERT INTO representative_history (representative_id, at, operator, action, changes, reason)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [id, context.timestamp, context.operatorName, action, json, reason])
    }
}

extension PoolStore {
    /// Every representative with their training and service records, for a draw.
    public func members() throws -> [PoolMember] {
        try database.pool.read { db in
            var training: [String: [TrainingRecord]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT representative_id, date, topic, hours FROM training") {
                if let d = Day(row["date"] as String) {
                    training[row["representative_id"], default: []].append(TrainingRecord(date: d, topic: row["topic"], hours: row["hours"]))
                }
            }
            var service: [String: [ServiceRecord]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT representative_id, hearing_id, date, role FROM service") {
                if let d = Day(row["date"] as String) {
                    service[row["representative_id"], default: []].append(ServiceRecord(hearingID: row["hearing_id"], date: d, role: row["role"]))
                }
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM representative ORDER BY id").map { row in
                let rep = try Representative(row: row)
                return PoolMember(representative: rep, training: training[rep.id] ?? [], service: service[rep.id] ?? [],
                                  homeOffice: row["home_office"])
            }
        }
    }
}
