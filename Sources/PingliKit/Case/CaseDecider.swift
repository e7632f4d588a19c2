/// A command on a case, as the office gives it.
public enum CaseCommand: Sendable, Equatable {
    case accept(moderator: String)
    case refuse(reason: String)
    case extend(amount: Int, unit: DeadlineUnit, reason: String)
    /// Opens `hearingID` from the case (the hearing's own opening is decided by ``HearingDecider``).
    case schedule(CaseSchedule)
    /// Withdrawn (撤回) or terminated (终止) by the office; other outcomes come from the hearing.
    case end(CaseOutcomeKind, reason: String)
    case followUp(FollowUp)
    case close(note: String?)
    case reopen(reason: String)

    public var name: String {
        switch self {
        case .accept: return "accept"
        case .refuse: return "refuse"
        case .extend: return "extend"
        case .schedule: return "schedule"
        case .end(let k, _): return k == .withdrawn ? "withdraw" : "terminate"
        case .followUp: return "followup"
        case .close: return "close"
        case .reopen: return "reopen"
        }
    }
}

/// What a case command records and what must follow it: the status events the case system
/// (台账) receives, queued in the same transaction.
public struct CaseDecision: Sendable, Equatable {
    public var ref: String
    /// True for the first event of a new case.
    public var opens: Bool
    public var events: [CaseEventBody]
    /// CloudEvents types to queue for the case system, one per event that has one.
    public var notify: [String]
}

/// Everything the decider needs from outside the case's own log.
public struct CaseFacts: Sendable {
    public var today: Day
    public var calendar: WorkCalendar
    public var rules: CaseRules

    public init(today: Day, calendar: WorkCalendar, rules: CaseRules) {
        self.today = today
        self.calendar = calendar
        self.rules = rules
    }
}

/// Every case rule, as pure functions of the case's state and ``CaseFacts``. A refused command
/// throws ``CaseError`` and records nothing.
public enum CaseDecider {
    /// A new case (签收). `due` is the referral's own 办结时限, else the category's default.
    public static func receive(ref: String, title: String, category: String, source: CaseSource, referringUnit: String?,
                               parties: [CaseParty], summary: String?, due: Day?, facts: CaseFacts) throws -> CaseDecision {
        try receive(NewCase(ref: ref, title: title, category: category, source: source, referringUnit: referringUnit, parties: parties,
                            summary: summary, due: due), facts: facts)
    }

