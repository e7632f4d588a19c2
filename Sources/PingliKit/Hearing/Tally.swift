/// The result of counting the votes, computed from the log (never stored as a counter).
public struct Tally: Hashable, Sendable, Codable {
    /// Votes per option key, every option listed.
    public var counts: [String: Int]
    public var panelSize: Int
    public var voted: Int
    public var rule: VotingRule
    /// The winning option, `partial` by the tie rule, or nil for no verdict.
    public var outcome: String?
    /// Why: `rule`, `tie-rule`, `no-verdict`, or `revote`.
    public var basis: String
    public var round: Int
}
