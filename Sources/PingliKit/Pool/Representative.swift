/// 性别.
public enum Gender: String, Sendable, Codable, CaseIterable {
    case male, female

    /// 男 / 女, as shown to the office.
    public var label: String { self == .male ? "男" : "女" }

    /// Reads `男`, `女`, `male`, `female`, `M`, `F` (any case).
    public init?(parsing text: String) {
        if text == "男" { self = .male; return }
        if text == "女" { self = .female; return }
        switch text.trimmed.lowercased() {
        case "男", "male", "m", "男性": self = .male
        case "女", "female", "f", "女性": self = .female
        default: return nil
        }
    }
}

/// How a representative entered the pool.
public enum Intake: String, Sendable, Codable, CaseIterable {
    /// 群众自荐.
    case selfNominated = "self-nominated"
    /// 组织推荐, with the recommending organisation kept beside it.
    case recommended

    public var label: String { self == .selfNominated ? "自荐" : "组织推荐" }

    /// Reads `自荐`, `群众自荐`, `self`, `self-nominated`, `推荐`, `组织推荐`, `recommended`.
    public init?(parsing text: String) {
        if let exact = Intake(rawValue: text) { self = exact; return }
        switch text.trimmed.lowercased() {
        case "self", "self-nominated", "自荐", "群众自荐", "个人自荐": self = .selfNominated
        case "recommended", "recommend", "推荐", "组织推荐", "单位推荐": self = .recommended
        default: return nil
        }
    }
}

/// A relation a representative declared, so they are never drawn onto a dispute that
/// involves that person (申报的亲属或利害关系).
public struct DeclaredRelation: Hashable, Sendable, Codable {
    /// The related person's name.
    public var name: String
    /// How they are related (配偶, 表兄, 同事 …); may be empty.
    public var relation: String

    public init(name: String, relation: String) {
        self.name = name
        self.relation = relation
    }

    /// `张三(配偶)` or just `张三`.
    public var text: String { relation.isEmpty ? name : "\(name)(\(relation))" }

    /// Parses a list written `张三(配偶);李四（同事）` (`;` or `、`, ASCII or fullwidth brackets).
    public static func parseList(_ text: String) -> [DeclaredRelation] {
        text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" }).compactMap { part in
            let s = part.trimmed
            guard !s.isEmpty else { return nil }
            if let open = s.firstIndex(where: { $0 == "(" || $0 == "（" }),
               s.last == ")" || s.last == "）" {
                let name = s[..<open].trimmed
                let rel = s[s.index(after: open)..<s.index(before: s.endIndex)].trimmed
                return DeclaredRelation(name: name, relation: rel)
            }
            return DeclaredRelation(name: s, relation: "")
        }
    }

    public static func format(_ list: [DeclaredRelation]) -> String {
        list.map(\.text).joined(separator: ";")
    }
}

/// One 群众议事代表 in the pool, with everything the office keeps about them except
/// their history, training and service records, which live beside it.
public struct Representative: Hashable, Sendable, Codable {
    /// Stable id: `R-000001`, or the office's own id from an import.
    public var id: String
    public var name: String
    public var gender: Gender
    public var birthYear: Int
    /// 社区 or 村.
    public var community: String
    /// 街道 or 乡镇.
    public var street: String
    /// Category keys (see ``CategoryCatalog``); at least one.
    public var categories: [String]
    public var intake: Intake
    /// The recommending organisation when `intake` is `recommended`.
    public var recommendedBy: String?
    /// Personal data: stays in the office, never in outcomes or logs.
    public var phone: String?
    /// Household key (户号), for conflict checks. Personal data.
    public var household: String?
    public var workUnit: String?
    public var relations: [DeclaredRelation]
    public var termStart: Day?
    public var termEnd: Day?
    public var status: RepresentativeStatus
    /// Why the current status was set (required for suspended, retired and rejected).
    public var statusReason: String?
    /// For `suspended`: the last day of the suspension, if it ends by itself.
    public var suspendedUntil: Day?

    public init(id: String, name: String, gender: Gender, birthYear: Int, community: String,
                street: String, categories: [String], intake: Intake, recommendedBy: String? = nil,
                phone: String? = nil, household: String? = nil, workUnit: String? = nil,
                relations: [DeclaredRelation] = [], termStart: Day? = nil, termEnd: Day? = nil,
                status: RepresentativeStatus = .candidate, statusReason: String? = nil,
                suspendedUntil: Day? = nil) {
        self.id = id
        self.name = name
        self.gender = gender
        self.birthYear = birthYear
        self.community = community
        self.street = street
        self.categories = categories
        self.intake = intake
        self.recommendedBy = recommendedBy
        self.phone = phone
        self.household = household
        self.workUnit = workUnit
        self.relations = relations
        self.termStart = termStart
        self.termEnd = termEnd
        self.status = status
        self.statusReason = statusReason
        self.suspendedUntil = suspendedUntil
    }

    /// Age in whole years reached during `year`.
    public func age(in year: Int) -> Int { year - birthYear }
}

/// A training session a representative attended (教育培训).
extension Representative {
    /// This representative with the term renewed to end on `end`: not before the term began,
    /// and not for someone retired or rejected (they come back through a new intake).
    public func renewed(termEnd end: Day) throws -> Representative {
        if let start = termStart, end < start {
            throw PoolError.invalidField(field: "term-end", value: end.description, hint: Message("pool.term-starts-end-cannot", id, start))
        }
        guard status != .retired && status != .rejected else {
            throw PoolError.invalidField(field: "status", value: status.rawValue,
                                         hint: Message("pool.new-term-needs-new", id, status.label))
        }
        var r = self
        r.termEnd = end
        return r
    }
}

public struct TrainingRecord: Hashable, Sendable, Codable {
    public var date: Day
    public var topic: String
    public var hours: Double

    public init(date: Day, topic: String, hours: Double) {
        self.date = date
        self.topic = topic
        self.hours = hours
    }

    /// Checks a session before it is recorded: one session's hours, a topic, not in the future.
    public func check(today: Day) throws {
        guard hours > 0, hours <= 24 else {
            throw PoolError.invalidField(field: "hours", value: String(hours), hint: Message("pool.give-hours-one-session"))
        }
        guard !topic.trimmed.isEmpty else { throw PoolError.missingField(field: "topic") }
        if date > today {
            throw PoolError.invalidField(field: "date", value: date.description, hint: Message("pool.training-cannot-recorded-before", today))
        }
    }
}

/// One time a representative sat on (or was drawn as alternate for) a panel.
public struct ServiceRecord: Hashable, Sendable, Codable {
    public var hearingID: String
    public var date: Day
    /// `member` or `alternate`.
    public var role: String

    public init(hearingID: String, date: Day, role: String) {
        self.hearingID = hearingID
        self.date = date
        self.role = role
    }
}
