/// A linear constraint `lower ≤ Σ coefficient·x ≤ upper` over some variables.
public struct LinearRow: Sendable, Hashable {
    public var indices: [Int32]
    public var coefficients: [Double]
    public var lower: Double
    public var upper: Double

    public init(indices: [Int32], coefficients: [Double], lower: Double, upper: Double) {
        self.indices = indices
        self.coefficients = coefficients
        self.lower = lower
        self.upper = upper
    }
}

/// An integer program: maximise `objective·x` subject to `rows`, `lower ≤ x ≤ upper`, x integer.
public struct IntegerProgram: Sendable {
    public var objective: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var rows: [LinearRow]
    /// Which variables must be integers (all, unless stated).
    public var integer: [Bool]

    public init(objective: [Double], lower: [Double], upper: [Double], rows: [LinearRow], integer: [Bool]? = nil) {
        self.objective = objective
        self.lower = lower
        self.upper = upper
        self.rows = rows
        self.integer = integer ?? Array(repeating: true, count: objective.count)
    }
}

/// Why a solver gave no answer.
public enum SolverError: Error, CustomStringConvertible, Sendable {
    case infeasible
    case failed(String)

    public var description: String {
        switch self {
        case .infeasible: return "no solution satisfies the constraints"
        case let .failed(m): return "the solver failed: \(m)"
        }
    }
}

/// Solves integer programs exactly (to proven optimality).
public protocol IntegerSolver: Sendable {
    /// The optimal `x` (rounded to integers where integer), or ``SolverError/infeasible``.
    func maximize(_ program: IntegerProgram) throws -> [Double]
}

/// A linear program grown by columns: the master problem of column generation.
///
/// Rows are fixed when it is made; `addColumn` adds a variable; `solve` minimises.
public protocol ColumnLinearProgram: AnyObject {
    func addColumn(cost: Double, lower: Double, upper: Double, rows: [Int32], values: [Double])
    func setRowBounds(_ row: Int, lower: Double, upper: Double)
    /// Minimises; returns the column values and the row duals (`d = c − Aᵀy`).
    func solve() throws -> (columns: [Double], duals: [Double], objective: Double)
}
