/// The complete record as JSON: every event with its hashes, re-verifiable offline.
public struct TranscriptDocument: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case format, version, kind, stage, events
        case hearingID = "hearing_id"
        case caseRef = "case_ref"
        case sealedHash = "sealed_hash"
    }

    public var format = "pingli-transcript"
    public var version = 1
    public var hearingID: String
    public var caseRef: String
    public var kind: String
    public var stage: String
    public var sealedHash: String?
    public var events: [StoredEvent]

    public init(state: HearingState, events: [HearingEvent]) {
        hearingID = state.id
        caseRef = state.caseRef
        kind = state.kind.rawValue
        stage = state.stage.rawValue
        sealedHash = state.sealedHash
        self.events = events.map { StoredEvent(seq: $0.seq, at: $0.at, operatorName: $0.operatorName, type: $0.body.type,
                                               payload: $0.body.payload.canonical, prevHash: $0.prevHash, hash: $0.hash) }
    }

}
