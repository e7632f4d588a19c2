import Foundation

/// What the county store's pool import needs besides ``PGPoolStore``'s one-at-a-time changes:
/// the store's side of a whole file read in a few queries, and new representatives written
/// without a round trip each (their checks made by the importer against those reads).
extension PGPoolStore {
    /// The representatives among `ids` that the store holds, by id.
    func representatives(ids: [String]) throws -> [String: Representative] {
        guard !ids.isEmpty else { return [:] }
        var found: [String: Representative] = [:]
        for row in try connection.query("SELECT * FROM representative WHERE id = ANY($1::text[])", [PGArray(ids)]) {
            let rep = Representative(pgRow: row)
            found[rep.id] = rep
        }
        return found
    }

    /// Who in the store holds each of `phones`, by phone.
    func phoneHolders(_ phones: [String]) throws -> [String: String] {
        guard !phones.isEmpty else { return [:] }
        var holders: [String: String] = [:]
        for row in try connection.query("SELECT phone, id FROM representative WHERE phone = ANY($1::text[])", [PGArray(phones)]) {
            holders[row.string("phone")] = row.string("id")
        }
        return holders
    }

    /// The highest number among the store's generated ids (`R-000123` → 123), 0 when none.
    func highestGeneratedNumber() throws -> Int {
        try connection.query("""
            SELECT coalesce(max(substr(id, 3)::bigint), 0) AS n FROM representative WHERE id ~ '^R-[0-9]{1,18}$'
            """).first?.int("n") ?? 0
    }

    /// Refuses an office code the store does not know.
    func checkOffice(_ office: String) throws {
        if try connection.query("SELECT 1 FROM office WHERE code = $1", [office]).isEmpty {
            throw StoreError.badOffice(code: office, known: try connection.query("SELECT code FROM office ORDER BY code").compactMap(\.first))
        }
    }

    /// Queues new representatives whose ids, phones and categories the caller has checked, in
    /// two multi-row statements (the rows, then their history: what ``add(_:context:)`` and
    /// ``setHomeOffice(_:office:context:)`` write for each); they are sent with the next
    /// statement that needs an answer, or with the commit.
    func enqueueNew(_ reps: [Representative], homeOffice: String?, context: OperationContext) throws {
        guard !reps.isEmpty else { return }
        var values: [(any PGBindable)?] = []
        var width = 0
        for rep in reps {
            let row = rep.pgValues + [homeOffice]
            width = row.count
            values += row
        }
        try connection.enqueue("INSERT INTO representative (\(Representative.columnList), home_office) VALUES \(Self.placeholders(rows: reps.count, width: width))",
                               values)
        var history: [(any PGBindable)?] = []
        var entries = 0
        let at = context.timestamp
        for rep in reps {
            let created = FieldChange.json(rep.changes(from: PoolStore.blank(rep.id)))
            history += [rep.id, at, context.operatorName, "created", created, rep.statusReason]
            entries += 1
            if let homeOffice {
                let moved = FieldChange.json([FieldChange(field: "home_office", old: nil, new: homeOffice)])
                history += [rep.id, at, context.operatorName, "updated", moved, nil]
                entries += 1
            }
        }
        try connection.enqueue("""
            INSERT INTO representative_history (representative_id, at, operator, action, changes, reason) VALUES \(Self.placeholders(rows: entries, width: 6))
            """, history)
    }

    /// `($1, $2), ($3, $4)` for two rows of two.
    static func placeholders(rows: Int, width: Int) -> String {
        var out = ""
        out.reserveCapacity(rows * width * 6)
        for r in 0..<rows {
            out += r == 0 ? "(" : ", ("
            for c in 1...width { out += (c == 1 ? "$" : ", $") + String(r * width + c) }
            out += ")"
        }
        return out
    }
}