    /// A new case (签收): checked, with its acceptance deadline and its 办结时限.
    public static func receive(_ new: NewCase, facts: CaseFacts) throws -> CaseDecision {
        let (category, parties, due) = (new.category, new.parties, new.due)
        let ref = new.ref.trimmed
        guard !ref.isEmpty, ref.count <= 64, !ref.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw CaseError.badDetail(field: "case_ref", message: Message("case.bad-ref", ref))
        }
        let title = new.title.trimmed
        guard !title.isEmpty else { throw CaseError.badDetail(field: "title", message: Message("case.title-empty")) }
        guard let rule = facts.rules.rule(for: category.trimmed) else {
            throw CaseError.badDetail(field: "category", message: Message("case.unknown-category", category, Catalogue.list(facts.rules.categories)))
        }
        guard !parties.isEmpty else { throw CaseError.badDetail(field: "parties", message: Message("case.no-party")) }
        for (i, p) in parties.enumerated() where p.name.trimmed.isEmpty {
            throw CaseError.badDetail(field: "parties", message: Message("case.party-no-name", i + 1))
        }
        guard parties.contains(where: { $0.role == .applicant }) else {
            throw CaseError.badDetail(field: "parties", message: Message("case.no-applicant"))
        }
        if let due, due < facts.today {
            throw CaseError.badDetail(field: "due", message: Message("case.due-past", due, facts.today))
        }
        let accept = facts.calendar.deadline(from: facts.today, rule.accept, rule.acceptUnit)
        let handle = facts.calendar.deadline(from: facts.today, rule.handle, rule.handleUnit)
        let details = CaseDetails(ref: ref, title: title, category: rule.category, source: new.source,
                                  referringUnit: new.referringUnit?.trimmed.nilIfEmpty, parties: parties, summary: new.summary?.trimmed.nilIfEmpty,
                                  receivedOn: facts.today, acceptBy: accept.day, due: due ?? handle.day,
                                  deadlineAssumed: accept.assumed || (due == nil && handle.assumed))
        return CaseDecision(ref: ref, opens: true, events: [.received(details)], notify: [])
    }

    /// Decides `command` on case `s`.
    public static func decide(_ s: CaseState, _ command: CaseCommand, facts: CaseFacts) throws -> CaseDecision {
        func refuse(_ allowed: Message) -> CaseError { .notNow(command: command.name, status: s.status, allowed: allowed) }
        func reason(_ r: String, _ what: Message) throws -> String {
            let t = r.trimmed
            guard !t.isEmpty else { throw CaseError.invalid(Message("case.needs-reason-reason", what)) }
            return t
        }
        var events: [CaseEventBody] = []
        var notify: [String] = []
        switch command {
        case let .accept(moderator):
            guard s.status == .received else { throw refuse(Message("case.only-received-case-can")) }
            let m = moderator.trimmed
            guard !m.isEmpty else { throw CaseError.invalid(Message("case.name-responsible-moderator-moderator")) }
            events = [.accepted(moderator: m)]
            notify = ["pingli.case.accepted"]
        case let .refuse(r):
            guard s.status == .received else { throw refuse(Message("case.only-received-case-can-2")) }
            events = [.refused(reason: try reason(r, Message("case.what-refusal")))]
            notify = ["pingli.case.refused"]
        case let .extend(amount, unit, r):
            guard !s.status.isFinished, s.status != .received else { throw refuse(Message("case.case-extended-after-accepted")) }
            guard (1...365).contains(amount) else { throw CaseError.invalid(Message("case.extension-days-not", amount)) }
            guard let due = s.due else { throw CaseError.invalid(Message("case.case-has-no-deadline")) }
            let new = facts.calendar.deadline(from: due, amount, unit)
            events = [.extended(amount: amount, unit: unit, reason: try reason(r, Message("case.what-extension")), due: new.day)]
            notify = ["pingli.case.extended"]
        case let .schedule(sc):
            guard s.status == .accepted else {
                throw refuse(s.status == .scheduled ? Message("case.already-waits-on", s.currentHearing ?? "?")
                                                    : Message("case.accept-first"))
            }
            guard sc.date >= facts.today else { throw CaseError.invalid(Message("case.date-has-passed-today", sc.date, facts.today)) }
            guard !sc.place.trimmed.isEmpty else { throw CaseError.invalid(Message("case.say-where-place")) }
            if let t = sc.time, !isTime(t) { throw CaseError.invalid(Message("case.time-not-hh-mm", t)) }
            events = [.scheduled(sc)]
            notify = ["pingli.hearing.scheduled"]
        case let .end(kind, r):
            guard kind == .withdrawn || kind == .terminated else {
                throw CaseError.invalid(Message("case.recorded-hearing-itself-when", kind.label))
            }
            guard [.received, .accepted, .scheduled].contains(s.status) else {
                throw refuse(Message("case.case-withdrawn-terminated-before"))
            }
            events = [.outcome(kind: kind, reason: try reason(r, Message(kind == .withdrawn ? "case.what-withdrawal" : "case.what-termination")),
                               hearingID: s.currentHearing)]
            notify = [kind == .withdrawn ? "pingli.case.withdrawn" : "pingli.case.terminated"]
        case let .followUp(f):
            guard s.status == .outcome || s.status == .followedUp else { throw refuse(Message("case.follow-up-comes-after")) }
            if let o = s.outcome, o.kind == .agreement || o.kind == .verdict, f.performance == nil {
                throw CaseError.invalid(Message("case.say-whether-was-carried", o.kind.label))
            }
            guard f.on <= facts.today else { throw CaseError.invalid(Message("case.follow-up-date-future", f.on)) }
            events = [.followedUp(f)]
            notify = ["pingli.case.followed-up"]
        case let .close(note):
            let ended = s.outcome.map { $0.kind == .withdrawn || $0.kind == .terminated } ?? false
            guard s.status == .followedUp || (s.status == .outcome && ended) else {
                throw refuse(s.status == .outcome ? Message("case.follow-up-first") : Message("case.closed-after-outcome"))
            }
            events = [.closed(note: note?.trimmed.nilIfEmpty)]
            notify = ["pingli.case.closed"]
        case let .reopen(r):
            guard s.status == .followedUp || s.status == .closed,
                  let o = s.outcome, o.kind != .withdrawn, o.kind != .terminated else {
                throw refuse(Message("case.second-round-follows-outcome"))
            }
            let rule = facts.rules.rule(for: s.details?.category ?? "") ?? CaseRules.standard.rules[0]
            let due = facts.calendar.deadline(from: facts.today, rule.handle, rule.handleUnit).day
            events = [.reopened(reason: try reason(r, Message("case.what-second-round")), due: due)]
            notify = ["pingli.case.reopened"]
        }
        return CaseDecision(ref: s.ref, opens: false, events: events, notify: notify)
    }

    /// What the case records when one of its hearings closes: the outcome (an escalated
    /// mediation records nothing, the hearing it opened goes on). Delivered already as the
    /// hearing's own outcome, so nothing more is queued.
    public static func hearingClosed(_ s: CaseState, hearing h: HearingState) -> CaseDecision? {
        guard s.status == .scheduled, s.currentHearing == h.id || s.schedules.contains(where: { $0.hearingID == h.escalatedFrom }),
              h.escalatedTo == nil, h.withdrawal == nil else { return nil }
        let kind: CaseOutcomeKind
        let text: String
        if let a = h.agreement {
            kind = .agreement; text = a.terms
        } else if let v = h.verdict {
            kind = .verdict; text = v
        } else {
            kind = .mediationFailed; text = "调解未达成协议"
        }
        return CaseDecision(ref: s.ref, opens: false, events: [.outcome(kind: kind, reason: text, hearingID: h.id)], notify: [])
    }

    static func isTime(_ t: String) -> Bool {
        let p = t.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), p[1].count == 2 else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
