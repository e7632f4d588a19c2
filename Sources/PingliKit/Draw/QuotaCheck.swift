/// Whether a panel keeps the spec's quotas and the household rule (for replacements).
public enum QuotaCheck {
    public static func holds(_ panel: [Candidate], spec: PanelSpec) -> Bool {
        spec.quotas.allSatisfy { holds($0, panel) } && householdsApart(panel)
    }

    /// Whether `panel` keeps quota `q`.
    public static func holds(_ q: Quota, _ panel: [Candidate]) -> Bool {
        if let v = q.value {
            let n = panel.filter { $0.values(q.attribute).contains(v) }.count
            return n >= q.min && n <= q.max
        }
        let counts = Dictionary(grouping: panel.flatMap { $0.values(q.attribute) }, by: { $0 }).mapValues(\.count)
        return !counts.values.contains { $0 > q.max }
    }

    /// Whether no two people of `panel` share a household.
    public static func householdsApart(_ panel: [Candidate]) -> Bool {
        let households = panel.compactMap(\.household)
        return Set(households).count == households.count
    }

    /// The rules no one of `candidates` can keep when joining `others` (quota texts, and
    /// "the household rule"): why a seat cannot be filled.
    public static func blocking(_ others: [Candidate], candidates: [Candidate], spec: PanelSpec) -> [String] {
        var rules = spec.quotas.filter { q in !candidates.contains { holds(q, others + [$0]) } }.map(\.text)
        if !candidates.contains(where: { householdsApart(others + [$0]) }) { rules.append("the household rule") }
        return rules
    }
}
