/// What kind of procedure a panel is for.
public enum ProcedureKind: String, Sendable, Codable, CaseIterable {
    /// 评理大会: a drawn panel, evidence, debate and a vote.
    case publicHearing = "public-hearing"
    /// 即时评议调解: a few representatives and the parties, ending in an agreement or escalation.
    case instantMediation = "instant-mediation"
    /// A second hearing of the same case; every member of the earlier panel is excluded.
    case rehearing = "re-hearing"

    public var label: String {
        switch self {
        case .publicHearing: return "评理大会"
        case .instantMediation: return "即时评议调解"
        case .rehearing: return "复议评理"
        }
    }
}

/// The attributes a quota may count.
public enum QuotaAttribute: String, Sendable, Codable, CaseIterable {
    case category, gender
    case ageBand = "age-band"
    case community, street
}

/// "At least `min` and at most `max` seats for people with this value."
public struct Quota: Hashable, Sendable, Codable {
    public var attribute: QuotaAttribute
    /// The value counted; nil with `eachMax` means "every value of the attribute".
    public var value: String?
    public var min: Int
    public var max: Int

    public init(attribute: QuotaAttribute, value: String?, min: Int, max: Int) {
        self.attribute = attribute
        self.value = value
        self.min = min
        self.max = max
    }

    /// `category=legal-professional ∈ [1, 7]`, or `community=* ≤ 2`.
    public var text: String {
        if value == nil { return "\(attribute.rawValue)=* ≤ \(max)" }
        return "\(attribute.rawValue)=\(value!) ∈ [\(min), \(max)]"
    }
}

/// An age band, by age reached in the year of the draw: `18–35`.
public struct AgeBand: Hashable, Sendable, Codable {
    public var from: Int
    public var to: Int
    public var name: String { "\(from)-\(to)" }
}

/// Which ties to a party keep a representative off the panel.
public struct ConflictRules: Hashable, Sendable, Codable {
    /// Representatives from a party's own community (社区/村).
    public var partyCommunity: Bool
    /// Representatives in a party's household.
    public var household: Bool
    /// Representatives who declared a relation to a party (by name).
    public var declaredRelation: Bool
    /// Representatives working in a party's work unit.
    public var workUnit: Bool

    public init(partyCommunity: Bool = false, household: Bool = true, declaredRelation: Bool = true, workUnit: Bool = true) {
        self.partyCommunity = partyCommunity
        self.household = household
        self.declaredRelation = declaredRelation
        self.workUnit = workUnit
    }
}

/// How the panel's votes decide.
public enum VotingRule: String, Sendable, Codable, CaseIterable {
    case simpleMajority = "simple-majority"
    case twoThirds = "two-thirds"
    case unanimity

    public var label: String {
        switch self {
        case .simpleMajority: return "过半数"
        case .twoThirds: return "三分之二多数"
        case .unanimity: return "全体一致"
        }
    }
}

/// What happens when no option reaches the rule.
public enum TieRule: String, Sendable, Codable, CaseIterable {
    /// No verdict: the moderator records that the panel could not decide.
    case noVerdict = "no-verdict"
    /// The `partial` option (双方各有责任) is the finding.
    case partial
    /// The panel votes again (a second round), once.
    case revote
}

/// One ballot option: a key used in commands and a label read out.
public struct BallotOption: Hashable, Sendable, Codable {
    public var key: String
    public var label: String
}

/// A panel specification from `Panels/NAME.toml`.
public struct PanelSpec: Hashable, Sendable, Codable {
    public var name: String
    public var title: String
    public var kind: ProcedureKind
    public var panelSize: Int
    public var alternates: Int
    public var quotas: [Quota]
    public var ageBands: [AgeBand]
    public var conflicts: ConflictRules
    /// Overrides the office's cooling-off days when set.
    public var coolingOffDays: Int?
    public var votingRule: VotingRule
    public var tieRule: TieRule
    public var options: [BallotOption]
    /// SHA-256 of the file's bytes, recorded with every draw.
    public var sha256: String

    /// The age band a person falls in during `year`, or nil.
    public func ageBand(birthYear: Int, year: Int) -> String? {
        let age = year - birthYear
        return ageBands.first { $0.from <= age && age <= $0.to }?.name
    }
}
