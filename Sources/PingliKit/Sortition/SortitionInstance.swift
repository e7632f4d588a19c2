import Crypto
import Foundation

/// A selection problem in the Sortition Foundation's CSV formats (as read and written by
/// sortition-algorithms), so its users can move over and both tools can run one instance.
///
/// - features: `feature,value,min,max[,min_flex,max_flex]` (flex columns are read and ignored);
/// - people: an id column plus one column per feature; other columns are carried through.
public struct SortitionInstance: Sendable {
    public struct FeatureValue: Sendable, Hashable {
        public var feature: String
        public var value: String
        public var min: Int
        public var max: Int
    }

    public var features: [FeatureValue]
    public var header: [String]
    public var rows: [[String]]
    public var ids: [String]
    /// Quota rows each person counts toward.
    public var membership: [[Int]]
    /// Household token per person (nil when alone at their address).
    public var households: [String?]

    /// Reads both files; every problem is reported as `FILE:LINE: message`.
    public static func read(features featuresPath: String, people peoplePath: String, idColumn: String = "id",
                            householdColumns: [String] = []) throws -> SortitionInstance {
        var problems: [String] = []
        let fr = try CSVReader(path: featuresPath)
        guard let fh = try fr.next() else { throw SortitionError.problems(["\(featuresPath):1: the file is empty"]) }
        let lower = fh.fields.map { $0.trimmed.lowercased() }
        let names = lower.contains("feature") ? ["feature", "value", "min", "max"] : ["category", "name", "min", "max"]
        let cols = names.map { lower.firstIndex(of: $0) }
        guard cols.allSatisfy({ $0 != nil }) else {
            throw SortitionError.problems(["\(featuresPath):1: the header must have feature,value,min,max (optionally min_flex,max_flex)"])
        }
        var features: [FeatureValue] = []
        while let r = try fr.next() {
            func f(_ i: Int) -> String { cols[i]! < r.fields.count ? r.fields[cols[i]!].trimmed : "" }
            guard let mn = Int(f(2)), let mx = Int(f(3)), mn >= 0, mn <= mx else {
                problems.append("\(featuresPath):\(r.line): min and max must be whole numbers with 0 ≤ min ≤ max"); continue
            }
            if features.contains(where: { $0.feature == f(0) && $0.value == f(1) }) {
                problems.append("\(featuresPath):\(r.line): \(f(0))/\(f(1)) appears twice"); continue
            }
            features.append(FeatureValue(feature: f(0), value: f(1), min: mn, max: mx))
        }
        let featureNames = orderedUnique(features.map(\.feature))
        let pr = try CSVReader(path: peoplePath)
        guard let ph = try pr.next() else { throw SortitionError.problems(["\(peoplePath):1: the file is empty"]) }
        let header = ph.fields.map(\.trimmed)
        guard let idIndex = header.firstIndex(of: idColumn) else {
            throw SortitionError.problems(["\(peoplePath):1: no '\(idColumn)' column (choose it with --id-column)"])
        }
        var featureIndex: [String: Int] = [:]
        for name in featureNames {
            if let i = header.firstIndex(of: name) { featureIndex[name] = i } else {
                problems.append("\(peoplePath):1: no column for feature '\(name)'")
            }
        }
        let householdIndex = householdColumns.compactMap { c -> Int? in
            if let i = header.firstIndex(of: c) { return i }
            problems.append("\(peoplePath):1: no household column '\(c)'")
            return nil
        }
        if !problems.isEmpty { throw SortitionError.problems(problems) }
        var rows: [[String]] = [], ids: [String] = [], membership: [[Int]] = [], addresses: [String?] = []
        var seen = Set<String>()
        while let r = try pr.next() {
            var fields = r.fields
            if fields.count < header.count { fields += Array(repeating: "", count: header.count - fields.count) }
            let id = fields[idIndex].trimmed
            guard !id.isEmpty, seen.insert(id).inserted else {
                problems.append("\(peoplePath):\(r.line): id '\(id)' is empty or repeated"); continue
            }
            var rowsOf: [Int] = []
            for name in featureNames {
                let v = fields[featureIndex[name]!].trimmed
                guard let k = features.firstIndex(where: { $0.feature == name && $0.value == v }) else {
                    problems.append("\(peoplePath):\(r.line): \(name) '\(v)' is not a value in the features file"); continue
                }
                rowsOf.append(k)
            }
            rows.append(fields); ids.append(id); membership.append(rowsOf)
            addresses.append(householdIndex.isEmpty ? nil : householdIndex.map { fields[$0].trimmed.lowercased() }.joined(separator: "\u{1F}"))
        }
        if !problems.isEmpty { throw SortitionError.problems(problems) }
        // Only addresses with two or more people are households that constrain the draw.
        var counts: [String: Int] = [:]
        for a in addresses { if let a { counts[a, default: 0] += 1 } }
        var tokens: [String: String] = [:]
        let households = addresses.map { a -> String? in
            guard let a, counts[a, default: 0] > 1 else { return nil }
            if tokens[a] == nil { tokens[a] = "G\(tokens.count + 1)" }
            return tokens[a]
        }
        return SortitionInstance(features: features, header: header, rows: rows, ids: ids, membership: membership, households: households)
    }

    /// Solves the leximin lottery and draws one panel with `seed`.
    public func select(size: Int, seed: [UInt8], solver: any IntegerSolver) throws
        -> (selected: [String], probabilities: [String: Double], lottery: DrawRecord.Lottery) {
        guard ids.count >= size else { throw DrawError.notEnoughEligible(have: ids.count, need: size) }
        let (lottery, probabilities) = try FairLottery.solve(
            ids: ids, households: households, panelSize: size,
            rows: features.map { .init(name: "\($0.feature) = \($0.value)", min: $0.min, max: $0.max) },
            membership: membership, solver: solver)
        let (panel, _) = try LotterySampler.sample(lottery, eligible: ids, seed: seed, panelSize: size, alternates: 0)
        return (panel, probabilities, lottery)
    }

    /// The seed for `select --seed TEXT`: SHA-256 of `pingli-select-v1`, a line feed, and the text.
    public static func seed(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array("pingli-select-v1\n\(text)".utf8))) }
}

/// Problems with sortition input files.
public enum SortitionError: Error, CustomStringConvertible, Sendable {
    case problems([String])
    public var description: String {
        switch self { case let .problems(p): return p.joined(separator: "\n") }
    }
}
