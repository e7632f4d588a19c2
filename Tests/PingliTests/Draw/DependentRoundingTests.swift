import Foundation
import Testing
@testable import PingliKit

@Suite("Dependent rounding")
struct DependentRoundingTests {
    @Test("exact type counts, at most one per household, marginals kept")
    func properties() {
        // Three types with counts 2, 1, 2 among 6, 5, 4 people; four households of two.
        let type = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2]
        let counts = [2.0, 1.0, 2.0], sizes = [6.0, 5.0, 4.0]
        var household = Array(0..<15).map { 100 + $0 }
        for (a, b) in [(0, 6), (1, 11), (7, 12), (2, 8)] { household[a] = a; household[b] = a }
        let values = type.map { counts[$0] / sizes[$0] }
        var tally = [Int](repeating: 0, count: 15)
        let trials = 4000
        for t in 0..<trials {
            var drbg = HMACDRBG(seed: Array("trial \(t)".utf8))
            let chosen = DependentRounding.round(values: values, type: type, household: household, drbg: &drbg)
            for k in 0..<3 { #expect(chosen.filter { type[$0] == k }.count == Int(counts[k])) }
            let hs = chosen.map { household[$0] }
            #expect(Set(hs).count == hs.count, "two people of one household")
            for c in chosen { tally[c] += 1 }
        }
        for i in 0..<15 {
            let observed = Double(tally[i]) / Double(trials)
            // Five standard deviations of a binomial proportion.
            let sigma = (values[i] * (1 - values[i]) / Double(trials)).squareRoot()
            #expect(abs(observed - values[i]) < 5 * sigma + 1e-9, "person \(i): \(observed) vs \(values[i])")
        }
    }

    @Test func sameSeedSameResult() {
        let values = [0.5, 0.5, 0.25, 0.25, 0.25, 0.25]
        let type = [0, 0, 1, 1, 1, 1], household = [0, 1, 0, 2, 3, 4]
        var a = HMACDRBG(seed: [1, 2, 3]), b = HMACDRBG(seed: [1, 2, 3])
        #expect(DependentRounding.round(values: values, type: type, household: household, drbg: &a)
                == DependentRounding.round(values: values, type: type, household: household, drbg: &b))
    }

    @Test("the fast version picks exactly what the reference implementation picks")
    func matchesReference() {
        var r = TestRandom(state: 77)
        for trial in 0..<300 {
            let n = 5 + r.int(400)
            let types = 1 + r.int(6)
            let type = (0..<n).map { _ in r.int(types) }
            // Households: mostly people alone, some pairs and triples.
            var household = Array(0..<n)
            for i in 0..<n where r.int(5) == 0 { household[i] = household[r.int(n)] }
            let sizes = (0..<types).map { k in type.filter { $0 == k }.count }
            let counts = sizes.map { $0 == 0 ? 0 : 1 + r.int(max(1, $0 / 4)) }
            let values = type.map { Double(counts[$0]) / Double(sizes[$0]) }
            var a = HMACDRBG(seed: Array("t\(trial)".utf8)), b = a
            #expect(DependentRounding.round(values: values, type: type, household: household, drbg: &a)
                    == ReferenceDependentRounding.round(values: values, type: type, household: household, drbg: &b), "trial \(trial)")
        }
    }
}
