/// The office's rules for who may be drawn (or named) onto a panel on a given day.
public struct EligibilityRules: Hashable, Sendable, Codable {
    /// Training hours needed before first service (教育培训).
    public var minimumTrainingHours: Double
    /// Days after a service during which a representative is not drawn again.
    public var coolingOffDays: Int
    /// Most services in one calendar year.
    public var yearlyServiceLimit: Int

    public init(minimumTrainingHours: Double = 4, coolingOffDays: Int = 30, yearlyServiceLimit: Int = 6) {
        self.minimumTrainingHours = minimumTrainingHours
        self.coolingOffDays = coolingOffDays
        self.yearlyServiceLimit = yearlyServiceLimit
    }

    /// The settable rules, by the keys they are stored under.
    public enum Key: String, CaseIterable, Sendable {
        case minimumTrainingHours = "min-training-hours"
        case coolingOffDays = "cooling-off-days"
        case yearlyServiceLimit = "yearly-service-limit"

        /// Checks a value for this rule before it is stored.
        public func check(_ value: String) throws {
            let ok: Bool
            switch self {
            case .minimumTrainingHours: ok = Double(value).map { $0 >= 0 && $0 <= 1000 } ?? false
            case .coolingOffDays: ok = Int(value).map { $0 >= 0 && $0 <= 3650 } ?? false
            case .yearlyServiceLimit: ok = Int(value).map { $0 >= 0 && $0 <= 365 } ?? false
            }
            guard ok else { throw PoolError.invalidField(field: rawValue, value: value, hint: Message("pool.give-non-negative-number")) }
        }
    }

    /// The rules as the office set them in `settings` (defaults where it set nothing).
    public static func read(_ settings: some SettingsAccess) throws -> EligibilityRules {
        var rules = EligibilityRules()
        if let v = try settings.value(Key.minimumTrainingHours.rawValue).flatMap(Double.init) { rules.minimumTrainingHours = v }
        if let v = try settings.value(Key.coolingOffDays.rawValue).flatMap(Int.init) { rules.coolingOffDays = v }
        if let v = try settings.value(Key.yearlyServiceLimit.rawValue).flatMap(Int.init) { rules.yearlyServiceLimit = v }
        return rules
    }
}
