import Foundation

/// The county's shared pool on PostgreSQL: the same audited changes as the SQLite
/// ``PoolStore``, one transaction each; the rules are the pool's pure functions.
public struct PGPoolStore: PoolKeeping {
    let connection: PGConnection
    /// The office at work: the hearings its service records name are shown as it names them
    /// (``HearingKey/display(_:office:)``).
    let office: String?

    public init(_ connection: PGConnection, office: String? = nil) {
        self.connection = connection
        self.office = office
    }

    private func read<T>(_ body: () throws -> T) throws -> T { try connection.transaction(readOnly: true, body) }
    private func write<T>(_ body: () throws -> T) throws -> T { try connection.transaction(body) }

    // MARK: Reading

    public func catalog() throws -> CategoryCatalog {
        try read {
            CategoryCatalog(try connection.query("SELECT key, label, aliases FROM category ORDER BY position, key").map {
                Category(key: $0.string("key"), label: $0.string("label"), aliases: $0.string("aliases").split(separator: ";").map(String.init))
            })
        }
    }

    public func representative(_ id: String) throws -> Representative { try read { try fetch(id) } }

    func fetch(_ id: String, forUpdate: Bool = false) throws -> Representative {
        guard let row = try connection.query("SELECT * FROM representative WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""), [id]).first else {
            throw PoolError.notFound(id: id)
        }
        return Representative(pgRow: row)
    }

    public func list(_ filter: PoolFilter = PoolFilter()) throws -> [Representative] {
        try read {
            var clauses: [String] = []
            var args: [(any PGBindable)?] = []
            if let s = filter.status { args.append(s.rawValue); clauses.append("status = $\(args.count)") }
            if let c = filter.category { args.append(";\(c);"); clauses.append("strpos(';' || categories || ';', $\(args.count)) > 0") }
            if let c = filter.community { args.append(c); clauses.append("community = $\(args.count)") }
            let whereSQL = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            return try connection.query("SELECT * FROM representative\(whereSQL) ORDER BY id", args).map(Representative.init(pgRow:))
        }
    }

    public func forEach(_ body: (Representative) throws -> Void) throws {
        for rep in try list() { try body(rep) }
    }

    public func history(_ id: String) throws -> [HistoryEntry] {
        try read {
            try connection.query("SELECT * FROM representative_history WHERE representative_id = $1 ORDER BY seq", [id]).map { row in
                HistoryEntry(seq: row.int64("seq"), representativeID: row.string("representative_id"), at: row.string("at"),
                             operatorName: row.string("operator"), action: row.string("action"),
                             changes: (try? JSONDecoder().decode([FieldChange].self, from: Data(row.string("changes").utf8))) ?? [],
                             reason: row["reason"])
            }
        }
    }

    public func training(_ id: String) throws -> [TrainingRecord] {
        try read {
            try connection.query("SELECT date, topic, hours FROM training WHERE representative_id = $1 ORDER BY date, id", [id]).compactMap { row in
                Day(row.string("date")).map { TrainingRecord(date: $0, topic: row.string("topic"), hours: row.double("hours")) }
            }
        }
    }

    public func service(_ id: String) throws -> [ServiceRecord] {
        try read { try PGPoolStore.service(connection, ids: [id], office: office)[id] ?? [] }
    }

    /// The service records of `ids` (every office's), by representative.
    static func service(_ connection: PGConnection, ids: [String], office: String?) throws -> [String: [ServiceRecord]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try connection.query("SELECT representative_id, hearing_id, date, role FROM service WHERE representative_id = ANY($1::text[]) ORDER BY date, id",
                                        [PGArray(ids)])
        var found: [String: [ServiceRecord]] = [:]
        for row in rows {
            if let d = Day(row.string("date")) {
                found[row.string("representative_id"), default: []].append(
                    ServiceRecord(hearingID: HearingKey.display(row.string("hearing_id"), office: office), date: d, role: row.string("role")))
            }
        }
        return found
    }

    public func rules() throws -> EligibilityRules { try read { try EligibilityRules.read(PGSettings(connection: connection)) } }

    public func eligibility(_ id: String, on day: Day, rules: EligibilityRules? = nil) throws -> [IneligibilityReason] {
        try read {
            Eligibility.reasons(for: try fetch(id), on: day, training: try training(id), service: try service(id), rules: try rules ?? self.rules())
        }
    }

