/// Prepares a draw from the pool: today's members, the office's rules, the spec and the
/// parties' conflicts. The one place where the pool meets the draw.
public enum DrawPreparation {
    public static func prepare(pool: any PoolReading, spec: PanelSpec, parties: [Party], day: Day,
                               excludedPanel: Set<String> = [], office: String? = nil,
                               solver: any IntegerSolver) throws -> (PreparedDraw, [ExcludedPerson]) {
        let (eligible, excluded) = DrawEligibility.split(pool: members(try pool.members(), spec: spec, office: office), parties: parties, spec: spec,
                                                         rules: try pool.rules(), on: day, excludedPanel: excludedPanel)
        let known = Set(try pool.catalog().categories.map(\.key))
        return (try DrawEngine.prepare(spec: spec, eligible: eligible, excluded: excluded, day: day, knownCategories: known, solver: solver), excluded)
    }

    /// The members a spec draws from: with `pool = "office"`, those whose home office is the
    /// hearing's `office` (everyone, in a database without offices); else the whole pool.
    public static func members(_ all: [PoolMember], spec: PanelSpec, office: String?) -> [PoolMember] {
        guard spec.pool == .office, let office else { return all }
        return all.filter { $0.homeOffice == office }
    }
}
