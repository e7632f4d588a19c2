/// A party to the dispute (涉事方), as far as conflict rules need.
public struct Party: Hashable, Sendable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case applicant, respondent, other
        public var label: String {
            switch self {
            case .applicant: return "申请方"
            case .respondent: return "被申请方"
            case .other: return "其他涉事方"
            }
        }
    }

    /// Short label used in commands: `A`, `B`, `甲`.
    public var label: String
    public var name: String
    public var role: Role
    public var community: String?
    /// Personal data: used for the conflict check, never published.
    public var household: String?
    public var workUnit: String?
    /// The representative id when the party is also in the pool (`--representative`/`--代表`).
    public var representative: String?
    /// Personal data: with the name, recognises a party who is also a representative; never published.
    public var phone: String?

    public init(label: String, name: String, role: Role, community: String? = nil, household: String? = nil, workUnit: String? = nil,
                representative: String? = nil, phone: String? = nil) {
        self.label = label
        self.name = name
        self.role = role
        self.community = community
        self.household = household
        self.workUnit = workUnit
        self.representative = representative
        self.phone = phone
    }

    /// Whether `representative` is this party: by representative id, or by name together with
    /// the household or the phone — never by name alone (two people may share a name).
    public func isRepresentative(_ representative: Representative) -> Bool {
        if let id = self.representative, !id.isEmpty { return id == representative.id }
        guard representative.name == name else { return false }
        if let h = household, !h.isEmpty, h == representative.household { return true }
        if let p = phone, !p.isEmpty, p == representative.phone { return true }
        return false
    }
}
