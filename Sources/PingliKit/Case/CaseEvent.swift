/// What the office learnt of a case when it came in (签收).
public struct CaseDetails: Sendable, Codable, Equatable {
    public var ref: String
    public var title: String
    public var category: String
    public var source: CaseSource
    public var referringUnit: String?
    public var parties: [CaseParty]
    public var summary: String?
    public var receivedOn: Day
    /// 受理期限: the day by which the office accepts or refuses.
    public var acceptBy: Day
    /// 办结时限: the referral's own, else the category's default from `receivedOn`.
    public var due: Day
    /// True when a deadline runs through a year with no published holiday arrangement.
    public var deadlineAssumed: Bool

    public init(ref: String, title: String, category: String, source: CaseSource, referringUnit: String?, parties: [CaseParty],
                summary: String?, receivedOn: Day, acceptBy: Day, due: Day, deadlineAssumed: Bool) {
        self.ref = ref; self.title = title; self.category = category; self.source = source
        self.referringUnit = referringUnit; self.parties = parties; self.summary = summary
        self.receivedOn = receivedOn; self.acceptBy = acceptBy; self.due = due; self.deadlineAssumed = deadlineAssumed
    }

    enum CodingKeys: String, CodingKey {
        case ref, title, category, source, parties, summary, due
        case referringUnit = "referring_unit", receivedOn = "received_on", acceptBy = "accept_by", deadlineAssumed = "deadline_assumed"
    }

    /// The same JSON as its `Codable` form (absent optionals left out), built directly: a
    /// referral is received hundreds of times a second, and the encoder round trip was a third of it.
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "ref": .string(ref), "title": .string(title), "category": .string(category), "source": .string(source.rawValue),
            "parties": .array(parties.map { p in
                var q: [String: JSONValue] = ["name": .string(p.name), "role": .string(p.role.rawValue)]
                if let c = p.community { q["community"] = .string(c) }
                if let ph = p.phone { q["phone"] = .string(ph) }
                return .object(q)
            }),
            "received_on": .string(receivedOn.description), "accept_by": .string(acceptBy.description), "due": .string(due.description),
            "deadline_assumed": .bool(deadlineAssumed),
        ]
        if let u = referringUnit { o["referring_unit"] = .string(u) }
        if let s = summary { o["summary"] = .string(s) }
        return .object(o)
    }
}

/// A hearing or instant mediation opened from the case: when and where.
public struct CaseSchedule: Sendable, Codable, Equatable {
    public var hearingID: String
    public var kind: ProcedureKind
    public var date: Day
    public var time: String?
    public var place: String

    public init(hearingID: String, kind: ProcedureKind, date: Day, time: String?, place: String) {
        self.hearingID = hearingID; self.kind = kind; self.date = date; self.time = time; self.place = place
    }

    enum CodingKeys: String, CodingKey { case kind, date, time, place, hearingID = "hearing_id" }
}

/// One follow-up visit (回访).
public struct FollowUp: Sendable, Codable, Equatable {
    public var performance: Performance?
    public var satisfaction: Satisfaction
    public var notes: String?
    /// Who visited or called.
    public var by: String
    public var on: Day

    public init(performance: Performance?, satisfaction: Satisfaction, notes: String?, by: String, on: Day) {
        self.performance = performance; self.satisfaction = satisfaction; self.notes = notes; self.by = by; self.on = on
    }
}

/// Everything that can happen to a case, as appended to its hash-chained log.
public enum CaseEventBody: Sendable, Equatable {
    case received(CaseDetails)
    case accepted(moderator: String)
    case refused(reason: String)
    case extended(amount: Int, unit: DeadlineUnit, reason: String, due: Day)
    case scheduled(CaseSchedule)
    case outcome(kind: CaseOutcomeKind, reason: String, hearingID: String?)
    case followedUp(FollowUp)
    case closed(note: String?)
    /// A second round (二次办理): the case is handled again, with a new handling deadline.
    case reopened(reason: String, due: Day)

