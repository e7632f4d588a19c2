/// How a case came to the office.
public enum CaseSource: String, Sendable, Codable, CaseIterable {
    case referral
    case walkIn = "walk-in"
    case phone

    public var label: String {
        switch self {
        case .referral: return "转办"
        case .walkIn: return "来访"
        case .phone: return "来电"
        }
    }
}

/// A party as the case knows it. The phone stays in the office: it is never sent out.
public struct CaseParty: Sendable, Codable, Equatable {
    public typealias Role = Party.Role

    public var name: String
    public var role: Role
    public var community: String?
    public var phone: String?

    public init(name: String, role: Role, community: String? = nil, phone: String? = nil) {
        self.name = name
        self.role = role
        self.community = community
        self.phone = phone
    }

    /// Reads `NAME,ROLE[,COMMUNITY[,PHONE]]` (a full-width comma works too; the role in English
    /// or Chinese), as `--party` and a register's 当事人 column write a party.
    public static func parse(_ text: String) throws -> CaseParty {
        let parts = text.replacingOccurrences(of: "，", with: ",").split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
        guard (2...4).contains(parts.count), !parts[0].isEmpty else {
            throw CaseError.invalid(Message("case.party-not-name-role", text))
        }
        return CaseParty(name: parts[0], role: try Party.Role.parse(parts[1]),
                         community: parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil,
                         phone: parts.count > 3 && !parts[3].isEmpty ? parts[3] : nil)
    }
}

/// Where a case stands.
public enum CaseStatus: String, Sendable, Codable, CaseIterable {
    case received, accepted, refused, scheduled, outcome, followedUp = "followed-up", closed

    public var label: String {
        switch self {
        case .received: return "已签收"
        case .accepted: return "已受理"
        case .refused: return "不予受理"
        case .scheduled: return "已排期"
        case .outcome: return "已有结果"
        case .followedUp: return "已回访"
        case .closed: return "已办结"
        }
    }

    /// A case in these states has nothing left to do before its deadline.
    public var isFinished: Bool { self == .refused || self == .closed }
}

/// How a case's handling ended.
public enum CaseOutcomeKind: String, Sendable, Codable, CaseIterable {
    case agreement, verdict
    case mediationFailed = "mediation-failed"
    case withdrawn, terminated

    public var label: String {
        switch self {
        case .agreement: return "达成协议"
        case .verdict: return "评理结论"
        case .mediationFailed: return "调解不成"
        case .withdrawn: return "撤回"
        case .terminated: return "终止"
        }
    }
}

/// 回访: whether the agreement or verdict was carried out.
public enum Performance: String, Sendable, Codable, CaseIterable {
    case performed, partly, notPerformed = "not-performed"

    public var label: String {
        switch self {
        case .performed: return "已履行"
        case .partly: return "部分履行"
        case .notPerformed: return "未履行"
        }
    }
}

/// 回访: how satisfied the parties are.
public enum Satisfaction: String, Sendable, Codable, CaseIterable {
    case satisfied, mostly, unsatisfied

    public var label: String {
        switch self {
        case .satisfied: return "满意"
        case .mostly: return "基本满意"
        case .unsatisfied: return "不满意"
        }
    }
}

/// Reads an enumerated value given in English (`walk-in`) or by its Chinese label (`来访`).
func caseValue<T: RawRepresentable & CaseIterable>(_ text: String, _ labels: (T) -> String, what: String) throws -> T where T.RawValue == String {
    let t = text.trimmed
    if let v = T(rawValue: t) ?? T.allCases.first(where: { labels($0) == t }) { return v }
    let choices = T.allCases.map { "\($0.rawValue) (\(labels($0)))" }.joined(separator: ", ")
    throw CaseError.invalid(Message("case.not-one", what, t, choices))
}

extension CaseSource { public static func parse(_ s: String) throws -> CaseSource { try caseValue(s, \.label, what: "source") } }
extension Party.Role {
    /// `applicant`, `respondent`, `other`, or 申请方 / 被申请方 / 第三方 / 其他涉事方.
    public static func parse(_ s: String) throws -> Party.Role {
        if s.trimmed == "第三方" { return .other }
        return try caseValue(s, \.label, what: "role")
    }
}
extension CaseStatus { public static func parse(_ s: String) throws -> CaseStatus { try caseValue(s, \.label, what: "status") } }
extension CaseOutcomeKind { public static func parse(_ s: String) throws -> CaseOutcomeKind { try caseValue(s, \.label, what: "outcome") } }
extension Performance { public static func parse(_ s: String) throws -> Performance { try caseValue(s, \.label, what: "performance") } }
extension Satisfaction { public static func parse(_ s: String) throws -> Satisfaction { try caseValue(s, \.label, what: "satisfaction") } }

/// Why a case command was refused: nothing is recorded.
public enum CaseError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalid(Message)
    case notFound(Message)
    case notNow(command: String, status: CaseStatus, allowed: Message)
    /// A new case's detail is wrong: `field` names it as a referral spells it (`category`, `due`…).
    case badDetail(field: String, message: Message)
    /// The case exists already.
    case exists(Message)

    public var description: String {
        switch self {
        case let .invalid(m), let .notFound(m), let .exists(m), let .badDetail(_, m): return m.description
        case let .notNow(command, status, allowed):
            return Message("case.not-now", command, status.rawValue, status.label, allowed).description
        }
    }
}
