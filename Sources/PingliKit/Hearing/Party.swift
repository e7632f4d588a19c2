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

    public init(label: String, name: String, role: Role, community: String? = nil, household: String? = nil, workUnit: String? = nil) {
        self.label = label
        self.name = name
        self.role = role
        self.community = community
        self.household = household
        self.workUnit = workUnit
    }
}
