import Foundation

/// The benchmark instance of issue 3: `n` people, three features with skewed shares,
/// about 10% of people sharing a household (pairs), quotas around proportional shares
/// for a panel of `size`. Deterministic for a given `n` and `seed`.
struct SyntheticInstance {
    static let features: [(name: String, values: [(String, Double)])] = [
        ("gender", [("female", 0.55), ("male", 0.45)]),
        ("age", [("18-29", 0.12), ("30-44", 0.25), ("45-64", 0.38), ("65+", 0.25)]),
        ("region", [("north", 0.40), ("east", 0.25), ("south", 0.17), ("west", 0.11), ("centre", 0.07)]),
    ]

    /// Issue 16's office shape: four features (gender 2, age band 4, category 4, community 5),
    /// every value with a min and a max around its proportional share, ~15% of people in a
    /// household with one other.
    static let office: [(name: String, values: [(String, Double)])] = [
        ("gender", [("female", 0.52), ("male", 0.48)]),
        ("age", [("18-34", 0.2), ("35-49", 0.3), ("50-64", 0.3), ("65+", 0.2)]),
        ("category", [("resident", 0.55), ("party", 0.2), ("legal", 0.1), ("deputy", 0.15)]),
        ("community", [("east", 0.3), ("west", 0.25), ("south", 0.2), ("north", 0.15), ("centre", 0.1)]),
    ]

    /// Issue 16's assembly shape (the Nature paper's largest instance, sf_e): six features with
    /// 25 values, quotas ±1 around proportional shares, for a panel near 110.
    static let assembly: [(name: String, values: [(String, Double)])] = [
        ("gender", [("female", 0.51), ("male", 0.49)]),
        ("age", [("16-24", 0.13), ("25-39", 0.25), ("40-54", 0.26), ("55-69", 0.22), ("70+", 0.14)]),
        ("education", [("none", 0.2), ("secondary", 0.35), ("vocational", 0.2), ("degree", 0.25)]),
        ("region", [("r1", 0.25), ("r2", 0.2), ("r3", 0.18), ("r4", 0.15), ("r5", 0.12), ("r6", 0.1)]),
        ("urbanity", [("city", 0.45), ("town", 0.35), ("rural", 0.2)]),
        ("attitude", [("a1", 0.15), ("a2", 0.25), ("a3", 0.3), ("a4", 0.2), ("a5", 0.1)]),
    ]

    /// Writes `features.csv` and `people.csv` into `dir`; returns their paths.
    static func write(n: Int, size: Int, seed: UInt64, to dir: String) throws -> (features: String, people: String) {
        try write(n: n, size: size, seed: seed, to: dir, features: features, householdShare: 0.10)
    }

    /// The same for any feature set: `householdShare` of people are in pairs.
    static func write(n: Int, size: Int, seed: UInt64, to dir: String, features: [(name: String, values: [(String, Double)])],
                      householdShare: Double, tag: String = "", slack: Int = 0) throws -> (features: String, people: String) {
        var state = seed &+ 0x9E3779B97F4A7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        func pick(_ values: [(String, Double)]) -> String {
            var r = next()
            for (v, share) in values { r -= share; if r < 0 { return v } }
            return values.last!.0
        }
        var f = "feature,value,min,max\n"
        for (name, values) in features {
            for (v, share) in values {
                let target = share * Double(size)
                let low = slack == 0 ? Int(target.rounded(.down)) : max(0, Int(target.rounded()) - slack)
                let high = slack == 0 ? Int(target.rounded(.up)) : Int(target.rounded()) + slack
                f += "\(name),\(v),\(low),\(high)\n"
            }
        }
        var p = "id," + features.map(\.name).joined(separator: ",") + ",household\n"
        var i = 0
        while i < n {
            let shared = next() < householdShare / 2 && i + 1 < n // pairs: householdShare of people share a household
            let members = shared ? 2 : 1
            for _ in 0..<members {
                p += "p\(i)," + features.map { pick($0.values) }.joined(separator: ",") + ",h\(shared ? "s" : "")\(shared ? String(i / 2) : String(i))\n"
                i += 1
            }
        }
        let fp = dir + "/features-\(tag)\(n)-\(seed).csv", pp = dir + "/people-\(tag)\(n)-\(seed).csv"
        try f.write(toFile: fp, atomically: true, encoding: .utf8)
        try p.write(toFile: pp, atomically: true, encoding: .utf8)
        return (fp, pp)
    }
}
