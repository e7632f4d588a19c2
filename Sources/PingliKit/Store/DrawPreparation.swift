/// Prepares a draw from the office's database: today's pool, the office's rules, the spec,
/// and the parties' conflicts. The one place where the store meets the pure draw.
public enum DrawPreparation {
    public static func prepare(database: PingliDatabase, spec: PanelSpec, parties: [Party], day: Day,
                               excludedPanel: Set<String> = []) throws -> (PreparedDraw, [ExcludedPerson]) {
        let pool = PoolStore(database)
        let (eligible, excluded) = DrawEligibility.split(pool: try pool.members(), parties: parties, spec: spec,
                                                         rules: try pool.rules(), on: day, excludedPanel: excludedPanel)
        let known = Set(try pool.catalog().categories.map(\.key))
        return (try DrawEngine.prepare(spec: spec, eligible: eligible, excluded: excluded, day: day, knownCategories: known), excluded)
    }
}
