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
