/// One eligible representative as the draw sees them: only the attributes quotas may
/// count, and a household group token instead of the household key (personal data).
public struct Candidate: Hashable, Sendable, Codable {
    public var id: String
    public var categories: [String]
    public var gender: String
    public var ageBand: String?
    public var community: String
    public var street: String
    /// `G1`, `G2`, …: shared by eligible people of one household; nil when alone in it.
    public var household: String?

    public init(id: String, categories: [String], gender: String, ageBand: String?, community: String,
                street: String, household: String? = nil) {
        self.id = id
        self.categories = categories
        self.gender = gender
        self.ageBand = ageBand
        self.community = community
        self.street = street
        self.household = household
    }

    /// The values this person has for `attribute` (several for categories).
    public func values(_ attribute: QuotaAttribute) -> [String] {
        switch attribute {
        case .category: return categories
        case .gender: return [gender]
        case .ageBand: return ageBand.map { [$0] } ?? []
        case .community: return [community]
        case .street: return [street]
        }
    }
}

/// Someone in the pool who cannot be drawn for this hearing, and every reason why.
public struct ExcludedPerson: Hashable, Sendable, Codable {
    public var id: String
    /// Stable codes (`training`, `household`, …), for the record.
    public var codes: [String]
    /// The same reasons in words, for the office.
    public var reasons: [String]
}

/// Splits the pool into who may be drawn and who may not (with reasons): a pure function of
/// the pool, the parties, the spec, the office's rules and the day.
public enum DrawEligibility {
    public static func split(pool: [PoolMember], parties: [Party], spec: PanelSpec, rules: EligibilityRules,
                             on day: Day, excludedPanel: Set<String> = []) -> (eligible: [Candidate], excluded: [ExcludedPerson]) {
        var rules = rules
        if let days = spec.coolingOffDays { rules.coolingOffDays = days }
        var eligible: [(Candidate, String?)] = []
        var excluded: [ExcludedPerson] = []
        for member in pool.sorted(by: { $0.representative.id < $1.representative.id }) {
            let rep = member.representative
            let reasons = Eligibility.reasons(for: rep, on: day, training: member.training, service: member.service, rules: rules)
            var codes = reasons.map(\.code)
            var words = reasons.map(\.description)
            if excludedPanel.contains(rep.id) {
                codes.append("earlier-panel"); words.append("曾任原评理团成员（复议须回避）")
            }
            for party in parties {
                let who = "\(party.role.label)\(party.label)"
                if spec.conflicts.household, let h = party.household, !h.isEmpty, rep.household == h {
                    codes.append("household"); words.append("与\(who)同户")
                }
                if spec.conflicts.declaredRelation, let rel = rep.relations.first(where: { $0.name == party.name }) {
                    codes.append("declared-relation"); words.append("申报与\(who)有关系（\(rel.relation.isEmpty ? "关系" : rel.relation)）")
                }
                if spec.conflicts.workUnit, let w = party.workUnit, !w.isEmpty, rep.workUnit == w {
                    codes.append("work-unit"); words.append("与\(who)同一工作单位")
                }
                if spec.conflicts.partyCommunity, let c = party.community, !c.isEmpty, rep.community == c {
                    codes.append("party-community"); words.append("与\(who)同社区（\(c)）")
                }
                if party.isRepresentative(rep) {
                    codes.append("is-party"); words.append("本人即\(who)")
                }
            }
            if codes.isEmpty {
                let c = Candidate(id: rep.id, categories: rep.categories.sorted(), gender: rep.gender.rawValue,
                                  ageBand: spec.ageBand(birthYear: rep.birthYear, year: day.year),
                                  community: rep.community, street: rep.street)
                eligible.append((c, rep.household))
            } else {
                excluded.append(ExcludedPerson(id: rep.id, codes: orderedUnique(codes), reasons: orderedUnique(words)))
            }
        }
        // Household tokens only for households with two or more eligible members, numbered
        // in id order, so the published record shows who shares one without saying which.
        var counts: [String: Int] = [:]
        for (_, h) in eligible { if let h, !h.isEmpty { counts[h, default: 0] += 1 } }
        var tokens: [String: String] = [:]
        let candidates = eligible.map { pair -> Candidate in
            var c = pair.0
            if let h = pair.1, counts[h, default: 0] > 1 {
                if tokens[h] == nil { tokens[h] = "G\(tokens.count + 1)" }
                c.household = tokens[h]
            }
            return c
        }
        return (candidates, excluded)
    }
}
