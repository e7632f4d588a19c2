/// One check `verify-draw` made, and what it found.
public struct VerificationCheck: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    public var detail: String
}

/// Recomputes a draw record on this machine: its hashes, the seed, the lottery's fairness
/// (by solving it again) and the panel bit for bit.
public enum DrawVerifier {
    /// Largest accepted difference between recorded and recomputed probabilities (the LP is
    /// solved in floating point, which may differ in the last digits between machines).
    public static let probabilityTolerance = 1e-6

    public static func verify(_ record: DrawRecord, solver: any IntegerSolver) -> [VerificationCheck] {
        var checks: [VerificationCheck] = []
        func check(_ name: String, _ ok: Bool, _ detail: String) { checks.append(.init(name: name, passed: ok, detail: detail)) }

        check("format", record.format == DrawRecord.format && record.algorithm.name == DrawRecord.algorithmName
              && record.algorithm.version == DrawRecord.algorithmVersion,
              "\(record.format) \(record.algorithm.name) v\(record.algorithm.version)")
        let poolHash = (try? DrawEngine.poolHash(record.pool)) ?? ""
        check("pool hash", poolHash == record.poolHash, poolHash == record.poolHash ? poolHash : "recorded \(record.poolHash), recomputed \(poolHash)")

        var revealsOK = true
        var revealDetail = "\(record.seed.contributions.count) contributions (\(record.seed.mode.rawValue))"
        if record.seed.mode == .commitReveal {
            for c in record.seed.contributions {
                do { try DrawSeed.verify(secret: c.secret, commitment: c.commitment ?? "", label: c.label) } catch {
                    revealsOK = false
                    revealDetail = "\(error)"
                }
            }
        }
        check("reveals match commitments", revealsOK, revealDetail)
        let seed = DrawSeed.compute(hearingID: record.hearingID, poolHash: record.poolHash, specHash: record.spec.sha256,
                                    mode: record.seed.mode, contributions: record.seed.contributions)
        check("seed", hex(seed) == record.seed.value, hex(seed) == record.seed.value ? record.seed.value : "recorded \(record.seed.value), recomputed \(hex(seed))")

        // The lottery must be the one the pool and spec give: solve it again.
        let (rows, membership) = DrawEngine.quotaRows(spec: record.spec, candidates: record.pool.eligible)
        let eligibleIDs = record.pool.eligible.map(\.id)
        var fresh: DrawRecord.Lottery?
        do {
            fresh = try FairLottery.solve(ids: eligibleIDs, households: record.pool.eligible.map(\.household),
                                          panelSize: record.spec.panelSize, rows: rows, membership: membership, solver: solver).0
        } catch {
            check("lottery is leximin-fair", false, "re-solving failed: \(error)")
        }
        let sameShape = fresh.map { $0.slots == record.lottery.slots && $0.householdClasses == record.lottery.householdClasses
            && $0.rounding == record.lottery.rounding && $0.households == record.lottery.households } ?? false
        check("slots", sameShape, sameShape ? "\(record.lottery.slots.count) slots\(record.lottery.rounding.map { ", \($0)" } ?? "")"
              : "the record's slots or households differ from those the pool and spec give")
        let model = SlotModel(ids: eligibleIDs,
                              households: record.lottery.rounding == FairLottery.dependentRounding
                                  ? Array(repeating: nil, count: eligibleIDs.count) : record.pool.eligible.map(\.household),
                              panelSize: record.spec.panelSize, rows: rows, membership: membership)
        let total = record.lottery.compositions.reduce(Int64(0)) { $0 + $1.weight }
        var feasible = total == record.lottery.weightTotal
        for c in record.lottery.compositions {
            var x = [Int](repeating: 0, count: model.slots.count)
            for pair in c.take where pair.count == 2 && (0..<x.count).contains(pair[0]) { x[pair[0]] = pair[1] }
            if !model.isFeasible(x) || c.weight <= 0 { feasible = false }
        }
        check("lottery panels meet the quotas", feasible, "\(record.lottery.compositions.count) compositions, weight \(total)")

        let recorded = LotterySampler.slotProbabilities(record.lottery)
        var probabilitiesOK = true
        for (s, ids) in record.lottery.slots.enumerated() {
            for id in ids where abs((record.probabilities[id] ?? -1) - recorded[s]) > 1e-12 { probabilitiesOK = false }
        }
        check("probabilities follow from the weights", probabilitiesOK && record.probabilities.count == record.pool.eligible.count,
              String(format: "min %.6f%%, max %.6f%%", record.lottery.minimumProbability * 100, record.lottery.maximumProbability * 100))

        // Compare with the fresh solve: a lottery that is not leximin-fair fails here.
        if let fresh, sameShape {
            let diff = zip(LotterySampler.slotProbabilities(fresh), recorded).map { abs($0 - $1) }.max() ?? 0
            check("lottery is leximin-fair", diff <= probabilityTolerance,
                  String(format: "largest difference from a fresh solve: %.2e", diff))
        } else if fresh != nil {
            check("lottery is leximin-fair", false, "the lottery cannot be compared: its slots differ")
        }

        do {
            let (panel, alternates) = try LotterySampler.sample(record.lottery, eligible: record.pool.eligible.map(\.id),
                                                                seed: try DrawEngine.seedBytes(record.seed.value),
                                                                panelSize: record.spec.panelSize, alternates: record.alternates.count)
            check("panel", panel == record.panel, panel == record.panel ? panel.joined(separator: " ") : "recorded \(record.panel), recomputed \(panel)")
            check("alternates", alternates == record.alternates,
                  alternates == record.alternates ? "\(alternates.count) in order" : "recorded \(record.alternates), recomputed \(alternates)")
        } catch {
            check("panel", false, "\(error)")
        }
        return checks
    }
}
