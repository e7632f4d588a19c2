/// Good panels for the pricing step without the integer solver: hill-climbing by one-person
/// swaps (one fewer from a slot, one more from another) from panels already known.
///
/// Column generation may add any panel whose reduced cost is positive; only the proof that
/// none is left needs the exact solver. Measured on the office shape (issue 16), most pricing
/// steps are answered here in microseconds, and CBC is called about once a leximin round.
struct SwapSearch {
    let model: SlotModel
    /// Each slot's quota rows.
    private let rowsOf: [[Int]]
    /// Each slot's household class, or -1.
    private let classOf: [Int]
    private let rowMin: [Int]
    private let rowMax: [Int]
    private let classLimit: [Int]
    private let upper: [Int]

    init(model: SlotModel) {
        self.model = model
        rowsOf = model.slots.map(\.rows)
        classOf = model.slots.map { $0.householdClass ?? -1 }
        rowMin = model.quotaRows.map(\.min)
        rowMax = model.quotaRows.map(\.max)
        classLimit = model.classes.map(\.households.count)
        upper = model.slots.map(\.upper)
    }

    /// The value of panel `x` under `weights`.
    static func value(_ x: [Int], _ weights: [Double]) -> Double {
        var v = 0.0
        for s in x.indices where x[s] != 0 { v += weights[s] * Double(x[s]) }
        return v
    }

    /// The best panel reachable from the feasible panel `start` by improving swaps.
    func climb(from start: [Int], weights: [Double]) -> [Int] {
        var x = start
        var rowCount = [Int](repeating: 0, count: rowMin.count)
        var classCount = [Int](repeating: 0, count: classLimit.count)
        for s in x.indices where x[s] > 0 {
            for r in rowsOf[s] { rowCount[r] += x[s] }
            if classOf[s] >= 0 { classCount[classOf[s]] += x[s] }
        }
        let n = x.count
        // The weights do not change during a climb: for each slot given up, the best slot to
        // take instead is the first that fits in order of weight.
        let order = (0..<n).sorted { weights[$0] > weights[$1] }
        while true {
            var best = 1e-12, move: (Int, Int)?
            for a in 0..<n where x[a] > 0 {
                let ra = rowsOf[a]
                for b in order {
                    let gain = weights[b] - weights[a]
                    if gain <= best { break }
                    if b == a || x[b] >= upper[b] { continue }
                    let rb = rowsOf[b]
                    // Rows a leaves and b does not enter lose one; rows b enters and a leaves not gain one.
                    var ok = true
                    for r in ra where !rb.contains(r) && rowCount[r] - 1 < rowMin[r] { ok = false; break }
                    if !ok { continue }
                    for r in rb where !ra.contains(r) && rowCount[r] + 1 > rowMax[r] { ok = false; break }
                    if !ok { continue }
                    let cb = classOf[b]
                    if cb >= 0 && cb != classOf[a] && classCount[cb] + 1 > classLimit[cb] { continue }
                    best = gain
                    move = (a, b)
                    break
                }
            }
            guard let (a, b) = move else { return x }
            x[a] -= 1
            x[b] += 1
            for r in rowsOf[a] { rowCount[r] -= 1 }
            for r in rowsOf[b] { rowCount[r] += 1 }
            if classOf[a] >= 0 { classCount[classOf[a]] -= 1 }
            if classOf[b] >= 0 { classCount[classOf[b]] += 1 }
        }
    }

    /// Panels better than `threshold` under `weights`, climbing from the best `starts` of
    /// `known`, best first; empty when none is found (the exact solver then decides).
    func improving(_ known: [[Int]], weights: [Double], threshold: Double, starts: Int) -> [[Int]] {
        let ranked = known.indices.map { ($0, Self.value(known[$0], weights)) }.sorted { $0.1 > $1.1 }.prefix(starts)
        var found: [([Int], Double)] = []
        for (i, _) in ranked {
            let x = climb(from: known[i], weights: weights)
            let v = Self.value(x, weights)
            if v > threshold && !known.contains(x) && !found.contains(where: { $0.0 == x }) { found.append((x, v)) }
        }
        return found.sorted { $0.1 > $1.1 }.map(\.0)
    }
}
