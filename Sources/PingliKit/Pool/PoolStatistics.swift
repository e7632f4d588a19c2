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

extension PoolStatistics {
    /// The statistics of `members` as of `today` (a store without a tuned query of its own).
    public static func compute(_ members: [PoolMember], catalog: CategoryCatalog, rules: EligibilityRules, today: Day) -> PoolStatistics {
        var s = PoolStatistics()
        s.rules = rules
        var statusCounts: [RepresentativeStatus: Int] = [:]
        var categoryCounts: [String: (Int, Int)] = [:]
        var communityCounts: [String: (Int, Int)] = [:]
        var loads: [Load] = []
        for m in members {
            let rep = m.representative
            s.total += 1
            statusCounts[rep.status, default: 0] += 1
            let active = rep.status == .active ? 1 : 0
            for c in rep.categories { categoryCounts[c, default: (0, 0)].0 += 1; categoryCounts[c, default: (0, 0)].1 += active }
            communityCounts[rep.community, default: (0, 0)].0 += 1
            communityCounts[rep.community, default: (0, 0)].1 += active
            if rep.status == .active {
                s.activeCount += 1
                if m.training.reduce(0, { $0 + $1.hours }) + 1e-9 >= rules.minimumTrainingHours { s.trainedEnough += 1 }
            }
            if Eligibility.reasons(for: rep, on: today, training: m.training, service: m.service, rules: rules).isEmpty { s.eligibleToday += 1 }
            let thisYear = m.service.filter { $0.date.year == today.year }
            if rep.status == .active || !thisYear.isEmpty {
                loads.append(Load(id: rep.id, name: rep.name, services: thisYear.count, last: m.service.map(\.date).max()))
            }
        }
        s.finish(statusCounts: statusCounts, categoryCounts: categoryCounts, communityCounts: communityCounts, loads: loads, catalog: catalog)
        return s
    }

    /// The counts and loads gathered, in the order the report shows them.
    mutating func finish(statusCounts: [RepresentativeStatus: Int], categoryCounts: [String: (Int, Int)],
                         communityCounts: [String: (Int, Int)], loads: [Load], catalog: CategoryCatalog) {
        byStatus = RepresentativeStatus.allCases.map {
            Count(key: $0.rawValue, label: $0.label, total: statusCounts[$0] ?? 0, active: $0 == .active ? statusCounts[$0] ?? 0 : 0)
        }
        byCategory = catalog.categories.map {
            Count(key: $0.key, label: $0.label, total: categoryCounts[$0.key]?.0 ?? 0, active: categoryCounts[$0.key]?.1 ?? 0)
        }
        byCommunity = communityCounts.keys.sorted().map {
            Count(key: $0, label: $0, total: communityCounts[$0]!.0, active: communityCounts[$0]!.1)
        }
        let dist = Dictionary(grouping: loads, by: \.services).mapValues(\.count)
        serviceDistribution = dist.keys.sorted().map { ($0, dist[$0]!) }
        busiest = Array(loads.filter { $0.services > 0 }.sorted { ($0.services, $1.id) > ($1.services, $0.id) }.prefix(10))
    }
}
