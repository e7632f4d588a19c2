/// Where a representative stands in the pool's lifecycle.
///
/// `candidate → active ⇄ suspended → retired`, and `candidate → rejected`.
public enum RepresentativeStatus: String, Sendable, Codable, CaseIterable {
    case candidate, active, suspended, retired, rejected

    public var label: String {
        switch self {
        case .candidate: return "候选"
        case .active: return "在库"
        case .suspended: return "暂停"
        case .retired: return "退出"
        case .rejected: return "未通过"
        }
    }

    /// Reads the English name or the Chinese label (also 在任, 正常, 停用, 不予聘用 …).
    public init?(parsing text: String) {
        if let exact = RepresentativeStatus(rawValue: text) { self = exact; return }
        let t = text.trimmed.lowercased()
        if let s = RepresentativeStatus(rawValue: t) { self = s; return }
        switch t {
        case "候选", "候选人", "待审核": self = .candidate
        case "在库", "在任", "正常", "有效", "聘用": self = .active
        case "暂停", "停用": self = .suspended
        case "退出", "离任", "已退出", "解聘": self = .retired
        case "未通过", "不予聘用", "驳回": self = .rejected
        default: return nil
        }
    }

    /// Whether a representative with this status may move to `next`.
    public func canMove(to next: RepresentativeStatus) -> Bool {
        Lifecycle.allowed[self, default: []].contains(next)
    }
}

/// The pool's lifecycle rules (集中管理和动态调整), as pure functions.
public enum Lifecycle {
    static let allowed: [RepresentativeStatus: Set<RepresentativeStatus>] = [
        .candidate: [.active, .rejected],
        .active: [.suspended, .retired],
        .suspended: [.active, .retired],
        .retired: [],
        .rejected: [],
    ]

    /// Statuses that must say why.
    public static let needsReason: Set<RepresentativeStatus> = [.suspended, .retired, .rejected]

    /// `representative` with its status changed, or the reason the change is not allowed.
    ///
    /// - Parameters:
    ///   - until: only for `suspended`: the last day of the suspension.
    ///   - today: the suspension end must not lie before it.
    public static func move(_ representative: Representative, to next: RepresentativeStatus,
                            reason: String?, until: Day? = nil, today: Day) throws -> Representative {
        let current = representative.status
        let reasonText = reason?.trimmed ?? ""
        guard current != next else {
            throw PoolError.illegalTransition(id: representative.id, from: current, to: next,
                                              allowed: allowed[current, default: []].sorted { $0.rawValue < $1.rawValue })
        }
        guard current.canMove(to: next) else {
            throw PoolError.illegalTransition(id: representative.id, from: current, to: next,
                                              allowed: allowed[current, default: []].sorted { $0.rawValue < $1.rawValue })
        }
        if needsReason.contains(next) && reasonText.isEmpty {
            throw PoolError.reasonRequired(status: next)
        }
        if until != nil && next != .suspended {
            throw PoolError.invalidField(field: "until", value: until!.description,
                                         hint: Message("pool.until-only-goes-suspended"))
        }
        if let until, until < today {
            throw PoolError.invalidField(field: "until", value: until.description,
                                         hint: Message("pool.suspension-would-end-before", today))
        }
        var changed = representative
        changed.status = next
        changed.statusReason = reasonText.isEmpty ? nil : reasonText
        changed.suspendedUntil = next == .suspended ? until : nil
        return changed
    }
}
