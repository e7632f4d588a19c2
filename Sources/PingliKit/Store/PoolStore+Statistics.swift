import GRDB

extension PoolStore {
    /// Statistics of the pool as of `today`.
    public func statistics(today: Day) throws -> PoolStatistics {
        try database.pool.read { db in
            var s = PoolStatistics()
            let catalog = try Self.catalog(db)
            s.rules = try Self.rules(db)
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
            var statusCounts: [RepresentativeStatus: Int] = [:]
            var categoryCounts: [String: (Int, Int)] = [:]
            var communityCounts: [String: (Int, Int)] = [:]
            var loads: [PoolStatistics.Load] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM representative")
            while let row = try cursor.next() {
                let rep = try Representative(row: row)
                s.total += 1
                statusCounts[rep.status, default: 0] += 1
                let active = rep.status == .active ? 1 : 0
                for c in rep.categories { categoryCounts[c, default: (0, 0)].0 += 1; categoryCounts[c, default: (0, 0)].1 += active }
                communityCounts[rep.community, default: (0, 0)].0 += 1
                communityCounts[rep.community, default: (0, 0)].1 += active
                let t = training[rep.id] ?? [], sv = service[rep.id] ?? []
                if rep.status == .active {
                    s.activeCount += 1
                    if t.reduce(0, { $0 + $1.hours }) + 1e-9 >= s.rules.minimumTrainingHours { s.trainedEnough += 1 }
                }
                if Eligibility.reasons(for: rep, on: today, training: t, service: sv, rules: s.rules).isEmpty { s.eligibleToday += 1 }
                let thisYear = sv.filter { $0.date.year == today.year }
                if rep.status == .active || !thisYear.isEmpty {
                    loads.append(PoolStatistics.Load(id: rep.id, name: rep.name, services: thisYear.count, last: sv.map(\.date).max()))
                }
            }
            s.finish(statusCounts: statusCounts, categoryCounts: categoryCounts, communityCounts: communityCounts, loads: loads, catalog: catalog)
            return s
        }
    }
}
