/// A quota that cannot be met, and the smallest change that would make the panel possible.
public struct QuotaRelaxation: Sendable, Equatable, Codable {
    public var quota: String
    public var current: String
    public var proposed: String
    /// The quota row as attribute and value, and the bound it changes to (to apply it to a spec).
    public var attribute: QuotaAttribute?
    public var value: String?
    public var newMin: Int?
    public var newMax: Int?

    public init(quota: String, current: String, proposed: String, attribute: QuotaAttribute? = nil, value: String? = nil,
                newMin: Int? = nil, newMax: Int? = nil) {
        self.quota = quota; self.current = current; self.proposed = proposed
        self.attribute = attribute; self.value = value; self.newMin = newMin; self.newMax = newMax
    }
}

/// Why a draw could not be made or checked.
public enum DrawError: Error, CustomStringConvertible, Sendable, Equatable {
    case notEnoughEligible(have: Int, need: Int)
    case quotasInfeasible([QuotaRelaxation])
    case unknownCategory(spec: String, category: String)
    case recordInvalid(String)
    case verificationFailed([String])

    public var description: String {
        switch self {
        case let .notEnoughEligible(have, need):
            return Message("draw.not-enough-eligible", have, need).description
        case let .quotasInfeasible(list):
            let lines = list.map { "  \($0.quota): \($0.current) → \($0.proposed)" }.joined(separator: "\n")
            return Message("draw.quotas-infeasible", lines).description
        case let .unknownCategory(spec, category):
            return Message("draw.unknown-category", spec, category).description
        case let .recordInvalid(m): return Message("draw.record-invalid", m).description
        case let .verificationFailed(problems):
            return Message("draw.does-not-verify", problems.map { "  - \($0)" }.joined(separator: "\n")).description
        }
    }
}
