/// Chooses how to compute the leximin lottery and computes it; prepare, select and verify
/// all go through here so they cannot disagree.
///
/// First with households ignored: people are grouped by type alone (tens of slots instead
/// of thousands). That lottery is a relaxation, so it is at least as fair as any that keeps
/// households apart. If in every panel of it each shared household's members have expected
/// count at most one, dependent rounding draws panels with exactly those probabilities and
/// never two people from one household, so it is the answer. Otherwise the exact model with
/// household classes is solved.
public enum FairLottery {
    public static let dependentRounding = "dependent-rounding"

    public static func solve(ids: [String], households: [String?], panelSize: Int, rows: [SlotModel.QuotaRow],
                             membership: [[Int]], solver: any IntegerSolver) throws -> (DrawRecord.Lottery, [String: Double]) {
        let shared = sharedHouseholds(ids: ids, households: households)
        let relaxed = SlotModel(ids: ids, households: Array(repeating: nil, count: ids.count), panelSize: panelSize,
                                rows: rows, membership: membership)
        let relaxedLottery: SlotLottery
        do {
            relaxedLottery = try Leximin(model: relaxed, solver: solver).solve()
        } catch SolverError.infeasible {
            // Without households it is already impossible: report that model's relaxation.
            throw DrawError.quotasInfeasible(try DrawEngine.relaxation(relaxed, solver: solver))
        }
        if shared.isEmpty || householdsFit(relaxedLottery, model: relaxed, shared: shared, ids: ids) {
            var (lottery, probabilities) = DrawEngine.makeLottery(relaxed, relaxedLottery)
            if !shared.isEmpty {
                lottery.rounding = dependentRounding
                lottery.households = shared.map { $0.map { ids[$0] } }
            }
            return (lottery, probabilities)
        }
        let exact = SlotModel(ids: ids, households: households, panelSize: panelSize, rows: rows, membership: membership)
        do {
            return DrawEngine.makeLottery(exact, try Leximin(model: exact, solver: solver).solve())
        } catch SolverError.infeasible {
            throw DrawError.quotasInfeasible(try DrawEngine.relaxation(exact, solver: solver))
        }
    }

    /// Households with two or more people, as index lists in id order.
    static func sharedHouseholds(ids: [String], households: [String?]) -> [[Int]] {
        var groups: [String: [Int]] = [:]
        for (i, h) in households.enumerated() { if let h { groups[h, default: []].append(i) } }
        return groups.values.filter { $0.count > 1 }.map { $0.sorted { ids[$0] < ids[$1] } }.sorted { ids[$0[0]] < ids[$1[0]] }
    }

    /// Whether every composition the lottery uses (after rounding to integer weights) keeps
    /// each shared household's expected count at most one.
    static func householdsFit(_ lottery: SlotLottery, model: SlotModel, shared: [[Int]], ids: [String]) -> Bool {
        let weights = LotterySampler.integerWeights(lottery)
        let sizes = model.slots.map { Double($0.size) }
        for c in weights {
            var take = [Double](repeating: 0, count: model.slots.count)
            for pair in c.take { take[pair[0]] = Double(pair[1]) }
            for h in shared {
                let load = h.reduce(0.0) { $0 + take[model.slotOf[$1]] / sizes[model.slotOf[$1]] }
                if load > 1 + 1e-12 { return false }
            }
        }
        return true
    }
}
