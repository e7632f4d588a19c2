
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

/// Whom a panel is drawn from in a county store.
public enum PoolScope: String, Sendable, Codable, CaseIterable {
    /// The representatives whose home office is the hearing's office.
    case office
    /// Everyone in the store's pool, whatever their office (the default).
    case county
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
    /// `pool = "office"` draws from the hearing office's own representatives; absent (nil) or
    /// `"county"`, from the whole pool the store holds. Left out of the record when absent.
    public var pool: PoolScope?

    /// The age band a person falls in during `year`, or nil.
    public func ageBand(birthYear: Int, year: Int) -> String? {
        let age = year - birthYear
        return ageBands.first { $0.from <= age && age <= $0.to }?.name
    }
}
