import CCoin
import Foundation

/// CBC's solver driver keeps global state, so two solves at once in one process (parallel
/// tests, a REPL beside a worker) corrupt each other. Every COIN call goes through this lock.
let coinLock = NSLock()

/// ``IntegerSolver`` on COIN-OR CBC, the branch-and-cut solver Debian ships.
public struct CBCSolver: IntegerSolver {
    public init() {}

    public func maximize(_ p: IntegerProgram) throws -> [Double] {
        coinLock.lock()
        defer { coinLock.unlock() }
        let n = p.objective.count
        let model = Cbc_newModel()!
        defer { Cbc_deleteModel(model) }
        // Load rows as a column-major matrix.
        var starts = [Int32](repeating: 0, count: n + 1)
        var perColumn = [[(Int32, Double)]](repeating: [], count: n)
        for (r, row) in p.rows.enumerated() {
            for (i, c) in zip(row.indices, row.coefficients) where c != 0 { perColumn[Int(i)].append((Int32(r), c)) }
        }
        var index: [Int32] = [], value: [Double] = []
        for j in 0..<n {
            starts[j] = Int32(index.count)
            for (r, c) in perColumn[j] { index.append(r); value.append(c) }
        }
        starts[n] = Int32(index.count)
        let rowLower = p.rows.map(\.lower), rowUpper = p.rows.map(\.upper)
        let objective = p.objective.map { -$0 } // CBC minimises
        Cbc_loadProblem(model, Int32(n), Int32(p.rows.count), starts, index, value, p.lower, p.upper, objective, rowLower, rowUpper)
        for j in 0..<n where p.integer[j] { Cbc_setInteger(model, Int32(j)) }
        Cbc_setLogLevel(model, 0)
        Cbc_setAllowableGap(model, 1e-9)
        Cbc_setAllowableFractionGap(model, 1e-9)
        Cbc_setParameter(model, "threads", "1")
        // The pricing programs are small (tens of rows, a few hundred columns) and solved by
        // the hundred: CBC's cut generators (probing above all) and the feasibility pump cost
        // more than branching does on them (`pingli-bench draw --shape office`: 94% of a draw
        // was spent there, ~9 ms a program).
        Cbc_setParameter(model, "cuts", "off")
        Cbc_setParameter(model, "heuristics", "off")
        Cbc_setParameter(model, "preprocess", "off")
        _ = Cbc_solve(model)
        if Cbc_isProvenInfeasible(model) != 0 { throw SolverError.infeasible }
        guard Cbc_isProvenOptimal(model) != 0, let x = Cbc_getColSolution(model) else {
            throw SolverError.failed("CBC status \(Cbc_status(model)), secondary \(Cbc_secondaryStatus(model))")
        }
        return (0..<n).map { p.integer[$0] ? x[$0].rounded() : x[$0] }
    }
}

/// ``ColumnLinearProgram`` on COIN-OR CLP (the simplex solver under CBC).
public final class CLPProgram: ColumnLinearProgram {
    private let model: UnsafeMutableRawPointer
    private let rowCount: Int
    private var solvedOnce = false

    /// A program with `rows` rows bounded by `lower`/`upper` and no columns yet.
    public init(rowLower: [Double], rowUpper: [Double]) {
        model = Clp_newModel()!
        rowCount = rowLower.count
        Clp_setLogLevel(model, 0)
        let starts: [Int32] = [0]
        Clp_loadProblem(model, 0, Int32(rowCount), starts, nil, nil, nil, nil, nil, rowLower, rowUpper)
        Clp_setOptimizationDirection(model, 1)
        Clp_setPrimalTolerance(model, 1e-10)
        Clp_setDualTolerance(model, 1e-10)
    }

    deinit { Clp_deleteModel(model) }

    public func addColumn(cost: Double, lower: Double, upper: Double, rows: [Int32], values: [Double]) {
        let starts: [Int32] = [0, Int32(rows.count)]
        var lo = lower, up = upper, c = cost
        Clp_addColumns(model, 1, &lo, &up, &c, starts, rows, values)
    }

    public func setRowBounds(_ row: Int, lower: Double, upper: Double) {
        let lowers = Clp_getRowLower(model)!, uppers = Clp_getRowUpper(model)!
        var l = (0..<rowCount).map { lowers[$0] }, u = (0..<rowCount).map { uppers[$0] }
        l[row] = lower
        u[row] = upper
        Clp_chgRowLower(model, l)
        Clp_chgRowUpper(model, u)
    }

    public func solve() throws -> (columns: [Double], duals: [Double], objective: Double) {
        coinLock.lock()
        defer { coinLock.unlock() }
        // Warm start from the last basis once there is one: columns were only added.
        let rc = solvedOnce ? Clp_primal(model, 0) : Clp_initialSolve(model)
        solvedOnce = true
        let status = Clp_status(model)
        if status == 1 { throw SolverError.infeasible }
        guard status == 0 else { throw SolverError.failed("CLP status \(status) (return \(rc))") }
        let n = Int(Clp_getNumCols(model))
        let x = Clp_getColSolution(model)!, y = Clp_getRowPrice(model)!
        return ((0..<n).map { x[$0] }, (0..<rowCount).map { y[$0] }, Clp_objectiveValue(model))
    }
}
