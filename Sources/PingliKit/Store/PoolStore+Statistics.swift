import GRDB

extension PoolStore {
    /// Statistics of the pool as of `today`.
    public func statistics(today: Day) throws -> PoolStatistics {
        try database.pool.read { db in
            let catalog = try Self.catalog(db)
            var tally = PoolStatistics.Tally(rules: try Self.rules(db), today: today)
            let training = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT representative_id AS id, group_concat(date || '|' || hours, ';') AS t FROM training GROUP BY representative_id
                """).map { ($0["id"] as String, ($0["t"] as String).split(separator: ";").compactMap { item -> TrainingRecord? in
                    let p = item.split(separator: "|")
                    guard p.count == 2, let d = Day(String(p[0])), let h = Double(p[1]) else { return nil }
                    return TrainingRecord(date: d, topic: "", hours: h)
                }) })
            let service = try Dictionary(grouping: Row.fetchAll(db, sql: "SELECT representative_id AS id, hearing_id, date, role FROM service"),
                                         by: { $0["id"] as String }).mapValues { rows in
                rows.compactMap { r in Day(r["date"] as String).map { ServiceRecord(hearingID: r["hearing_id"], date: $0, role: r["role"]) } }
            }
            // Streamed: the pool is not held in memory twice.
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM representative")
            while let row = try cursor.next() {
                let rep = try Representative(row: row)
                tally.add(rep, training: training[rep.id] ?? [], service: service[rep.id] ?? [])
            }
            return tally.finish(catalog: catalog)
        }
    }
}
