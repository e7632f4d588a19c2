import Foundation
import Testing
@testable import PingliKit

/// The swap search answers most pricing steps without CBC: it must only ever offer feasible
/// panels that are better than where it started, and the lottery must not change because of it.
@Suite("Pricing by swaps")
struct SwapSearchTests {
    /// A spec of the office shape: every value of gender and community bounded, a min-1 category.
    static func officeQuotas(_ size: Int) -> [Quota] {
        [Quota(attribute: .category, value: "legal-professional", min: 1, max: 2),
         Quota(attribute: .gender, value: "female", min: size / 2 - 1, max: size / 2 + 1),
         Quota(attribute: .gender, value: "male", min: size / 2 - 1, max: size / 2 + 1),
         Quota(attribute: .community, value: nil, min: 1, max: size / 2)]
    }

    @Test("a climb ends at a feasible panel at least as good as its start", arguments: 1...20)
    func climbStaysFeasible(seed: Int) throws {
        var r = TestRandom(state: UInt64(seed) * 104_729)
        let people = DrawFixtures.people(30 + r.int(60), seed: UInt64(seed), householdShare: 3)
        let spec = DrawFixtures.spec(size: 5 + r.int(5), quotas: Self.officeQuotas(7))
        for households in [false, true] {
            let model = households ? SlotModel(candidates: people, spec: spec)
                : SlotModel(ids: people.map(\.id), households: people.map { _ in nil }, panelSize: spec.panelSize,
                            rows: SlotModel(candidates: people, spec: spec).quotaRows,
                            membership: DrawEngine.quotaRows(spec: spec, candidates: people).1)
            guard let start = try? CBCSolver().maximize(model.panelProgram(weights: model.slots.map { _ in 0 })).map({ Int($0) }) else { continue }
            let search = SwapSearch(model: model)
            for _ in 0..<10 {
                let weights = model.slots.map { _ in Double(r.int(1000)) / 1000 }
                let x = search.climb(from: start, weights: weights)
                #expect(model.isFeasible(x), "seed \(seed): climbed to an infeasible panel")
                #expect(SwapSearch.value(x, weights) >= SwapSearch.value(start, weights) - 1e-12)
                let exact = try CBCSolver().maximize(model.panelProgram(weights: weights)).map { Int($0) }
                #expect(SwapSearch.value(x, weights) <= SwapSearch.value(exact, weights) + 1e-9, "a climb cannot beat the optimum")
            }
        }
    }

    @Test("the lottery's probabilities are the same whether swaps or CBC price the columns", arguments: 1...12)
    func sameLottery(seed: Int) throws {
        var r = TestRandom(state: UInt64(seed) * 7_919)
        let people = DrawFixtures.people(40 + r.int(200), seed: UInt64(seed) + 100, householdShare: 3)
        let spec = DrawFixtures.spec(size: 5 + r.int(5), quotas: Self.officeQuotas(7))
        for model in [SlotModel(candidates: people, spec: spec)] {
            var plain = Leximin(model: model, solver: CBCSolver())
            plain.swapStarts = 0
            guard let exact = try? plain.solve() else { continue }
            let fast = try Leximin(model: model, solver: CBCSolver()).solve()
            #expect(exact.swapColumns == 0)
            for s in model.slots.indices {
                #expect(abs(exact.slotProbabilities[s] - fast.slotProbabilities[s]) < 1e-7,
                        "seed \(seed) slot \(s): \(exact.slotProbabilities[s]) without swaps, \(fast.slotProbabilities[s]) with")
            }
            for x in fast.compositions { #expect(model.isFeasible(x)) }
        }
    }
}