    public var type: String {
        switch self {
        case .received: return "received"
        case .accepted: return "accepted"
        case .refused: return "refused"
        case .extended: return "extended"
        case .scheduled: return "scheduled"
        case .outcome: return "outcome"
        case .followedUp: return "followed-up"
        case .closed: return "closed"
        case .reopened: return "reopened"
        }
    }

    /// The payload as JSON. Keys are snake_case and stable: they are hashed into the chain.
    public var payload: JSONValue {
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        func j<T: Encodable>(_ v: T) -> JSONValue { (try? JSONValue.from(v)) ?? .null }
        switch self {
        case let .received(d): return .object(["case": d.json])
        case let .accepted(m): return .object(["moderator": .string(m)])
        case let .refused(r): return .object(["reason": .string(r)])
        case let .extended(amount, unit, reason, due):
            return .object(["amount": .int(Int64(amount)), "unit": .string(unit.rawValue), "reason": .string(reason), "due": .string(due.description)])
        case let .scheduled(sc): return .object(["schedule": j(sc)])
        case let .outcome(kind, reason, hearing): return .object(["kind": .string(kind.rawValue), "reason": .string(reason), "hearing_id": s(hearing)])
        case let .followedUp(f): return .object(["follow_up": j(f)])
        case let .closed(note): return .object(["note": s(note)])
        case let .reopened(reason, due): return .object(["reason": .string(reason), "due": .string(due.description)])
        }
    }

    /// Reads a stored event back.
    public init(type: String, payload: JSONValue) throws {
        guard case let .object(o) = payload else { throw CaseError.invalid(Message("case.case-event-payload-not", type)) }
        func s(_ k: String) throws -> String {
            guard case let .string(v)? = o[k] else { throw CaseError.invalid(Message("case.case-event-missing", type, k)) }
            return v
        }
        func os(_ k: String) -> String? { if case let .string(v)? = o[k] { return v }; return nil }
        func day(_ k: String) throws -> Day {
            guard let d = Day(try s(k)) else { throw CaseError.invalid(Message("case.case-event-not-date", type, k)) }
            return d
        }
        func decode<T: Decodable>(_ k: String, _ t: T.Type) throws -> T {
            guard let v = o[k] else { throw CaseError.invalid(Message("case.case-event-missing", type, k)) }
            return try v.decode(T.self)
        }
        switch type {
        case "received": self = .received(try decode("case", CaseDetails.self))
        case "accepted": self = .accepted(moderator: try s("moderator"))
        case "refused": self = .refused(reason: try s("reason"))
        case "extended":
            guard case let .int(n)? = o["amount"], let unit = DeadlineUnit(rawValue: try s("unit")) else {
                throw CaseError.invalid(Message("case.case-event-extended-amount"))
            }
            self = .extended(amount: Int(n), unit: unit, reason: try s("reason"), due: try day("due"))
        case "scheduled": self = .scheduled(try decode("schedule", CaseSchedule.self))
        case "outcome":
            guard let kind = CaseOutcomeKind(rawValue: try s("kind")) else { throw CaseError.invalid(Message("case.case-event-outcome-unknown")) }
            self = .outcome(kind: kind, reason: try s("reason"), hearingID: os("hearing_id"))
        case "followed-up": self = .followedUp(try decode("follow_up", FollowUp.self))
        case "closed": self = .closed(note: os("note"))
        case "reopened": self = .reopened(reason: try s("reason"), due: try day("due"))
        default: throw CaseError.invalid(Message("case.unknown-case-event-type", type))
        }
    }
}

/// A case event with its place in the chain.
public struct CaseEvent: Sendable, Equatable {
    public var seq: Int
    public var at: String
    public var operatorName: String
    public var body: CaseEventBody
    public var hash: String
    /// The event as stored (its payload's canonical text, as hashed).
    public var stored: StoredEvent

    public init(_ stored: StoredEvent) throws {
        self.init(stored, body: try CaseEventBody(type: stored.type, payload: try JSONValue.parse(stored.payload)))
    }

    public init(_ stored: StoredEvent, body: CaseEventBody) {
        seq = stored.seq; at = stored.at; operatorName = stored.operatorName; self.body = body; hash = stored.hash
        self.stored = stored
    }
}
