import Crypto
import Foundation

/// A draw prepared up to the point where randomness is needed: the eligible pool, its hash
/// and the leximin lottery with everyone's probability, which are shown before the draw.
public struct PreparedDraw: Sendable {
    public var spec: PanelSpec
    public var pool: DrawRecord.Pool
    public var poolHash: String
    public var lottery: DrawRecord.Lottery
    public var probabilities: [String: Double]
}

/// The fair draw: prepare (pure, apart from the solvers), then draw with the parties' seed,
/// and verify a record on any machine.
public enum DrawEngine {
    /// The solver named in records.
    public static let solverName = "COIN-OR CLP/CBC"

    public static func poolHash(_ pool: DrawRecord.Pool) throws -> String {
        hex(SHA256.hash(data: Array(try JSONValue.from(pool).canonical.utf8)))
    }

    /// Computes the lottery for `eligible` under `spec`.
    public static func prepare(spec: PanelSpec, eligible: [Candidate], excluded: [ExcludedPerson], day: Day,
                               knownCategories: Set<String>? = nil, solver: any IntegerSolver) throws -> PreparedDraw {
        if let known = knownCategories {
            for q in spec.quotas where q.attribute == .category {
                if let v = q.value, !known.contains(v) { throw DrawError.unknownCategory(spec: spec.name, category: v) }
            }
        }
        let eligible = eligible.sorted { $0.id < $1.id }
        guard eligible.count >= spec.panelSize else { throw DrawError.notEnoughEligible(have: eligible.count, need: spec.panelSize) }
        let pool = DrawRecord.Pool(day: day.description, eligible: eligible, excluded: excluded.sorted { $0.id < $1.id })
        let (rows, membership) = quotaRows(spec: spec, candidates: eligible)
        let (lottery, probabilities) = try FairLottery.solve(ids: eligible.map(\.id), households: eligible.map(\.household),
                                                             panelSize: spec.panelSize, rows: rows, membership: membership, solver: solver)
        return PreparedDraw(spec: spec, pool: pool, poolHash: try poolHash(pool), lottery: lottery, probabilities: probabilities)
    }

    /// The quota rows of `spec` over `candidates` (one per value for `each_max`), and the
    /// rows each candidate counts toward.
    public static func quotaRows(spec: PanelSpec, candidates: [Candidate]) -> ([SlotModel.QuotaRow], [[Int]]) {
        var rows: [SlotModel.QuotaRow] = []
        var tests: [(QuotaAttribute, String)] = []
        for q in spec.quotas {
            if let v = q.value {
                rows.append(.init(name: "\(q.attribute.rawValue) = \(v)", min: q.min, max: q.max, attribute: q.attribute, value: v))
                tests.append((q.attribute, v))
            } else {
                for v in Set(candidates.flatMap { $0.values(q.attribute) }).sorted() {
                    rows.append(.init(name: "\(q.attribute.rawValue) = \(v)", min: 0, max: q.max, attribute: q.attribute, value: v))
                    tests.append((q.attribute, v))
                }
            }
        }
        return (rows, candidates.map { c in tests.indices.filter { c.values(tests[$0].0).contains(tests[$0].1) } })
    }

    /// The recorded form of a solved lottery, and each person's probability from its integer weights.
    public static func makeLottery(_ model: SlotModel, _ slotLottery: SlotLottery) -> (DrawRecord.Lottery, [String: Double]) {
        var lottery = DrawRecord.Lottery(
            slots: model.slots.map { $0.members.map { model.ids[$0] } },
            householdClasses: model.classes.map { c in
                DrawRecord.HouseholdClassRecord(slots: c.slots, households: c.households.map { $0.map { model.ids[$0] }.sorted() }
                    .sorted { $0[0] < $1[0] })
            },
            compositions: LotterySampler.integerWeights(slotLottery), weightTotal: 0,
            minimumProbability: 0, maximumProbability: 0, rounds: slotLottery.rounds)
        lottery.weightTotal = lottery.compositions.reduce(0) { $0 + $1.weight }
        let slotP = LotterySampler.slotProbabilities(lottery)
        var probabilities: [String: Double] = [:]
        for (s, ids) in lottery.slots.enumerated() { for id in ids { probabilities[id] = slotP[s] } }
        lottery.minimumProbability = probabilities.values.min() ?? 0
        lottery.maximumProbability = probabilities.values.max() ?? 0
        return (lottery, probabilities)
    }