    public func members() throws -> [PoolMember] {
        try read {
            var training: [String: [TrainingRecord]] = [:]
            for row in try connection.query("SELECT representative_id, date, topic, hours FROM training") {
                if let d = Day(row.string("date")) {
                    training[row.string("representative_id"), default: []].append(TrainingRecord(date: d, topic: row.string("topic"), hours: row.double("hours")))
                }
            }
            var service: [String: [ServiceRecord]] = [:]
            for row in try connection.query("SELECT representative_id, hearing_id, date, role FROM service") {
                if let d = Day(row.string("date")) {
                    service[row.string("representative_id"), default: []].append(
                        ServiceRecord(hearingID: HearingKey.display(row.string("hearing_id"), office: office), date: d, role: row.string("role")))
                }
            }
            return try connection.query("SELECT * FROM representative ORDER BY id").map { row in
                let rep = Representative(pgRow: row)
                return PoolMember(representative: rep, training: training[rep.id] ?? [], service: service[rep.id] ?? [], homeOffice: row["home_office"])
            }
        }
    }

    public func statistics(today: Day) throws -> PoolStatistics {
        try read { PoolStatistics.compute(try members(), catalog: try catalog(), rules: try rules(), today: today) }
    }

    // MARK: Changing

    @discardableResult
    public func add(_ representative: Representative, context: OperationContext) throws -> Representative {
        try write {
            var rep = representative
            if rep.id.isEmpty { rep.id = try nextID() }
            if !(try connection.query("SELECT 1 FROM representative WHERE id = $1", [rep.id]).isEmpty) { throw PoolError.duplicateID(id: rep.id) }
            try checkPhone(rep)
            try catalog().check(rep)
            let placeholders = (1...rep.pgValues.count).map { "$\($0)" }.joined(separator: ", ")
            try connection.execute("INSERT INTO representative (\(Representative.columnList)) VALUES (\(placeholders))", rep.pgValues)
            try log(id: rep.id, action: "created", changes: rep.changes(from: PoolStore.blank(rep.id)), reason: rep.statusReason, context: context)
            return rep
        }
    }

    @discardableResult
    public func update(_ representative: Representative, reason: String?, context: OperationContext) throws -> [FieldChange] {
        try write {
            let old = try fetch(representative.id, forUpdate: true)
            if old.status != representative.status {
                _ = try Lifecycle.move(old, to: representative.status, reason: representative.statusReason,
                                       until: representative.suspendedUntil, today: context.today)
            }
            try checkPhone(representative)
            try catalog().check(representative)
            let changes = representative.changes(from: old)
            guard !changes.isEmpty else { return [] }
            try store(representative)
            try log(id: representative.id, action: old.status == representative.status ? "updated" : "status",
                    changes: changes, reason: reason, context: context)
            return changes
        }
    }

    @discardableResult
    public func setStatus(_ id: String, to status: RepresentativeStatus, reason: String?, until: Day?,
                          context: OperationContext) throws -> Representative {
        try write {
            let old = try fetch(id, forUpdate: true)
            let new = try Lifecycle.move(old, to: status, reason: reason, until: until, today: context.today)
            try store(new)
            try log(id: id, action: "status", changes: new.changes(from: old), reason: new.statusReason, context: context)
            return new
        }
    }

    public func train(_ ids: [String], _ record: TrainingRecord, context: OperationContext) throws {
        try record.check(today: context.today)
        try write {
            for id in ids {
                _ = try fetch(id)
                try connection.execute("INSERT INTO training (representative_id, date, topic, hours) VALUES ($1, $2, $3, $4)",
                                       [id, record.date.description, record.topic, record.hours])
                try log(id: id, action: "training",
                        changes: [FieldChange(field: "training", old: nil, new: "\(record.date) \(record.topic) \(IneligibilityReason.hours(record.hours))h")],
                        reason: nil, context: context)
            }
        }
    }

    @discardableResult
    public func renew(_ ids: [String], termEnd: Day, reason: String?, context: OperationContext) throws -> [String] {
        try write {
            var changed: [String] = []
            for id in ids {
                let old = try fetch(id, forUpdate: true)
                let new = try old.renewed(termEnd: termEnd)
                let changes = new.changes(from: old)
                guard !changes.isEmpty else { continue }
                try store(new)
                try log(id: id, action: "updated", changes: changes, reason: reason ?? "续聘", context: context)
                changed.append(id)
            }
            return changed
        }
    }

