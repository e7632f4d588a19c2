import GRDB

/// Counts an office looks at to keep the pool balanced and the workload spread.
public struct PoolStatistics: Sendable {
    public struct Count: Sendable { public var key: String; public var label: String; public var total: Int; public var active: Int }
    public struct Load: Sendable { public var id: String; public var name: String; public var services: Int; public var last: Day? }

    public var total = 0
    public var byStatus: [Count] = []
    public var byCategory: [Count] = []
    public var byCommunity: [Count] = []
    /// Active representatives, and how many of them have the required training hours.
    public var activeCount = 0
    public var trainedEnough = 0
    public var eligibleToday = 0
    public var rules = EligibilityRules()
    /// Services this calendar year per person: (number of services, people with that many).
    public var serviceDistribution: [(services: Int, people: Int)] = []
    /// The most-used representatives this year.
    public var busiest: [Load] = []
}

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
            s.byStatus = RepresentativeStatus.allCases.map {
                PoolStatistics.Count(key: $0.rawValue, label: $0.label, total: statusCounts[$0] ?? 0, active: $0 == .active ? statusCounts[$0] ?? 0 : 0)
            }
            s.byCategory = catalog.categories.map {
                PoolStatistics.Count(key: $0.key, label: $0.label, total: categoryCounts[$0.key]?.0 ?? 0, active: categoryCounts[$0.key]?.1 ?? 0)
            }
            s.byCommunity = communityCounts.keys.sorted().map {
                PoolStatistics.Count(key: $0, label: $0, total: communityCounts[$0]!.0, active: communityCounts[$0]!.1)
            }
            let dist = Dictionary(grouping: loads, by: \.services).mapValues(\.count)
            s.serviceDistribution = dist.keys.sorted().map { ($0, dist[$0]!) }
            s.busiest = Array(loads.filter { $0.services > 0 }.sorted { ($0.services, $1.id) > ($1.services, $0.id) }.prefix(10))
            return s
        }
    }
}
