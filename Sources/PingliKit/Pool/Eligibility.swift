
/// Why a representative cannot serve on a given day.
public enum IneligibilityReason: Hashable, Sendable, Codable, CustomStringConvertible {
    case notActive(RepresentativeStatus)
    case suspended(until: Day?)
    case termNotStarted(Day)
    case termEnded(Day)
    case noTerm
    case insufficientTraining(hours: Double, required: Double)
    case coolingOff(lastServed: Day, availableFrom: Day)
    case yearlyLimitReached(served: Int, limit: Int)
    /// Seated in another hearing the same day (found when a panel is confirmed).
    case servingElsewhere(hearing: String, on: Day)

    /// A stable short code for data files and draw records.
    public var code: String {
        switch self {
        case .notActive: return "not-active"
        case .suspended: return "suspended"
        case .termNotStarted: return "term-not-started"
        case .termEnded: return "term-ended"
        case .noTerm: return "no-term"
        case .insufficientTraining: return "training"
        case .coolingOff: return "cooling-off"
        case .yearlyLimitReached: return "yearly-limit"
        case .servingElsewhere: return "serving-elsewhere"
        }
    }

    public var description: String {
        switch self {
        case let .notActive(s): return "状态为\(s.label)（\(s.rawValue)），不是在库"
        case let .suspended(until):
            return until.map { "暂停中，至 \($0)" } ?? "暂停中，未定截止日期"
        case let .termNotStarted(d): return "任期尚未开始（\(d) 起）"
        case let .termEnded(d): return "任期已于 \(d) 结束"
        case .noTerm: return "未登记任期"
        case let .insufficientTraining(h, r):
            return "培训 \(Self.hours(h)) 小时，不足 \(Self.hours(r)) 小时"
        case let .coolingOff(last, from): return "冷却期：\(last) 刚参加评理，\(from) 起可再抽取"
        case let .yearlyLimitReached(served, limit): return "本年度已参加 \(served) 次，达到上限 \(limit) 次"
        case let .servingElsewhere(hearing, day): return "\(day) 已在 \(hearing) 任评理员"
        }
    }

    /// `4` or `1.5`: hours without a needless `.0`.
    public static func hours(_ h: Double) -> String {
        h == h.rounded() ? String(Int(h)) : String(h)
    }
}

/// Eligibility for one day: a pure function of the person, their records and the rules.
public enum Eligibility {
    /// Every reason `representative` cannot serve on `day`; empty when they can.
    public static func reasons(for representative: Representative, on day: Day,
                               training: [TrainingRecord], service: [ServiceRecord],
                               rules: EligibilityRules) -> [IneligibilityReason] {
        var reasons: [IneligibilityReason] = []
        switch representative.status {
        case .active:
            break
        case .suspended:
            // A suspension with an end date lapses by itself after that day.
            if let until = representative.suspendedUntil, day > until {
                break
            }
            reasons.append(.suspended(until: representative.suspendedUntil))
        default:
            reasons.append(.notActive(representative.status))
        }
        switch (representative.termStart, representative.termEnd) {
        case (nil, nil):
            reasons.append(.noTerm)
        default:
            if let start = representative.termStart, day < start { reasons.append(.termNotStarted(start)) }
            if let end = representative.termEnd, day > end { reasons.append(.termEnded(end)) }
        }
        let hours = training.filter { $0.date <= day }.reduce(0) { $0 + $1.hours }
        if hours + 1e-9 < rules.minimumTrainingHours {
            reasons.append(.insufficientTraining(hours: hours, required: rules.minimumTrainingHours))
        }
        return reasons + serviceReasons(service, on: day, rules: rules)
    }

    /// The reasons `service` alone gives on `day`: cooling-off and the yearly limit, counting
    /// service in every office. Confirming a panel asks this again with the records as they
    /// are then, leaving out the hearing being confirmed; serving another hearing the same day
    /// is refused even without a cooling-off period.
    public static func serviceReasons(_ service: [ServiceRecord], on day: Day, rules: EligibilityRules,
                                      excluding hearingID: String? = nil) -> [IneligibilityReason] {
        var reasons: [IneligibilityReason] = []
        let past = service.filter { $0.date <= day && $0.hearingID != hearingID }
        if let last = past.map(\.date).max(), rules.coolingOffDays > 0 {
            let availableFrom = last.adding(days: rules.coolingOffDays)
            if day < availableFrom { reasons.append(.coolingOff(lastServed: last, availableFrom: availableFrom)) }
        }
        if hearingID != nil, rules.coolingOffDays == 0, let same = past.first(where: { $0.date == day }) {
            reasons.append(.servingElsewhere(hearing: same.hearingID, on: day))
        }
        let thisYear = past.filter { $0.date.year == day.year }.count
        if rules.yearlyServiceLimit > 0 && thisYear >= rules.yearlyServiceLimit {
            reasons.append(.yearlyLimitReached(served: thisYear, limit: rules.yearlyServiceLimit))
        }
        return reasons
    }
}
