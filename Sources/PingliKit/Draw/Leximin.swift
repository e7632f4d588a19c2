/// A lottery over panel compositions: each composition (people per slot) with its probability.
public struct SlotLottery: Sendable {
    public var compositions: [[Int]]
    public var probabilities: [Double]
    /// Each slot's selection probability per person.
    public var slotProbabilities: [Double]
    /// How many leximin rounds, integer programs and panels found by swaps it took.
    public var rounds: Int
    public var pricingCalls: Int
    public var swapColumns: Int = 0
}

/// Where a leximin solve stands, for long solves: the level reached so far and, in the first
/// round, the best upper bound proved on the smallest probability (from the exact pricing
/// problems: with the duals summing to one, no lottery's minimum exceeds a pricing optimum).
public struct LeximinProgress: Sendable {
    public var round: Int
    public var fixedSlots: Int
    public var slots: Int
    /// The level the master LP reaches now (a lower bound on this round's optimum).
    public var level: Double
    /// The best upper bound on the minimum probability (first round only), if any.
    public var upperBound: Double?
    public var columns: Int
    public var pricingCalls: Int
    public var swapColumns: Int
}

/// The fairest lottery over panels that meet the quotas: leximin (maximise the smallest
/// selection probability of anyone eligible, then the next smallest, …), after Flanigan,
/// Gölz, Gupta, Hennig and Procaccia, "Fair algorithms for selecting citizens' assemblies",
/// Nature 596 (2021).
///
/// Column generation over slots (see ``SlotModel``): the master LP chooses a distribution
/// over known compositions; its duals price a new composition through an integer program;
/// when none improves, the slots with positive dual weight are fixed at the optimum and the
/// next level is raised. Pure apart from the solvers it is given.
public struct Leximin {
    public let model: SlotModel
    public let solver: IntegerSolver
    public let makeLP: ([Double], [Double]) -> ColumnLinearProgram
    /// Tolerance for "improves" and "positive".
    public var epsilon = 1e-9
    /// How many known panels the swap search climbs from in each pricing step (0: the exact
    /// solver prices every step).
    public var swapStarts = 8
    /// Called after each pricing step (long solves report where they are); returning
    /// false stops the solve with ``SolverError/failed(_:)``.
    public var progress: (@Sendable (LeximinProgress) -> Bool)?

    public init(model: SlotModel, solver: any IntegerSolver,
                makeLP: @escaping ([Double], [Double]) -> ColumnLinearProgram = { CLPProgram(rowLower: $0, rowUpper: $1) }) {
        self.model = model
        self.solver = solver
        self.makeLP = makeLP
    }

