/// Turns the leximin lottery into integer weights and samples a panel from it with the
/// DRBG: integer arithmetic only, so every machine draws the same panel from the same record.
public enum LotterySampler {
    /// Weight units per unit of probability: probabilities are rounded to 1e-9.
    public static let scale: Double = 1_000_000_000

    /// The lottery as integer weights (compositions with weight 0 dropped).
    public static func integerWeights(_ lottery: SlotLottery) -> [DrawRecord.Composition] {
        zip(lottery.compositions, lottery.probabilities).compactMap { x, p in
            let w = Int64((p * scale).rounded())
            guard w > 0 else { return nil }
            return DrawRecord.Composition(weight: w, take: x.enumerated().filter { $0.element > 0 }.map { [$0.offset, $0.element] })
        }
    }

    /// Each slot's per-person probability implied by the integer weights.
    public static func slotProbabilities(_ lottery: DrawRecord.Lottery) -> [Double] {
        var expected = [Double](repeating: 0, count: lottery.slots.count)
        for c in lottery.compositions {
            for pair in c.take where pair[0] < expected.count { expected[pair[0]] += Double(c.weight) * Double(pair[1]) }
        }
        return expected.enumerated().map { s, e in
            lottery.slots[s].isEmpty ? 0 : e / Double(lottery.weightTotal) / Double(lottery.slots[s].count)
        }
    }

    /// One panel from a composition over whole types, households kept apart by dependent rounding.
    static func roundDependently(_ lottery: DrawRecord.Lottery, take: [Int], drbg: inout HMACDRBG) throws -> [String] {
        var people: [String] = [], values: [Double] = [], type: [Int] = []
        for (s, ids) in lottery.slots.enumerated() {
            guard take[s] <= ids.count else { throw DrawError.recordInvalid("a composition takes more people than slot \(s) has") }
            for id in ids { people.append(id); values.append(Double(take[s]) / Double(ids.count)); type.append(s) }
        }
        var householdOf: [String: Int] = [:]
        for (h, members) in (lottery.households ?? []).enumerated() { for m in members { householdOf[m] = h } }
        var next = (lottery.households ?? []).count
        let household = people.map { id -> Int in
            if let h = householdOf[id] { return h }
            next += 1
            return next - 1
        }
        let chosen = DependentRounding.round(values: values, type: type, household: household, drbg: &drbg).map { people[$0] }
        let households = chosen.compactMap { householdOf[$0] }
        guard Set(households).count == households.count else {
            throw DrawError.recordInvalid("the lottery puts two people of one household on a panel (its households do not fit)")
        }
        return chosen
    }

    /// Draws the panel (in seat order) and `alternates` alternates. The steps, in order:
    /// a composition by weight; with dependent rounding, the people of each type at once;
    /// otherwise, for each household class, distinct households, then one member of the
    /// slot's type in each, and for each other slot, its members; the seat order;
    /// then the alternates from everyone else eligible, in id order, shuffled.
    public static func sample(_ lottery: DrawRecord.Lottery, eligible: [String], seed: [UInt8], panelSize: Int,
                              alternates: Int) throws -> (panel: [String], alternates: [String]) {
        let t = try trace(lottery, eligible: eligible, seed: seed, panelSize: panelSize, alternates: alternates)
        return (t.panel, t.alternates)
    }

    /// Each step's result, as docs/draw.md's test vectors give them.
    public struct Trace: Sendable, Codable, Equatable {
        /// `uniform(weightTotal)`, the first number drawn.
        public var weightDraw: Int64
        /// The index of the composition it falls in.
        public var composition: Int
        /// The people the composition gives, in the order drawn (before the seat shuffle).
        public var selected: [String]
        public var panel: [String]
        public var alternates: [String]
    }

    /// ``sample(_:eligible:seed:panelSize:alternates:)`` with every step's result.
    public static func trace(_ lottery: DrawRecord.Lottery, eligible: [String], seed: [UInt8], panelSize: Int,
                             alternates: Int) throws -> Trace {
        var drbg = HMACDRBG(seed: seed)
        guard lottery.weightTotal > 0 else { throw DrawError.recordInvalid("the lottery has no weight") }
        let r = Int64(drbg.uniform(below: UInt64(lottery.weightTotal)))
        var cumulative: Int64 = 0
        var index = lottery.compositions.count - 1
        for (i, c) in lottery.compositions.enumerated() {
            cumulative += c.weight
            if r < cumulative { index = i; break }
        }
        let chosen = lottery.compositions[index]
        var take = [Int](repeating: 0, count: lottery.slots.count)
        for pair in chosen.take {
            guard pair.count == 2, (0..<take.count).contains(pair[0]), pair[1] >= 0 else {
                throw DrawError.recordInvalid("a composition names a slot that does not exist")
            }
            take[pair[0]] = pair[1]
        }
        var selected: [String] = []
        if lottery.rounding == FairLottery.dependentRounding {
            selected = try roundDependently(lottery, take: take, drbg: &drbg)
        }
        var inClass = Set<Int>(lottery.rounding == FairLottery.dependentRounding ? Array(lottery.slots.indices) : [])
        for cls in lottery.householdClasses {
            inClass.formUnion(cls.slots)
            let total = cls.slots.reduce(0) { $0 + take[$1] }
            guard total <= cls.households.count else { throw DrawError.recordInvalid("a composition takes two people from one household") }
            var households = drbg.choose(total, from: cls.households)[...]
            for s in cls.slots {
                let members = Set(lottery.slots[s])
                for _ in 0..<take[s] {
                    let household = households.removeFirst()
                    selected += drbg.choose(1, from: household.filter { members.contains($0) })
                }
            }
        }
        for s in lottery.slots.indices where !inClass.contains(s) {
            guard take[s] <= lottery.slots[s].count else { throw DrawError.recordInvalid("a composition takes more people than slot \(s) has") }
            selected += drbg.choose(take[s], from: lottery.slots[s])
        }
        guard selected.count == panelSize else { throw DrawError.recordInvalid("the composition has \(selected.count) people, not \(panelSize)") }
        let panel = drbg.choose(panelSize, from: selected.sorted())
        let taken = Set(panel)
        let rest = eligible.filter { !taken.contains($0) }.sorted()
        return Trace(weightDraw: r, composition: index, selected: selected, panel: panel, alternates: drbg.choose(alternates, from: rest))
    }
}
