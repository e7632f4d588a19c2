
/// A mediation agreement (调解协议).
public struct Agreement: Hashable, Sendable, Codable {
    public var parties: [String]
    public var facts: String?
    public var terms: String
    /// How it is performed (履行方式).
    public var performance: String?
    public var deadline: String?
    /// Each party's responsibility (各方责任), for the 人民调解协议书.
    public var responsibility: String?
    /// Where it is performed (履行地点).
    public var place: String?

    public init(parties: [String], facts: String?, terms: String, performance: String?, deadline: String?,
                responsibility: String? = nil, place: String? = nil) {
        self.parties = parties; self.facts = facts; self.terms = terms; self.performance = performance
        self.deadline = deadline; self.responsibility = responsibility; self.place = place
    }

    /// What the 人民调解协议书 needs and this agreement lacks, as the console's option names.
    public var missingForDocument: [String] {
        [("facts", facts), ("responsibility", responsibility), ("performance", performance), ("place", place), ("deadline", deadline)]
            .filter { $0.1?.trimmed.isEmpty ?? true }.map(\.0)
    }
}