    /// Draws the panel from a prepared lottery with the participants' contributions.
    public static func draw(_ prepared: PreparedDraw, hearingID: String, mode: SeedMode,
                            contributions: [SeedContribution], alternates: Int? = nil) throws -> DrawRecord {
        for c in contributions where mode == .commitReveal {
            try DrawSeed.verify(secret: c.secret, commitment: c.commitment ?? "", label: c.label)
        }
        let seed = DrawSeed.compute(hearingID: hearingID, poolHash: prepared.poolHash, specHash: prepared.spec.sha256,
                                    mode: mode, contributions: contributions)
        let count = min(alternates ?? prepared.spec.alternates, prepared.pool.eligible.count - prepared.spec.panelSize)
        let (panel, alts) = try LotterySampler.sample(prepared.lottery, eligible: prepared.pool.eligible.map(\.id), seed: seed,
                                                      panelSize: prepared.spec.panelSize, alternates: count)
        return DrawRecord(
            algorithm: .init(name: DrawRecord.algorithmName, version: DrawRecord.algorithmVersion, solver: solverName),
            hearingID: hearingID, spec: prepared.spec, pool: prepared.pool, poolHash: prepared.poolHash,
            seed: .init(mode: mode, contributions: contributions.sorted { Array($0.label.utf8).lexicographicallyPrecedes(Array($1.label.utf8)) },
                        value: hex(seed)),
            lottery: prepared.lottery, probabilities: prepared.probabilities, panel: panel, alternates: alts)
    }

    /// The record with `more` further alternates drawn from the same seed (earlier ones unchanged).
    public static func drawMoreAlternates(_ record: DrawRecord, more: Int) throws -> DrawRecord {
        var r = record
        let count = min(record.alternates.count + more, record.pool.eligible.count - record.spec.panelSize)
        let seed = try seedBytes(record.seed.value)
        r.alternates = try LotterySampler.sample(record.lottery, eligible: record.pool.eligible.map(\.id), seed: seed,
                                                 panelSize: record.spec.panelSize, alternates: count).alternates
        return r
    }

    static func seedBytes(_ text: String) throws -> [UInt8] {
        let chars = Array(text.utf8)
        guard chars.count == 64 else { throw DrawError.recordInvalid("seed.value must be 64 hex digits") }
        return try stride(from: 0, to: 64, by: 2).map { i in
            guard let b = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else {
                throw DrawError.recordInvalid("seed.value must be 64 hex digits")
            }
            return b
        }
    }

    /// The smallest total change to quota bounds that makes a panel possible.
    public static func relaxation(_ model: SlotModel, solver: any IntegerSolver) throws -> [QuotaRelaxation] {
        let base = model.panelProgram(weights: Array(repeating: 0, count: model.slots.count))
        let q = model.quotaRows.count
        var p = base
        let n = model.slots.count
        // Two slack variables per quota row: below its min and above its max.
        p.objective = Array(repeating: 0, count: n) + Array(repeating: -1, count: 2 * q)
        p.lower += Array(repeating: 0, count: 2 * q)
        p.upper += Array(repeating: Double(model.panelSize), count: 2 * q)
        p.integer += Array(repeating: true, count: 2 * q)
        for r in 0..<q {
            p.rows[r + 1].indices += [Int32(n + 2 * r), Int32(n + 2 * r + 1)]
            p.rows[r + 1].coefficients += [1, -1]
        }
        let x: [Double]
        do { x = try solver.maximize(p) } catch SolverError.infeasible {
            throw DrawError.notEnoughEligible(have: model.ids.count, need: model.panelSize)
        }
        return (0..<q).compactMap { r in
            let row = model.quotaRows[r]
            let below = Int(x[n + 2 * r]), above = Int(x[n + 2 * r + 1])
            guard below > 0 || above > 0 else { return nil }
            let name = row.name
            if below > 0 {
                return QuotaRelaxation(quota: name, current: "min \(row.min)", proposed: "min \(row.min - below)",
                                       attribute: row.attribute, value: row.value, newMin: row.min - below)
            }
            return QuotaRelaxation(quota: name, current: "max \(row.max)", proposed: "max \(row.max + above)",
                                   attribute: row.attribute, value: row.value, newMax: row.max + above)
        }
    }
}