    public func addCategory(_ category: Category) throws {
        try write {
            try catalog().checkNew(category)
            try connection.execute("""
                INSERT INTO category (key, label, aliases, position) VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM category))
                ON CONFLICT (key) DO UPDATE SET label = excluded.label, aliases = excluded.aliases
                """, [category.key, category.label, category.aliases.joined(separator: ";")])
        }
    }

    public func setRule(_ key: EligibilityRules.Key, _ value: String) throws {
        try key.check(value)
        try PGSettings(connection: connection).set(key.rawValue, value)
    }

    /// Sets `id`'s home office (nil: serves county-wide), with history.
    public func setHomeOffice(_ id: String, office: String?, context: OperationContext) throws {
        try write {
            _ = try fetch(id, forUpdate: true)
            let old = try connection.query("SELECT home_office FROM representative WHERE id = $1", [id]).first?["home_office"]
            if let office { try checkOffice(office) }
            try connection.execute("UPDATE representative SET home_office = $1 WHERE id = $2", [office, id])
            try log(id: id, action: "updated", changes: [FieldChange(field: "home_office", old: old, new: office)], reason: nil, context: context)
        }
    }

    public func homeOffice(_ id: String) throws -> String? {
        try read {
            _ = try fetch(id)
            return try connection.query("SELECT home_office FROM representative WHERE id = $1", [id]).first?["home_office"]
        }
    }

    // MARK: Helpers

    private func store(_ rep: Representative) throws {
        let columns = Representative.columnList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let sets = columns.dropFirst().enumerated().map { "\($0.element) = $\($0.offset + 2)" }.joined(separator: ", ")
        try connection.execute("UPDATE representative SET \(sets) WHERE id = $1", rep.pgValues)
    }

    private func checkPhone(_ rep: Representative) throws {
        guard let phone = rep.phone else { return }
        if let holder = try connection.query("SELECT id FROM representative WHERE phone = $1 AND id <> $2", [phone, rep.id]).first?.first {
            throw PoolError.duplicatePhone(phone: phone, holder: holder)
        }
    }

    private func nextID() throws -> String { GeneratedID.format(try highestGeneratedNumber() + 1) }

    func log(id: String, action: String, changes: [FieldChange], reason: String?, context: OperationContext) throws {
        let json = FieldChange.json(changes)
        try connection.enqueue("""
            INSERT INTO representative_history (representative_id, at, operator, action, changes, reason) VALUES ($1, $2, $3, $4, $5, $6)
            """, [id, context.timestamp, context.operatorName, action, json, reason])
    }
}

/// A list of texts bound as one `text[]` parameter.
struct PGArray: PGBindable {
    var items: [String]
    init(_ items: [String]) { self.items = items }
    var pgText: String {
        "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}

extension Representative {
    init(pgRow row: PGRow) {
        func day(_ column: String) -> Day? { row[column].flatMap(Day.init) }
        self.init(
            id: row.string("id"), name: row.string("name"),
            gender: Gender(rawValue: row.string("gender")) ?? .male,
            birthYear: row.int("birth_year"), community: row.string("community"), street: row.string("street"),
            categories: row.string("categories").split(separator: ";").map(String.init),
            intake: Intake(rawValue: row.string("intake")) ?? .selfNominated,
            recommendedBy: row["recommended_by"], phone: row["phone"], household: row["household"],
            workUnit: row["work_unit"], relations: DeclaredRelation.parseList(row.string("relations")),
            termStart: day("term_start"), termEnd: day("term_end"),
            status: RepresentativeStatus(rawValue: row.string("status")) ?? .candidate,
            statusReason: row["status_reason"], suspendedUntil: day("suspended_until"))
    }

    /// The values for ``Representative/columnList``, in that order.
    var pgValues: [(any PGBindable)?] {
        [id, name, gender.rawValue, birthYear, community, street, categories.joined(separator: ";"),
         intake.rawValue, recommendedBy, phone, household, workUnit, DeclaredRelation.format(relations),
         termStart?.description, termEnd?.description, status.rawValue, statusReason,
         suspendedUntil?.description]
    }
}
