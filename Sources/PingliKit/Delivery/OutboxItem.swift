/// One outcome or case status waiting for (or done with) delivery.
public struct OutboxItem: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, delivered, dead }
    public var id: Int64
    public var eventID: String
    /// The hearing whose outcome this is; nil for a case status (accepted, followed up, …).
    public var hearingID: String?
    public var caseRef: String
    public var caseSequence: Int
    public var type: String
    public var body: String
    public var recordHash: String
    public var createdAt: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: String
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: String?

    public init(id: Int64, eventID: String, hearingID: String?, caseRef: String, caseSequence: Int, type: String, body: String,
                recordHash: String, createdAt: String, status: Status, attempts: Int, nextAttemptAt: String,
                lastStatus: Int? = nil, lastError: String? = nil, deliveredAt: String? = nil) {
        self.id = id; self.eventID = eventID; self.hearingID = hearingID; self.caseRef = caseRef
        self.caseSequence = caseSequence; self.type = type; self.body = body; self.recordHash = recordHash
        self.createdAt = createdAt; self.status = status; self.attempts = attempts; self.nextAttemptAt = nextAttemptAt
        self.lastStatus = lastStatus; self.lastError = lastError; self.deliveredAt = deliveredAt
    }
}

/// One attempt as kept in the delivery log (no secret, no personal data beyond the outcome's).
public struct DeliveryLogEntry: Sendable {
    public var at: String
    public var url: String
    public var httpStatus: Int?
    public var error: String?
    public var response: String?
    public var durationMS: Int
}

/// One attempt's result and what the retry policy made of it, as the outbox records it.
public struct DeliveryAttempt: Sendable {
    public var item: OutboxItem
    public var result: AttemptResult
    public var durationMS: Int
    public var decision: RetryPolicy.Decision
}
