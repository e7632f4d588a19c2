/// Dependent rounding on a bipartite graph (Gandhi, Khuller, Parthasarathy and Srinivasan,
/// "Dependent rounding and its applications to approximation algorithms", J. ACM 53, 2006).
///
/// Vertices are types and households; each person is an edge with a fractional value (their
/// selection probability given the composition). Rounding moves value along alternating
/// paths and cycles until every edge is 0 or 1: every person keeps their probability in
/// expectation, every type keeps its exact count, and no household gets more than its
/// total rounded up — at most one when the household's values sum to at most one.
///
/// Plain IEEE double arithmetic in a fixed order, with the DRBG deciding each step, so the
/// result is the same on every machine.
public enum DependentRounding {
    /// Rounds `values` (one per person) and returns the indices of people rounded to 1.
    /// `type[i]` and `household[i]` name person i's two endpoints (households numbered apart
    /// from types; a person alone gets a household of their own).
    public static func round(values: [Double], type: [Int], household: [Int], drbg: inout HMACDRBG) -> [Int] {
        let n = values.count
        var y = values
        let epsilon = 1e-9
        func isFractional(_ e: Int) -> Bool { y[e] > epsilon && y[e] < 1 - epsilon }
        for e in 0..<n where !isFractional(e) { y[e] = y[e] < 0.5 ? 0 : 1 }
        // Vertices: types 0..<T, households T..<T+H.
        let typeCount = (type.max() ?? -1) + 1
        let vertexCount = typeCount + (household.max() ?? -1) + 1
        var incident = [[Int]](repeating: [], count: vertexCount)
        for e in 0..<n where isFractional(e) {
            incident[type[e]].append(e)
            incident[typeCount + household[e]].append(e)
        }
        // Incident edges in compressed rows; `jump` skips runs of settled edges (settling is
        // permanent), so finding the next fractional edge is amortised constant time. The
        // edges chosen are exactly those of a plain scan in incident order.
        var offsets = [Int](repeating: 0, count: vertexCount + 1)
        for v in 0..<vertexCount { offsets[v + 1] = offsets[v] + incident[v].count }
        var edges = [Int]()
        edges.reserveCapacity(offsets[vertexCount])
        for list in incident { edges.append(contentsOf: list) }
        incident = []
        var jump = Array(0..<edges.count)
        func other(_ e: Int, _ v: Int) -> Int { v == type[e] ? typeCount + household[e] : type[e] }
        /// The first fractional edge at index `from` or later in `v`'s row (or the row's end).
        func firstFractional(from: Int, end: Int) -> Int {
            var k = from
            while k < end {
                let j = jump[k]
                if j != k { k = j; continue }
                if isFractional(edges[k]) { break }
                k += 1
            }
            var x = from
            while x < k {
                let next = jump[x] == x ? x + 1 : jump[x]
                jump[x] = k
                x = next
            }
            return k
        }
        /// The next fractional edge at `v` other than `except`.
        func nextEdge(at v: Int, except: Int) -> Int? {
            let end = offsets[v + 1]
            var k = firstFractional(from: offsets[v], end: end)
            if k < end && edges[k] == except { k = firstFractional(from: k + 1, end: end) }
            return k < end ? edges[k] : nil
        }
        var start = 0
        while true {
            while start < n && !isFractional(start) { start += 1 }
            if start == n { break }
            // Walk from the edge's type end until a vertex repeats (cycle) or the path ends.
            var path = [start]
            var vertices = [other(start, type[start]), type[start]]
            var position: [Int: Int] = [vertices[0]: 0, vertices[1]: 1]
            var cycle = false
            while let e = nextEdge(at: vertices.last!, except: path.last!) {
                let w = other(e, vertices.last!)
                path.append(e)
                if let p = position[w] {
                    // A cycle from vertex p back to w: keep only its edges.
                    path = Array(path[p...])
                    cycle = true
                    break
                }
                position[w] = vertices.count
                vertices.append(w)
            }
            if !cycle {
                // Extend backwards from the first vertex.
                var back: [Int] = []
                var v = vertices[0]
                var last = start
                var seen = Set(vertices)
                while let e = nextEdge(at: v, except: last) {
                    let w = other(e, v)
                    if seen.contains(w) { break }
                    back.append(e)
                    seen.insert(w)
                    v = w
                    last = e
                }
                path = back.reversed() + path
            }
            // Alternate: even positions gain what odd positions lose.
            var alpha = Double.infinity, beta = Double.infinity
            for (k, e) in path.enumerated() {
                if k % 2 == 0 { alpha = min(alpha, 1 - y[e]); beta = min(beta, y[e]) }
                else { alpha = min(alpha, y[e]); beta = min(beta, 1 - y[e]) }
            }
            let threshold = UInt64((beta / (alpha + beta) * 9_007_199_254_740_992).rounded(.down))
            let up = drbg.uniform(below: 9_007_199_254_740_992) < threshold
            for (k, e) in path.enumerated() {
                let delta = up ? (k % 2 == 0 ? alpha : -alpha) : (k % 2 == 0 ? -beta : beta)
                y[e] += delta
                if y[e] <= epsilon { y[e] = 0 } else if y[e] >= 1 - epsilon { y[e] = 1 }
            }
        }
        return (0..<n).filter { y[$0] == 1 }
    }
}
