@testable import PingliKit

extension HearingState {
    /// Folds the first append of `decision` into this state as a store would: each event
    /// chained after the head, then applied. Returns the events recorded.
    @discardableResult
    mutating func record(_ decision: HearingDecision, at: String = "2026-11-21T01:00:00.000Z", operatorName: String = "测试员") -> [HearingEvent] {
        var recorded: [HearingEvent] = []
        for body in decision.events {
            let stored = StoredEvent.chained(hearingID: id, seq: lastSeq + 1, at: at, operatorName: operatorName, body: body, after: headHash)
            let event = HearingEvent(stored, body: body)
            apply(event)
            recorded.append(event)
        }
        return recorded
    }
}
