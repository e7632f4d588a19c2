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
