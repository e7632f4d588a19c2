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
        var tally = Tally(rules: rules, today: today)
        for m in members { tally.add(m.representative, training: m.training, service: m.service) }
        return tally.finish(catalog: catalog)
    }

    /// Counts people one at a time (a store may stream them), then orders the report.
    public struct Tally {
        private var s = PoolStatistics()
        private let today: Day
        private var statusCounts: [RepresentativeStatus: Int] = [:]
        private var categoryCounts: [String: (Int, Int)] = [:]
        private var communityCounts: [String: (Int, Int)] = [:]
        private var loads: [Load] = []

        public init(rules: EligibilityRules, today: Day) {
            s.rules = rules
            self.today = today
        }

        public mutating func add(_ rep: Representative, training: [TrainingRecord], service: [ServiceRecord]) {
            s.total += 1
            statusCounts[rep.status, default: 0] += 1
            let active = rep.status == .active ? 1 : 0
            for c in rep.categories { categoryCounts[c, default: (0, 0)].0 += 1; categoryCounts[c, default: (0, 0)].1 += active }
            communityCounts[rep.community, default: (0, 0)].0 += 1
            communityCounts[rep.community, default: (0, 0)].1 += active
            if rep.status == .active {
                s.activeCount += 1
                if training.reduce(0, { $0 + $1.hours }) + 1e-9 >= s.rules.minimumTrainingHours { s.trainedEnough += 1 }
            }
            if Eligibility.reasons(for: rep, on: today, training: training, service: service, rules: s.rules).isEmpty { s.eligibleToday += 1 }
            let thisYear = service.filter { $0.date.year == today.year }
            if rep.status == .active || !thisYear.isEmpty {
                loads.append(Load(id: rep.id, name: rep.name, services: thisYear.count, last: service.map(\.date).max()))
            }
        }

        /// The counts and loads gathered, in the order the report shows them.
        public func finish(catalog: CategoryCatalog) -> PoolStatistics {
            var s = self.s
            s.byStatus = RepresentativeStatus.allCases.map {
                Count(key: $0.rawValue, label: $0.label, total: statusCounts[$0] ?? 0, active: $0 == .active ? statusCounts[$0] ?? 0 : 0)
            }
            s.byCategory = catalog.categories.map {
                Count(key: $0.key, label: $0.label, total: categoryCounts[$0.key]?.0 ?? 0, active: categoryCounts[$0.key]?.1 ?? 0)
            }
            s.byCommunity = communityCounts.keys.sorted().map {
                Count(key: $0, label: $0, total: communityCounts[$0]!.0, active: communityCounts[$0]!.1)
            }
            let dist = Dictionary(grouping: loads, by: \.services).mapValues(\.count)
            s.serviceDistribution = dist.keys.sorted().map { ($0, dist[$0]!) }
            s.busiest = Array(loads.filter { $0.services > 0 }.sorted { ($0.services, $1.id) > ($1.services, $0.id) }.prefix(10))
            return s
        }
    }
}
