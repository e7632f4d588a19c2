import TOMLKit

/// Turns a parsed TOML table into a ``PanelSpec``; every refusal names its line and column.
struct SpecReader {
    let file: String
    let locator: SourceLocator

    init(file: String, locator: SourceLocator) {
        self.file = file
        self.locator = locator
    }

    func fail(_ message: Message, table: String = "", index: Int = 0, key: String? = nil) -> SpecError {
        let (line, column) = locator.locate(table: table, index: index, key: key)
        return SpecError(file: file, line: line, column: column, message: message.description)
    }

    /// Refuses keys the spec format does not have, so a typo is not silently ignored.
    func checkKeys(_ t: TOMLTable, allowed: [String], table: String = "", index: Int = 0) throws {
        for key in t.keys where !allowed.contains(key) {
            let near = allowed.min { editDistance($0, key) < editDistance($1, key) }
            let hint = near.map { editDistance($0, key) <= 3 ? " (did you mean '\($0)'?)" : "" } ?? ""
            throw fail(Message("draw.spec-unknown-key", key, hint, allowed.joined(separator: ", ")),
                       table: table, index: index, key: key)
        }
    }

    func int(_ t: TOMLTable, _ key: String, table: String = "", index: Int = 0, default value: Int? = nil) throws -> Int {
        guard let v = t[key] else {
            if let value { return value }
            throw fail(Message("draw.spec-missing-int", key), table: table, index: index)
        }
        guard let n = v.int else { throw fail(Message("draw.spec-not-int", key), table: table, index: index, key: key) }
        return n
    }

    func string(_ t: TOMLTable, _ key: String, table: String = "", index: Int = 0, default value: String? = nil) throws -> String {
        guard let v = t[key] else {
            if let value { return value }
            throw fail(Message("draw.spec-missing-text", key), table: table, index: index)
        }
        guard let s = v.string else { throw fail(Message("draw.spec-not-text", key), table: table, index: index, key: key) }
        return s
    }

    func bool(_ t: TOMLTable, _ key: String, table: String, default value: Bool) throws -> Bool {
        guard let v = t[key] else { return value }
        guard let b = v.bool else { throw fail(Message("draw.spec-not-bool", key), table: table, key: key) }
        return b
    }

