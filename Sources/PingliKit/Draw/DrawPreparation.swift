/// Prepares a draw from the pool: today's members, the office's rules, the spec and the
/// parties' conflicts. The one place where the pool meets the draw.
public enum DrawPreparation {
    public static func prepare(pool: any PoolReading, spec: PanelSpec, parties: [Party], day: Day,
                               excludedPanel: Set<String> = [], solver: any IntegerSolver) throws -> (PreparedDraw, [ExcludedPerson]) {
        let (eligible, excluded) = DrawEligibility.split(pool: try pool.members(), parties: parties, spec: spec,
                                                         rules: try pool.rules(), on: day, excludedPanel: excludedPanel)
        let known = Set(try pool.catalog().categories.map(\.key))
        return (try DrawEngine.prepare(spec: spec, eligible: eligible, excluded: excluded, day: day, knownCategories: known, solver: solver), excluded)
    }
}