    /// Computes the leximin lottery. Throws ``SolverError/infeasible`` when no panel meets the quotas.
    public func solve() throws -> SlotLottery {
        let slots = model.slots
        let n = slots.count
        let sizes = slots.map { Double($0.size) }
        var pricingCalls = 0
        let search = SwapSearch(model: model)
        var swapColumns = 0
        var upperBound: Double?
        var fixedCount = 0
        func report(_ level: Double) throws {
            guard let progress else { return }
            let p = LeximinProgress(round: rounds, fixedSlots: fixedCount, slots: n, level: level, upperBound: upperBound,
                                    columns: columns.count, pricingCalls: pricingCalls, swapColumns: swapColumns)
            if !progress(p) { throw SolverError.failed("stopped by the caller in round \(rounds)") }
        }
        func price(_ weights: [Double]) throws -> [Int] {
            pricingCalls += 1
            return try solver.maximize(model.panelProgram(weights: weights)).map { Int($0) }
        }
        // Start with compositions that favour each slot in turn (cheap, and spreads the start).
        var columns: [[Int]] = []
        func addColumn(_ x: [Int]) { if !columns.contains(x) { columns.append(x) } }
        addColumn(try price(sizes.map { 1 / $0 }))
        // Then panels that between them reach every slot they can (found by swaps toward the
        // slots no panel has yet), so the first master LP starts above zero instead of
        // spending its pricing steps discovering people one by one.
        if swapStarts > 0 {
            var covered = [Bool](repeating: false, count: n)
            for c in columns { for s in 0..<n where c[s] > 0 { covered[s] = true } }
            while covered.contains(false) {
                let weights = (0..<n).map { covered[$0] ? 0.0 : 1.0 }
                guard let start = columns.max(by: { SwapSearch.value($0, weights) < SwapSearch.value($1, weights) }) else { break }
                let x = search.climb(from: start, weights: weights)
                let reached = (0..<n).filter { !covered[$0] && x[$0] > 0 }
                if reached.isEmpty { break }
                for s in reached { covered[s] = true }
                addColumn(x)
                swapColumns += 1
            }
        }
        var fixed = [Double?](repeating: nil, count: n)
        var rounds = 0
        var lastLambda: [Double] = []
        while fixed.contains(where: { $0 == nil }) {
            rounds += 1
            // Rows 0..<n: slot s gets at least z (unfixed) or its fixed level; row n: Σλ = 1.
            var lower = [Double](repeating: 0, count: n + 1), upper = [Double](repeating: .infinity, count: n + 1)
            for s in 0..<n { if let f = fixed[s] { lower[s] = max(0, f - 1e-9) } }
            lower[n] = 1; upper[n] = 1
            let lp = makeLP(lower, upper)
            let zRows = (0..<n).filter { fixed[$0] == nil }
            lp.addColumn(cost: -1, lower: 0, upper: 1, rows: zRows.map(Int32.init), values: zRows.map { _ in -1 })
            func push(_ x: [Int]) {
                let nz = (0..<n).filter { x[$0] > 0 }
                lp.addColumn(cost: 0, lower: 0, upper: .infinity, rows: nz.map(Int32.init) + [Int32(n)],
                             values: nz.map { Double(x[$0]) / sizes[$0] } + [1])
            }
            columns.forEach(push)
            var z = 0.0
            var duals: [Double] = []
            while true {
                let result = try lp.solve()
                z = -result.objective
                duals = result.duals
                lastLambda = Array(result.columns.dropFirst())
                let y = (0..<n).map { max(0, duals[$0]) }
                let mu = -duals[n]
                let weights = (0..<n).map { y[$0] / sizes[$0] }
                // A panel found by swaps is as good a column as the exact one; the solver is
                // asked only when the swaps find none (and then proves there is none, or finds it).
                let threshold = mu + epsilon * max(1, abs(mu))
                let found = search.improving(columns, weights: weights, threshold: threshold, starts: swapStarts)
                if !found.isEmpty {
                    swapColumns += found.count
                    for x in found { columns.append(x); push(x) }
                    try report(z)
                    continue
                }
                let x = try price(weights)
                let value = (0..<n).reduce(0.0) { $0 + y[$1] * Double(x[$1]) / sizes[$1] }
                if rounds == 1 { upperBound = min(upperBound ?? .infinity, value) }
                try report(z)
                if value <= mu + epsilon * max(1, abs(mu)) || columns.contains(x) { break }
                columns.append(x)
                push(x)
            }
            // Slots with positive dual weight cannot rise above z without lowering another.
            let unfixed = (0..<n).filter { fixed[$0] == nil }
            var toFix = unfixed.filter { duals[$0] > 1e-7 }
            if toFix.isEmpty, let top = unfixed.max(by: { duals[$0] < duals[$1] }) { toFix = [top] }
            for s in toFix { fixed[s] = min(1, max(0, z)) }
            fixedCount = fixed.filter { $0 != nil }.count
        }
        // Keep the compositions the final distribution uses.
        var keep: [[Int]] = [], probs: [Double] = []
        for (c, l) in zip(columns, lastLambda) where l > 1e-12 { keep.append(c); probs.append(l) }
        let total = probs.reduce(0, +)
        probs = probs.map { $0 / total }
        let slotP = (0..<n).map { s in zip(keep, probs).reduce(0.0) { $0 + $1.1 * Double($1.0[s]) } / sizes[s] }
        return SlotLottery(compositions: keep, probabilities: probs, slotProbabilities: slotP, rounds: rounds,
                           pricingCalls: pricingCalls, swapColumns: swapColumns)
    }
}
