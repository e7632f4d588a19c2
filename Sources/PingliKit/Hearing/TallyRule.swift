/// Counting votes: a pure function of the current round's votes and the spec.
public enum TallyRule {
    /// Votes needed for an option to win under `rule` on a panel of `size`.
    public static func threshold(_ rule: VotingRule, size: Int) -> Int {
        switch rule {
        case .simpleMajority: return size / 2 + 1
        case .twoThirds: return (2 * size + 2) / 3
        case .unanimity: return size
        }
    }

    /// The tally of `votes` (seat → option). Abstentions count as votes cast but never win;
    /// no option reaching the threshold falls to the tie rule.
    public static func count(votes: [Int: String], spec: PanelSpec, size: Int, round: Int) -> Tally {
        var counts = Dictionary(uniqueKeysWithValues: spec.options.map { ($0.key, 0) })
        for option in votes.values { counts[option, default: 0] += 1 }
        let need = threshold(spec.votingRule, size: size)
        let winner = counts.filter { $0.key != "abstain" && $0.value >= need }.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        if let winner {
            return Tally(counts: counts, panelSize: size, voted: votes.count, rule: spec.votingRule, outcome: winner, basis: "rule", round: round)
        }
        switch spec.tieRule {
        case .partial:
            return Tally(counts: counts, panelSize: size, voted: votes.count, rule: spec.votingRule, outcome: "partial", basis: "tie-rule", round: round)
        case .revote where round == 1:
            return Tally(counts: counts, panelSize: size, voted: votes.count, rule: spec.votingRule, outcome: nil, basis: "revote", round: round)
        default:
            return Tally(counts: counts, panelSize: size, voted: votes.count, rule: spec.votingRule, outcome: nil, basis: "no-verdict", round: round)
        }
    }
}
