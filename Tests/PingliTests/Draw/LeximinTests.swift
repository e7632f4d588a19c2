import Foundation
import Testing
@testable import PingliKit

@Suite("Leximin lottery")
struct LeximinTests {
    /// Every feasible panel, by brute force over all subsets.
    func allPanels(_ people: [Candidate], _ spec: PanelSpec) -> [[Int]] {
        var panels: [[Int]] = []
        func quotasHold(_ p: [Int]) -> Bool {
            for q in spec.quotas {
                if let v = q.value {
                    let n = p.filter { people[$0].values(q.attribute).contains(v) }.count
                    if n < q.min || n > q.max { return false }
                } else {
                    let counts = Dictionary(grouping: p.flatMap { people[$0].values(q.attribute) }, by: { $0 }).mapValues(\.count)
                    if counts.values.contains(where: { $0 > q.max }) { return false }
                }
            }
            let hs = p.compactMap { people[$0].household }
            return Set(hs).count == hs.count
        }
        func rec(_ start: Int, _ current: [Int]) {
            if current.count == spec.panelSize { if quotasHold(current) { panels.append(current) }; return }
            guard start < people.count else { return }
            for i in start..<people.count { rec(i + 1, current + [i]) }
        }
        rec(0, [])
        return panels
    }

    /// Leximin over individuals from the enumerated panels, fixing a person only when an LP
    /// shows their probability cannot exceed the current level: independent of the dual
    /// weights the real implementation uses.
    func bruteForceLeximin(_ people: [Candidate], _ panels: [[Int]]) throws -> [Double] {
        let n = people.count
        var fixed = [Double?](repeating: nil, count: n)
        func lp(objectiveFor target: Int?, levels: [Double]) throws -> (Double, [Double]) {
            var lower = [Double](repeating: 0, count: n + 1), upper = [Double](repeating: .infinity, count: n + 1)
            for i in 0..<n { lower[i] = fixed[i].map { $0 - 1e-9 } ?? (target == nil ? 0 : levels[i] - 1e-9) }
            lower[n] = 1; upper[n] = 1
            let p = CLPProgram(rowLower: lower, rowUpper: upper)
            if target == nil {
                let unfixed = (0..<n).filter { fixed[$0] == nil }
                p.addColumn(cost: -1, lower: 0, upper: 1, rows: unfixed.map(Int32.init), values: unfixed.map { _ in -1 })
            } else {
                p.addColumn(cost: 0, lower: 0, upper: 0, rows: [], values: [])
            }
            for panel in panels {
                let cost = target.map { panel.contains($0) ? -1.0 : 0 } ?? 0
                p.addColumn(cost: cost, lower: 0, upper: .infinity, rows: panel.map(Int32.init) + [Int32(n)],
                            values: panel.map { _ in 1 } + [1])
            }
            let r = try p.solve()
            let lambda = Array(r.columns.dropFirst())
            let probs = (0..<n).map { i in zip(panels, lambda).reduce(0.0) { $0 + ($1.0.contains(i) ? $1.1 : 0) } }
            return (-r.objective, probs)
        }
        while fixed.contains(where: { $0 == nil }) {
            let (z, _) = try lp(objectiveFor: nil, levels: [])
            let levels = (0..<n).map { fixed[$0] ?? z }
            var fixedAny = false
            for i in 0..<n where fixed[i] == nil {
                let (best, _) = try lp(objectiveFor: i, levels: levels)
                if best <= z + 1e-7 { fixed[i] = z; fixedAny = true }
            }
            if !fixedAny { Issue.record("brute force made no progress"); break }
        }
        return fixed.map { $0 ?? 0 }
    }

    @Test("on small instances the leximin probabilities equal brute-force enumeration", arguments: 1...12)
    func matchesBruteForce(seed: Int) throws {
        var r = TestRandom(state: UInt64(seed) * 7919)
        let people = DrawFixtures.people(8 + r.int(5), seed: UInt64(seed), householdShare: 3)
        let spec = DrawFixtures.spec(size: 3 + r.int(3), quotas: DrawFixtures.quotas)
        let panels = allPanels(people, spec)
        let model = SlotModel(candidates: people, spec: spec)
        if panels.isEmpty {
            #expect(throws: SolverError.self) { try Leximin(model: model, solver: CBCSolver()).solve() }
            return
        }
        let expected = try bruteForceLeximin(people, panels)
        let lottery = try Leximin(model: model, solver: CBCSolver()).solve()
        for (i, _) in people.enumerated() {
            let got = lottery.slotProbabilities[model.slotOf[i]]
            #expect(abs(got - expected[i]) < 1e-6, "person \(i): \(got) vs brute force \(expected[i])")
        }
        for x in lottery.compositions { #expect(model.isFeasible(x)) }
        // The path the draw takes (households by dependent rounding where exact) agrees too.
        let (rows, membership) = DrawEngine.quotaRows(spec: spec, candidates: people)
        let (_, fair) = try FairLottery.solve(ids: people.map(\.id), households: people.map(\.household),
                                              panelSize: spec.panelSize, rows: rows, membership: membership, solver: CBCSolver())
        for (i, c) in people.enumerated() {
            #expect(abs(fair[c.id]! - expected[i]) < 1e-6, "FairLottery, person \(i): \(fair[c.id]!) vs \(expected[i])")
        }
        let total = people.indices.reduce(0.0) { $0 + lottery.slotProbabilities[model.slotOf[$1]] }
        #expect(abs(total - Double(spec.panelSize)) < 1e-6, "probabilities sum to the panel size")
    }

    @Test func interchangeablePeopleShareASlot() {
        let people = [
            Candidate(id: "a", categories: ["resident"], gender: "female", ageBand: nil, community: "x", street: "s"),
            Candidate(id: "b", categories: ["resident"], gender: "female", ageBand: nil, community: "x", street: "s"),
            Candidate(id: "c", categories: ["resident", "legal-professional"], gender: "female", ageBand: nil, community: "x", street: "s"),
            Candidate(id: "d", categories: ["resident"], gender: "female", ageBand: nil, community: "x", street: "s", household: "G1"),
            Candidate(id: "e", categories: ["resident"], gender: "male", ageBand: nil, community: "y", street: "s", household: "G1"),
        ]
        let model = SlotModel(candidates: people, spec: DrawFixtures.spec(size: 3, quotas: DrawFixtures.quotas))
        #expect(model.slotOf[0] == model.slotOf[1])
        #expect(model.slotOf[0] != model.slotOf[2])
        #expect(model.slotOf[3] != model.slotOf[0], "household members are not interchangeable with people living alone")
        #expect(model.classes.count == 1 && model.classes[0].households == [[3, 4]])
    }
}
