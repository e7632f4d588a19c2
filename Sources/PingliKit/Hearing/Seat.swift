/// A seat on the panel and who holds it.
public struct Seat: Sendable, Hashable, Codable {
    public var number: Int
    public var representative: String
}
