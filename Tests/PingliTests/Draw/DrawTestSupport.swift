import Foundation
@testable import PingliKit

/// A small deterministic generator for test instances (not used by the draw itself).
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

enum DrawFixtures {
    static func spec(size: Int, alternates: Int = 2, quotas: [Quota], kind: ProcedureKind = .publicHearing) -> PanelSpec {
        PanelSpec(name: "test-\(size)", title: "test", kind: kind, panelSize: size, alternates: alternates, quotas: quotas,
                  ageBands: [], conflicts: ConflictRules(), coolingOffDays: nil, votingRule: .simpleMajority, tieRule: .noVerdict,
                  options: [BallotOption(key: "applicant", label: "A"), BallotOption(key: "respondent", label: "B")],
                  sha256: String(repeating: "ab", count: 32))
    }

    /// `n` people over 3 communities, some legal professionals, some sharing households.
    static func people(_ n: Int, seed: UInt64, householdShare: Int = 4) -> [Candidate] {
        var r = TestRandom(state: seed)
        var out: [Candidate] = []
        var household = 0
        for i in 0..<n {
            var c = Candidate(id: String(format: "R-%03d", i), categories: r.int(3) == 0 ? ["legal-professional", "resident"] : ["resident"],
                              gender: r.int(2) == 0 ? "female" : "male", ageBand: nil,
                              community: ["东风社区", "西湖社区", "清水村"][r.int(3)], street: "中市街道")
            if i > 0 && r.int(householdShare) == 0 && out[i - 1].household == nil {
                household += 1
                out[i - 1].household = "G\(household)"
                c.household = "G\(household)"
            }
            out.append(c)
        }
        return out
    }

    static let quotas = [
        Quota(attribute: .category, value: "legal-professional", min: 1, max: 2),
        Quota(attribute: .gender, value: "female", min: 1, max: 3),
        Quota(attribute: .community, value: nil, min: 0, max: 2),
    ]

    static func contributions(_ secrets: [String: String]) -> [SeedContribution] {
        secrets.map { SeedContribution(label: $0.key, commitment: DrawSeed.commitment(to: $0.value), secret: $0.value) }
    }
}
