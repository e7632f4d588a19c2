/// Turns the text of a CSV row (or of `pool add` options) into a ``Representative``.
///
/// Pure: it knows the category catalog and today's date, nothing else. It collects every
/// problem in the row rather than stopping at the first, so an office fixes a file in one go.
public struct RepresentativeParser: Sendable {
    public var catalog: CategoryCatalog
    public var today: Day
    /// Category cells seen before: a pool file repeats a handful of values a million times.
    private var categoryCache: [String: Result<[String], CategoryCatalog.UnknownCategories>] = [:]

    public init(catalog: CategoryCatalog, today: Day) {
        self.catalog = catalog
        self.today = today
    }

    /// Oldest birth year accepted.
    public static let earliestBirthYear = 1900
    /// Representatives must be adults.
    public static let minimumAge = 18

    /// Reads one row. `id` is nil when the row leaves it empty (one is assigned later).
    public mutating func parse(_ header: PoolHeader, _ fields: [String]) -> Result<Representative, PoolRowError> {
        var problems: [Message] = []
        func v(_ c: PoolColumn) -> String? { header.value(c, in: fields) }
        func need(_ c: PoolColumn) -> String {
            if let s = v(c) { return s }
            problems.append(Message("pool.empty", c.display))
            return ""
        }
        let name = need(.name)
        let genderText = need(.gender)
        let gender = Gender(parsing: genderText)
        if gender == nil && !genderText.isEmpty {
            problems.append(Message("pool.gender-not-male-female", genderText))
        }
        let yearText = need(.birthYear)
        let year = Int(yearText)
        let latest = today.year - Self.minimumAge
        if !yearText.isEmpty {
            if let y = year {
                if y < Self.earliestBirthYear || y > latest {
                    problems.append(Message("pool.birth-year-out-range", y, Self.earliestBirthYear, latest))
                }
            } else {
                problems.append(Message("pool.birth-year-not-four", yearText))
            }
        }
        let community = need(.community)
        let street = need(.street)
        var categories: [String] = []
        let categoryText = need(.categories)
        if !categoryText.isEmpty {
            let parsed: Result<[String], CategoryCatalog.UnknownCategories>
            if let cached = categoryCache[categoryText] {
                parsed = cached
            } else {
                parsed = catalog.parseList(categoryText)
                if categoryCache.count < 10_000 { categoryCache[categoryText] = parsed }
            }
            switch parsed {
            case let .success(keys): categories = keys
            case let .failure(unknown):
                let known = catalog.categories.map { "\($0.label)/\($0.key)" }.joined(separator: ", ")
                problems.append(Message(unknown.names.count == 1 ? "pool.unknown-category" : "pool.unknown-categories", unknown.names.map { "'\($0)'" }.joined(separator: ", "), known))
            }
        }
        let intakeText = need(.intake)
        let intake = Intake(parsing: intakeText)
        if intake == nil && !intakeText.isEmpty {
            problems.append(Message("pool.intake-not-self-nominated", intakeText))
        }
        let recommendedBy = v(.recommendedBy)
        if intake == .recommended && recommendedBy == nil {
            problems.append(Message("pool.recommended-empty-recommended-representative"))
        }
        var phone: String?
        if let p = v(.phone) {
            if let n = Self.normalizePhone(p) { phone = n } else {
                problems.append(Message("pool.phone-not-phone-number", p))
            }
        }
        func day(_ c: PoolColumn) -> Day? {
            guard let t = v(c) else { return nil }
            if let d = Day(t) { return d }
            problems.append(Message("pool.not-date-yyyy-mm", c.display, t))
            return nil
        }
        let termStart = day(.termStart)
        let termEnd = day(.termEnd)
        if let s = termStart, let e = termEnd, e < s {
            problems.append(Message("pool.term-end-before-term", e, s))
        }
        var status = RepresentativeStatus.candidate
        if let s = v(.status) {
            if let parsed = RepresentativeStatus(parsing: s) { status = parsed } else {
                problems.append(Message("pool.status-not-one-candidate", s))
            }
        }
        let reason = v(.statusReason)
        if Lifecycle.needsReason.contains(status) && reason == nil {
            problems.append(Message("pool.status-needs-status-reason", status.rawValue, status.label))
        }
        let until = day(.suspendedUntil)
        if until != nil && status != .suspended {
            problems.append(Message("pool.suspended-until-set-but", status.rawValue))
        }
        if let id = v(.id), !Self.isValidID(id) {
            problems.append(Message("pool.id-may-only-hold", id))
        }
        guard problems.isEmpty, let gender, let year, let intake else { return .failure(PoolRowError(problems.map(\.description))) }
        return .success(Representative(
            id: v(.id) ?? "", name: name, gender: gender, birthYear: year, community: community,
            street: street, categories: categories, intake: intake,
            recommendedBy: recommendedBy,
            phone: phone, household: v(.household), workUnit: v(.workUnit),
            relations: v(.relations).map(DeclaredRelation.parseList) ?? [],
            termStart: termStart, termEnd: termEnd, status: status, statusReason: reason,
            suspendedUntil: until))
    }

    /// Digits only (separators and a leading `+86` dropped); nil when not a phone number.
    public static func normalizePhone(_ text: String) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        let rest = text.hasPrefix("+86") ? Substring(text).dropFirst(3) : Substring(text)
        for scalar in rest.unicodeScalars {
            switch scalar {
            case "0"..."9": digits.append(UInt8(scalar.value))
            case " ", "-", "(", ")", "（", "）": continue
            default: return nil
            }
        }
        guard (7...15).contains(digits.count) else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    public static func isValidID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= 32 else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
    }
}
