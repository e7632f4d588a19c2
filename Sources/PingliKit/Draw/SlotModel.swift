/// The draw's problem with interchangeable people merged: a "slot" is a group of eligible
/// people who look the same to every quota and to the household rule, so a fair lottery
/// gives each of them the same probability and only the number drawn from each slot matters.
///
/// People alone in their household are grouped by type (their values of the attributes the
/// quotas use). People who share a household are grouped by the kind of household (the
/// multiset of their members' types); within such a class, "at most one per household"
/// becomes one row: the class's slots together take at most as many people as it has households.
public struct SlotModel: Sendable {
    public struct Slot: Sendable, Hashable {
        /// Indices into `candidates`, in id order.
        public var members: [Int]
        /// The type's value for each quota row it counts toward.
        public var rows: [Int]
        /// The household class, or nil for people alone in their household.
        public var householdClass: Int?
        public var size: Int { members.count }
        /// Most people the slot can give: all of them, or one per household of its class.
        public var upper: Int
    }

    public struct HouseholdClass: Sendable, Hashable {
        /// Each household's member indices.
        public var households: [[Int]]
        public var slots: [Int]
    }

    /// One quota row: "between `min` and `max` of the panel count toward `name`".
    public struct QuotaRow: Sendable, Hashable {
        public var name: String
        public var min: Int
        public var max: Int
        /// The spec quota it comes from (nil in models built without a spec).
        public var attribute: QuotaAttribute?
        public var value: String?
        public init(name: String, min: Int, max: Int, attribute: QuotaAttribute? = nil, value: String? = nil) {
            self.name = name; self.min = min; self.max = max; self.attribute = attribute; self.value = value
        }
    }

    /// Everyone eligible, by id, in the order the indices refer to.
    public let ids: [String]
    public let panelSize: Int
    public private(set) var slots: [Slot] = []
    public private(set) var classes: [HouseholdClass] = []
    public let quotaRows: [QuotaRow]
    /// For each person, their slot.
    public private(set) var slotOf: [Int] = []

    /// The exact model for a panel spec (households as classes of their own).
    public init(candidates: [Candidate], spec: PanelSpec) {
        let (rows, membership) = DrawEngine.quotaRows(spec: spec, candidates: candidates)
        self.init(ids: candidates.map(\.id), households: candidates.map(\.household), panelSize: spec.panelSize,
                  rows: rows, membership: membership)
    }

    /// The general model: each person's quota rows and household token (nil when alone).
    public init(ids: [String], households households_: [String?], panelSize: Int, rows: [QuotaRow], membership typeOf: [[Int]]) {
        self.ids = ids
        self.panelSize = panelSize
        self.quotaRows = rows
        var singles: [[Int]: [Int]] = [:]
        var households: [String: [Int]] = [:]
        for i in ids.indices {
            if let h = households_[i] { households[h, default: []].append(i) } else { singles[typeOf[i], default: []].append(i) }
        }
        slotOf = Array(repeating: -1, count: ids.count)
        for key in singles.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let members = singles[key]!
            for m in members { slotOf[m] = slots.count }
            slots.append(Slot(members: members, rows: key, householdClass: nil, upper: members.count))
        }
        // Household classes: keyed by the sorted list of member types.
        var byClass: [[[Int]]: [[Int]]] = [:]
        for h in households.keys.sorted() {
            let members = households[h]!
            let kind = members.map { typeOf[$0] }.sorted { $0.lexicographicallyPrecedes($1) }
            byClass[kind, default: []].append(members)
        }
        for kind in byClass.keys.sorted(by: { a, b in a.lexicographicallyPrecedes(b) { $0.lexicographicallyPrecedes($1) } }) {
            let list = byClass[kind]!
            var classSlots: [Int] = []
            var seenTypes: [[Int]] = []
            for t in kind where !seenTypes.contains(t) {
                seenTypes.append(t)
                let members = list.flatMap { $0.filter { typeOf[$0] == t } }.sorted { ids[$0] < ids[$1] }
                for m in members { slotOf[m] = slots.count }
                classSlots.append(slots.count)
                slots.append(Slot(members: members, rows: t, householdClass: classes.count, upper: min(members.count, list.count)))
            }
            classes.append(HouseholdClass(households: list, slots: classSlots))
        }
    }

    /// The integer program "choose a panel", maximising `Σ weight[s]·x[s]`.
    public func panelProgram(weights: [Double]) -> IntegerProgram {
        var rows: [LinearRow] = []
        let all = (0..<slots.count).map(Int32.init)
        rows.append(LinearRow(indices: all, coefficients: Array(repeating: 1, count: slots.count),
                              lower: Double(panelSize), upper: Double(panelSize)))
        for (r, q) in quotaRows.enumerated() {
            let idx = slots.indices.filter { slots[$0].rows.contains(r) }.map(Int32.init)
            rows.append(LinearRow(indices: idx, coefficients: Array(repeating: 1, count: idx.count),
                                  lower: Double(q.min), upper: Double(q.max)))
        }
        for c in classes {
            rows.append(LinearRow(indices: c.slots.map(Int32.init), coefficients: Array(repeating: 1, count: c.slots.count),
                                  lower: 0, upper: Double(c.households.count)))
        }
        return IntegerProgram(objective: weights, lower: Array(repeating: 0, count: slots.count),
                              upper: slots.map { Double($0.upper) }, rows: rows)
    }

    /// Whether a composition (people per slot) satisfies every rule.
    public func isFeasible(_ x: [Int]) -> Bool {
        guard x.count == slots.count, x.reduce(0, +) == panelSize else { return false }
        for (s, n) in x.enumerated() where n < 0 || n > slots[s].upper { return false }
        for (r, q) in quotaRows.enumerated() {
            let n = slots.indices.filter { slots[$0].rows.contains(r) }.reduce(0) { $0 + x[$1] }
            if n < q.min || n > q.max { return false }
        }
        for c in classes where c.slots.reduce(0, { $0 + x[$1] }) > c.households.count { return false }
        return true
    }
}
