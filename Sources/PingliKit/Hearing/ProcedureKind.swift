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

    /// The spec used when the moderator names none (`Panels/NAME.toml`).
    public var defaultSpec: String {
        switch self {
        case .publicHearing: return "hearing-7"
        case .instantMediation: return "instant-mediation-3"
        case .rehearing: return "rehearing-11"
        }
    }
}
