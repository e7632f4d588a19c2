/// What the decider returns for one command: the events to append (to one hearing, or to a
/// hearing and the one it opens) and the effects that must follow them in the same
/// transaction. A store appends and applies a decision; it never changes one.
public struct HearingDecision: Sendable, Equatable {
    /// Events for one hearing's log, in order. `opens` says the hearing is new: its first
    /// event is ``EventBody/opened(caseRef:kind:spec:place:rehearingOf:escalatedFrom:excludedPanel:)``.
    public struct Append: Sendable, Equatable {
        public var hearingID: String
        public var opens: Bool
        public var events: [EventBody]
    }

    /// Appends in the order they are made; the first is the hearing the command was about.
    public var appends: [Append]
    public var effects: [HearingEffect]

    public init(appends: [Append], effects: [HearingEffect] = []) {
        self.appends = appends
        self.effects = effects
    }

    /// Events for hearing `id` and nothing else.
    public init(_ id: String, _ events: [EventBody], effects: [HearingEffect] = []) {
        self.init(appends: [Append(hearingID: id, opens: false, events: events)], effects: effects)
    }

    /// The events of the first append (the hearing the command was about).
    public var events: [EventBody] { appends.first?.events ?? [] }
}

/// What follows a hearing's events outside its own log, in the same transaction.
public enum HearingEffect: Sendable, Equatable {
    /// The record just closed is an outcome the case system must receive: queue it.
    case queueOutcome(hearingID: String)
    /// A representative served on a panel (it counts for cooling-off and the yearly limit).
    case recordService(representative: String, hearingID: String, date: Day, role: String)
    /// An entry in the representative's history (who, when and why is the operation's).
    case addPoolHistory(representative: String, action: String, changes: [FieldChange], reason: String)
}

/// What the decider needs to know beyond the hearing's own log, gathered before it runs.
public struct HearingFacts: Sendable {
    /// The day the command is given (service is recorded on it).
    public var today: Day
    /// The pool status of each representative the command names (absent: not in the pool).
    public var representatives: [String: RepresentativeStatus]
    /// For confirming a panel: each seated representative's service in every office as it is
    /// now, and the office's rules. nil: not checked (a command that seats nobody).
    public var service: [String: [ServiceRecord]]?
    public var rules: EligibilityRules

    public init(today: Day, representatives: [String: RepresentativeStatus] = [:], service: [String: [ServiceRecord]]? = nil,
                rules: EligibilityRules = EligibilityRules()) {
        self.today = today
        self.representatives = representatives
        self.service = service
        self.rules = rules
    }

    /// The representatives whose status `command` depends on.
    public static func representativesNamed(by command: HearingCommand) -> [String] {
        switch command {
        case let .name(ids): return ids
        case let .addParty(p): return p.representative.map { [$0] } ?? []
        default: return []
        }
    }
}
