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

    /// Queues a new representative whose id, phone and categories the caller has checked, with
    /// the same history ``add(_:context:)`` and ``setHomeOffice(_:office:context:)`` write: the
    /// row is sent with the next statement that needs an answer, or with the commit.
    func enqueueNew(_ rep: Representative, homeOffice: String?, context: OperationContext) throws {
        let values = rep.pgValues
        let placeholders = (1...(values.count + 1)).map { "$\($0)" }.joined(separator: ", ")
        try connection.enqueue("INSERT INTO representative (\(Representative.columnList), home_office) VALUES (\(placeholders))",
                               values + [homeOffice])
        try log(id: rep.id, action: "created", changes: rep.changes(from: PoolStore.blank(rep.id)), reason: rep.statusReason, context: context)
        if let homeOffice {
            try log(id: rep.id, action: "updated", changes: [FieldChange(field: "home_office", old: nil, new: homeOffice)], reason: nil, context: context)
        }
    }
}
