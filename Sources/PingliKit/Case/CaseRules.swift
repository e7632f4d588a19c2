/// The office's case categories and their default deadlines: how long it has to accept a
/// case (受理) and to finish it (办结时限), in days or working days.
///
/// Text form, one category a line (`#` starts a comment):
///
/// ```
/// 邻里纠纷 = accept 3 working-days, handle 30 days
/// 信访转办 = accept 15 days, handle 60 days
/// ```
///
/// A referral may carry its own due date (the 台账's 办结时限); it wins over the default.
public struct CaseRules: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var category: String
        public var accept: Int
        public var acceptUnit: DeadlineUnit
        public var handle: Int
        public var handleUnit: DeadlineUnit

        public init(category: String, accept: Int, acceptUnit: DeadlineUnit, handle: Int, handleUnit: DeadlineUnit) {
            self.category = category
            self.accept = accept
            self.acceptUnit = acceptUnit
            self.handle = handle
            self.handleUnit = handleUnit
        }
    }

    /// In the order the file gives them (lists and completion follow it).
    public var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    public static let defaultCategories = ["邻里纠纷", "婚姻家庭", "物业纠纷", "土地承包", "劳务纠纷", "其他"]

    /// Accept within 3 working days, finish within 30 days, for each of the six usual categories.
    public static var standard: CaseRules {
        CaseRules(rules: defaultCategories.map { Rule(category: $0, accept: 3, acceptUnit: .workingDays, handle: 30, handleUnit: .days) })
    }

    public var categories: [String] { rules.map(\.category) }

    public func rule(for category: String) -> Rule? { rules.first { $0.category == category } }

    public struct ParseError: Error, CustomStringConvertible, Equatable, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func parse(_ text: String) throws -> CaseRules {
        var rules: [Rule] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = index + 1
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmed
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ParseError(line: n, message: "'\(line)' is not CATEGORY = accept N UNIT, handle N UNIT")
            }
            guard !rules.contains(where: { $0.category == parts[0] }) else {
                throw ParseError(line: n, message: "category \(parts[0]) is given twice")
            }
            var accept: (Int, DeadlineUnit)?
            var handle: (Int, DeadlineUnit)?
            for clause in parts[1].split(separator: ",").map({ $0.split(separator: " ").map(String.init) }) {
                guard clause.count == 3, let amount = Int(clause[1]), (1...3650).contains(amount),
                      let unit = DeadlineUnit(rawValue: clause[2]) else {
                    throw ParseError(line: n, message: "'\(clause.joined(separator: " "))' is not 'accept|handle N days|working-days'")
                }
                switch clause[0] {
                case "accept": accept = (amount, unit)
                case "handle": handle = (amount, unit)
                default: throw ParseError(line: n, message: "'\(clause[0])' is neither accept nor handle")
                }
            }
            guard let accept, let handle else {
                throw ParseError(line: n, message: "\(parts[0]) needs both an accept and a handle deadline")
            }
            rules.append(Rule(category: parts[0], accept: accept.0, acceptUnit: accept.1, handle: handle.0, handleUnit: handle.1))
        }
        guard !rules.isEmpty else { throw ParseError(line: 1, message: "no categories in the file") }
        return CaseRules(rules: rules)
    }

    public var text: String {
        rules.map { "\($0.category) = accept \($0.accept) \($0.acceptUnit.rawValue), handle \($0.handle) \($0.handleUnit.rawValue)" }
            .joined(separator: "\n") + "\n"
    }
}