    func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ t: TOMLTable, _ key: String, table: String = "",
                                                     index: Int = 0, default value: T? = nil) throws -> T where T.RawValue == String {
        let text = try string(t, key, table: table, index: index, default: value?.rawValue)
        guard let v = T(rawValue: text) else {
            throw fail(Message("draw.spec-bad-choice", key, text, T.allCases.map(\.rawValue).joined(separator: ", ")),
                       table: table, index: index, key: key)
        }
        return v
    }

    mutating func read(_ t: TOMLTable, defaultName: String, sha256: String) throws -> PanelSpec {
        try checkKeys(t, allowed: ["name", "title", "kind", "panel_size", "alternates", "cooling_off_days",
                                   "age_bands", "conflicts", "voting", "quota", "pool"])
        let name = try string(t, "name", default: defaultName)
        if name != defaultName {
            throw fail(Message("draw.spec-name-differs", name, defaultName), key: "name")
        }
        let kind = try choice(ProcedureKind.self, t, "kind")
        let size = try int(t, "panel_size")
        guard (1...51).contains(size) else { throw fail(Message("draw.spec-size-range"), key: "panel_size") }
        if kind != .instantMediation && size % 2 == 0 {
            throw fail(Message("draw.spec-size-even", size), key: "panel_size")
        }
        let alternates = try int(t, "alternates", default: 0)
        guard (0...50).contains(alternates) else { throw fail(Message("draw.spec-alternates-range"), key: "alternates") }
        var coolingOff: Int?
        if t["cooling_off_days"] != nil {
            let days = try int(t, "cooling_off_days")
            guard (0...3650).contains(days) else { throw fail(Message("draw.spec-cooling-range"), key: "cooling_off_days") }
            coolingOff = days
        }
        let bands = try readAgeBands(t)
        let conflicts = try readConflicts(t)
        let (rule, tie, options) = try readVoting(t, kind: kind)
        let quotas = try readQuotas(t, size: size, bands: bands)
        var spec = PanelSpec(name: name, title: try string(t, "title", default: name), kind: kind, panelSize: size,
                             alternates: alternates, quotas: quotas, ageBands: bands, conflicts: conflicts,
                             coolingOffDays: coolingOff, votingRule: rule, tieRule: tie, options: options, sha256: sha256)
        if t["pool"] != nil { spec.pool = try choice(PoolScope.self, t, "pool") }
        return spec
    }

    func readAgeBands(_ t: TOMLTable) throws -> [AgeBand] {
        guard let v = t["age_bands"] else { return [] }
        guard let array = v.array else { throw fail(Message("draw.spec-bands-list"), key: "age_bands") }
        var bands: [AgeBand] = []
        for item in array {
            guard let s = item.string, let dash = s.firstIndex(of: "-"),
                  let from = Int(s[..<dash]), let to = Int(s[s.index(after: dash)...]), from <= to, from >= 0 else {
                throw fail(Message("draw.spec-band-form", item.string ?? "?"), key: "age_bands")
            }
            if let overlap = bands.first(where: { $0.from <= to && from <= $0.to }) {
                throw fail(Message("draw.spec-band-overlap", s, overlap.name), key: "age_bands")
            }
            bands.append(AgeBand(from: from, to: to))
        }
        return bands
    }

    func readConflicts(_ t: TOMLTable) throws -> ConflictRules {
        guard let v = t["conflicts"] else { return ConflictRules() }
        guard let c = v.table else { throw fail(Message("draw.spec-conflicts-table"), key: "conflicts") }
        try checkKeys(c, allowed: ["party_community", "household", "declared_relation", "work_unit"], table: "conflicts")
        return ConflictRules(partyCommunity: try bool(c, "party_community", table: "conflicts", default: false),
                             household: try bool(c, "household", table: "conflicts", default: true),
                             declaredRelation: try bool(c, "declared_relation", table: "conflicts", default: true),
                             workUnit: try bool(c, "work_unit", table: "conflicts", default: true))
    }

    func readVoting(_ t: TOMLTable, kind: ProcedureKind) throws -> (VotingRule, TieRule, [BallotOption]) {
        guard let v = t["voting"] else {
            if kind == .instantMediation { return (.simpleMajority, .noVerdict, []) }
            throw fail(Message("draw.spec-missing-voting"))
        }
        guard let voting = v.table else { throw fail(Message("draw.spec-voting-table"), key: "voting") }
        try checkKeys(voting, allowed: ["rule", "tie", "options"], table: "voting")
        let rule = try choice(VotingRule.self, voting, "rule", table: "voting", default: .simpleMajority)
        let tie = try choice(TieRule.self, voting, "tie", table: "voting", default: .noVerdict)
        var options: [BallotOption] = []
        if let list = voting["options"] {
            guard let array = list.array else { throw fail(Message("draw.spec-options-list"), table: "voting", key: "options") }
            for item in array {
                guard let o = item.table, let key = o["key"]?.string, let label = o["label"]?.string,
                      RepresentativeParser.isValidID(key) else {
                    throw fail(Message("draw.spec-option-form"), table: "voting", key: "options")
                }
                if options.contains(where: { $0.key == key }) {
                    throw fail(Message("draw.spec-option-twice", key), table: "voting", key: "options")
                }
                options.append(BallotOption(key: key, label: label))
            }
        }
        if kind != .instantMediation && options.count < 2 {
            throw fail(Message("draw.spec-two-options"), table: "voting", key: "options")
        }
        if tie == .partial && !options.contains(where: { $0.key == "partial" }) {
            throw fail(Message("draw.spec-tie-partial"), table: "voting", key: "tie")
        }
        return (rule, tie, options)
    }

    func readQuotas(_ t: TOMLTable, size: Int, bands: [AgeBand]) throws -> [Quota] {
        guard let v = t["quota"] else { return [] }
        guard let array = v.array else { throw fail(Message("draw.spec-quota-tables"), key: "quota") }
        var quotas: [Quota] = []
        for (i, item) in array.enumerated() {
            guard let q = item.table else { throw fail(Message("draw.spec-quota-table"), table: "quota", index: i) }
            try checkKeys(q, allowed: ["attribute", "value", "min", "max", "each_max"], table: "quota", index: i)
            let attribute = try choice(QuotaAttribute.self, q, "attribute", table: "quota", index: i)
            if q["each_max"] != nil {
                if q["value"] != nil || q["min"] != nil || q["max"] != nil {
                    throw fail(Message("draw.spec-each-max-alone", attribute.rawValue), table: "quota", index: i, key: "each_max")
                }
                let cap = try int(q, "each_max", table: "quota", index: i)
                guard (0...size).contains(cap) else {
                    throw fail(Message("draw.spec-each-max-range", cap, size), table: "quota", index: i, key: "each_max")
                }
                quotas.append(Quota(attribute: attribute, value: nil, min: 0, max: cap))
                continue
            }
            var value = try string(q, "value", table: "quota", index: i)
            switch attribute {
            case .gender:
                guard let g = Gender(parsing: value) else {
                    throw fail(Message("draw.spec-gender-value", value), table: "quota", index: i, key: "value")
                }
                value = g.rawValue
            case .ageBand:
                guard bands.contains(where: { $0.name == value }) else {
                    throw fail(Message("draw.spec-band-unknown", value, bands.map(\.name).joined(separator: ", ")),
                               table: "quota", index: i, key: "value")
                }
            default: break
            }
            let min = try int(q, "min", table: "quota", index: i, default: 0)
            let max = try int(q, "max", table: "quota", index: i, default: size)
            guard 0 <= min, min <= max, max <= size else {
                throw fail(Message("draw.spec-min-max", size, min, max), table: "quota", index: i,
                           key: q["min"] != nil ? "min" : "max")
            }
            if quotas.contains(where: { $0.attribute == attribute && $0.value == value }) {
                throw fail(Message("draw.spec-quota-twice", attribute.rawValue, value), table: "quota", index: i, key: "value")
            }
            quotas.append(Quota(attribute: attribute, value: value, min: min, max: max))
        }
        return quotas
    }
}
