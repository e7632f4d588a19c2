/// A case as its events make it: the reducer ``apply(_:)`` is the only way it changes.
public struct CaseState: Sendable, Equatable {
    public var ref: String
    public var details: CaseDetails?
    public var status: CaseStatus = .received
    public var moderator: String?
    /// The handling deadline now (after extensions, or the second round's).
    public var due: Day?
    public var extensions: [(amount: Int, unit: DeadlineUnit, reason: String)] = []
    public var refusal: String?
    public var schedules: [CaseSchedule] = []
    public var outcome: (kind: CaseOutcomeKind, reason: String, hearingID: String?)?
    public var followUps: [FollowUp] = []
    /// 1, or 2 and more after 二次办理.
    public var round = 1
    public var reopenReasons: [String] = []
    public var lastSeq = 0
    public var headHash: String
    public var closedOn: String?

    public init(ref: String) {
        self.ref = ref
        headHash = HashChain.genesis(ref, subject: .case)
    }

    public static func == (a: CaseState, b: CaseState) -> Bool {
        a.ref == b.ref && a.lastSeq == b.lastSeq && a.headHash == b.headHash
    }

    /// The hearing the case is waiting on, if any.
    public var currentHearing: String? { status == .scheduled ? schedules.last?.hearingID : nil }

    public mutating func apply(_ event: CaseEvent) {
        lastSeq = event.seq
        headHash = event.hash
        switch event.body {
        case let .received(d):
            details = d
            due = d.due
            status = .received
        case let .accepted(m):
            moderator = m
            status = .accepted
        case let .refused(r):
            refusal = r
            status = .refused
        case let .extended(amount, unit, reason, newDue):
            extensions.append((amount, unit, reason))
            due = newDue
        case let .scheduled(s):
            schedules.append(s)
            status = .scheduled
        case let .outcome(kind, reason, hearing):
            outcome = (kind, reason, hearing)
            status = .outcome
        case let .followedUp(f):
            followUps.append(f)
            status = .followedUp
        case .closed:
            closedOn = event.at
            status = .closed
        case let .reopened(reason, newDue):
            reopenReasons.append(reason)
            round += 1
            due = newDue
            outcome = nil
            status = .accepted
        }
    }

    public static func replay(ref: String, _ events: [CaseEvent]) -> CaseState {
        var s = CaseState(ref: ref)
        for e in events { s.apply(e) }
        return s
    }

    /// Days left until the handling deadline (negative: overdue); nil when finished.
    public func daysLeft(today: Day) -> Int? {
        guard !status.isFinished, let due else { return nil }
        return today.days(until: due)
    }

    /// The deadline that matters now: accepting while received, else handling.
    public var nextDeadline: Day? {
        if status == .received { return details?.acceptBy }
        return status.isFinished ? nil : due
    }

    public func isOverdue(today: Day) -> Bool { CaseSummary.isOverdue(nextDeadline, today: today) }

    /// Due today, or within `days` days, and not overdue.
    public func isDueSoon(today: Day, within days: Int = 2) -> Bool { CaseSummary.isDueSoon(nextDeadline, today: today, within: days) }
}

extension CaseState {
    /// Chains `bodies` after the case's head (its own subject), folds them in, and returns the
    /// events a store appends in this order.
    public mutating func record(_ bodies: [CaseEventBody], context: OperationContext) -> [CaseEvent] {
        bodies.map { body in
            let stored = StoredEvent.chained(.case, id: ref, seq: lastSeq + 1, at: context.timestamp, operatorName: context.operatorName,
                                             type: body.type, payload: body.payload, after: headHash)
            let event = CaseEvent(stored, body: body)
            apply(event)
            return event
        }
    }
}
