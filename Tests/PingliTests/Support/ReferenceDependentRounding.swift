import Foundation
@testable import PingliKit

/// The first implementation of dependent rounding, kept as an oracle: it rescans settled
/// edges (quadratic on large pools), but every draw made with it must come out the same
/// from the fast version, or stored draw records would stop verifying.
enum ReferenceDependentRounding {
    static func round(values: [Double], type: [Int], household: [Int], drbg: inout HMACDRBG) -> [Int] {
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
        var cursor = [Int](repeating: 0, count: vertexCount)
        func other(_ e: Int, _ v: Int) -> Int { v == type[e] ? typeCount + household[e] : type[e] }
        /// The next fractional edge at `v` other than `except`, skipping settled ones.
        func nextEdge(at v: Int, except: Int) -> Int? {
            var i = cursor[v]
            while i < incident[v].count && !isFractional(incident[v][i]) { i += 1 }
            cursor[v] = i
            var j = i
            while j < incident[v].count {
                let e = incident[v][j]
                if e != except && isFractional(e) { return e }
                j += 1
            }
            return nil
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
