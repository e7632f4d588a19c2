/// A piece of evidence's attached file: identified by content, not path.
public struct EvidenceFile: Hashable, Sendable, Codable {
    public var name: String
    public var sha256: String
    public var size: Int64

    public init(name: String, sha256: String, size: Int64) {
        self.name = name
        self.sha256 = sha256
        self.size = size
    }
}

/// A mediation agreement (调解协议).
public struct Agreement: Hashable, Sendable, Codable {
    public var parties: [String]
    public var facts: String?
    public var terms: String
    /// How, where and by when it is performed (履行方式、地点、期限).
    public var performance: String?
    public var deadline: String?
}
