/// Whether a panel keeps the spec's quotas and the household rule (for replacements).
public enum QuotaCheck {
    public static func holds(_ panel: [Candidate], spec: PanelSpec) -> Bool {
        for q in spec.quotas {
            if let v = q.value {
                let n = panel.filter { $0.values(q.attribute).contains(v) }.count
                if n < q.min || n > q.max { return false }
            } else {
                let counts = Dictionary(grouping: panel.flatMap { $0.values(q.attribute) }, by: { $0 }).mapValues(\.count)
                if counts.values.contains(where: { $0 > q.max }) { return false }
            }
        }
        let households = panel.compactMap(\.household)
        return Set(households).count == households.count
    }
}
