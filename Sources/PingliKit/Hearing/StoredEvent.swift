/// One event as the log stores it: its place in the chain, its type and its payload as
/// canonical JSON text. Read back from a database or a transcript it is untrusted until
/// ``HashChain/verify(hearingID:rows:sealedHash:)`` has checked it; ``HearingEvent`` is the
/// same event with its body decoded.
public struct StoredEvent: Sendable, Hashable, Codable {
    public var seq: Int
    public var at: String
    public var operatorName: String
    public var type: String
    /// The payload's canonical JSON text (``JSONValue/canonical``), exactly as hashed.
    public var payload: String
    public var prevHash: String
    public var hash: String

    public init(seq: Int, at: String, operatorName: String, type: String, payload: String, prevHash: String, hash: String) {
        self.seq = seq; self.at = at; self.operatorName = operatorName; self.type = type
        self.payload = payload; self.prevHash = prevHash; self.hash = hash
    }

    /// Chains `body` after `previous`: the payload's canonical text is built once and used both
    /// for the hash and for storage.
    public static func chained(hearingID: String, seq: Int, at: String, operatorName: String, body: EventBody,
                               after previous: String) -> StoredEvent {
        chained(.hearing, id: hearingID, seq: seq, at: at, operatorName: operatorName, type: body.type, payload: body.payload, after: previous)
    }

    /// Chains an event of any log (a hearing's or a case's) after `previous`.
    public static func chained(_ subject: HashChain.Subject, id: String, seq: Int, at: String, operatorName: String,
                               type: String, payload: JSONValue, after previous: String) -> StoredEvent {
        let payloadText = payload.canonical
        let hash = HashChain.hash(previous: previous, hearingID: id, seq: seq, at: at, operatorName: operatorName,
                                  type: type, payloadText: payloadText, subject: subject)
        return StoredEvent(seq: seq, at: at, operatorName: operatorName, type: type, payload: payloadText,
                           prevHash: previous, hash: hash)
    }

    // In a transcript the payload is JSON, not a string holding JSON.
    enum CodingKeys: String, CodingKey {
        case seq, at, type, payload, hash
        case operatorName = "operator"
        case prevHash = "prev_hash"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(Int.self, forKey: .seq)
        at = try c.decode(String.self, forKey: .at)
        operatorName = try c.decode(String.self, forKey: .operatorName)
        type = try c.decode(String.self, forKey: .type)
        payload = try c.decode(JSONValue.self, forKey: .payload).canonical
        prevHash = try c.decode(String.self, forKey: .prevHash)
        hash = try c.decode(String.self, forKey: .hash)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(at, forKey: .at)
        try c.encode(operatorName, forKey: .operatorName)
        try c.encode(type, forKey: .type)
        try c.encode((try? JSONValue.parse(payload)) ?? .string(payload), forKey: .payload)
        try c.encode(prevHash, forKey: .prevHash)
        try c.encode(hash, forKey: .hash)
    }
}
