
/// A mediation agreement (调解协议).
public struct Agreement: Hashable, Sendable, Codable {
    public var parties: [String]
    public var facts: String?
    public var terms: String
    /// How, where and by when it is performed (履行方式、地点、期限).
    public var performance: String?
    public var deadline: String?
}
