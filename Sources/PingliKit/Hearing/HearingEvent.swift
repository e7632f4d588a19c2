/// An event of a hearing's log with its body decoded: the one shape the reducer, the
/// transcript and the console work with. ``StoredEvent`` is the same event as stored.
public struct HearingEvent: Sendable, Equatable {
    public var seq: Int
    public var at: String
    public var operatorName: String
    public var body: EventBody
    public var prevHash: String
    public var hash: String

    public init(seq: Int, at: String, operatorName: String, body: EventBody, prevHash: String, hash: String) {
        self.seq = seq
        self.at = at
        self.operatorName = operatorName
        self.body = body
        self.prevHash = prevHash
        self.hash = hash
    }

    /// Decodes a stored event's body (it does not check the chain).
    public init(_ stored: StoredEvent) throws {
        self.init(seq: stored.seq, at: stored.at, operatorName: stored.operatorName,
                  body: try EventBody(type: stored.type, payload: try JSONValue.parse(stored.payload)),
                  prevHash: stored.prevHash, hash: stored.hash)
    }

    /// `body` as stored, once chained (``StoredEvent/chained(hearingID:seq:at:operatorName:body:after:)``).
    init(_ stored: StoredEvent, body: EventBody) {
        self.init(seq: stored.seq, at: stored.at, operatorName: stored.operatorName, body: body,
                  prevHash: stored.prevHash, hash: stored.hash)
    }
}
