/// Decides what a command records: every hearing rule, as a pure function of the hearing's
/// state and the few facts from outside it needs (``HearingFacts``). It returns the events and
/// the effects that follow them (``HearingDecision``); a refused command throws
/// ``HearingError`` and records nothing.
public enum HearingDecider {
    /// Decides `command` on hearing `s`.
    public static func decide(_ s: HearingState, _ command: HearingCommand, facts: HearingFacts) throws -> HearingDecision {
        let events = try events(s, command, facts: facts)
        var effects: [HearingEffect] = []
        for event in events {
            switch event {
            case let .panelConfirmed(members):
                for m in members {
                    effects.append(.recordService(representative: m, hearingID: s.id, date: facts.today, role: "member"))
                    effects.append(.addPoolHistory(representative: m, action: "service",
                                                   changes: [FieldChange(field: "service", old: nil, new: s.id)],
                                                   reason: "\(s.kind.label) \(s.id)"))
                }
            case .closed:
                effects.append(.queueOutcome(hearingID: s.id))
            default:
                break
            }
        }
        return HearingDecision(s.id, events, effects: effects)
    }

    /// Refuses to confirm a panel when a member has, since the draw, been seated elsewhere the
    /// same day, come into a cooling-off period or reached the yearly limit (another office
    /// confirmed first). The moderator replaces them with `absent` and confirms again.
    static func checkStillFree(_ s: HearingState, _ spec: PanelSpec, _ facts: HearingFacts) throws {
        // Named mediators (instant mediation) are chosen on the spot, not drawn: only drawn
        // panels are held to the pool's service limits.
        guard let service = facts.service, s.draw != nil else { return }
        var rules = facts.rules
        if let days = spec.coolingOffDays { rules.coolingOffDays = days }
        let taken = s.seats.compactMap { seat -> String? in
            let reasons = Eligibility.serviceReasons(service[seat.representative] ?? [], on: facts.today, rules: rules, excluding: s.id)
            return reasons.isEmpty ? nil : "\(seat.number)号 \(seat.representative)：" + reasons.map(\.description).joined(separator: "；")
        }
        if !taken.isEmpty { throw HearingError.invalid(Message("hearing.confirm-taken-meanwhile", taken.joined(separator: "，"))) }
    }

    /// Opens hearing `id` (a public hearing, an instant mediation, or a re-hearing of `earlier`,
    /// whose panel is then excluded).
    public static func open(id: String, caseRef: String, kind: ProcedureKind, spec: PanelSpec, place: String?,
                            rehearingOf earlier: HearingState? = nil) throws -> HearingDecision {
        let ref = caseRef.trimmed
        guard !ref.isEmpty, !ref.contains(where: { $0.isNewline }) else { throw HearingError.invalid(Message("hearing.case-reference-empty")) }
        var kind = kind
        var excluded: [String] = []
        if let e = earlier {
            guard e.kind != .instantMediation else { throw HearingError.invalid(Message("hearing.instant-mediation-re-hear", e.id)) }
            guard e.isClosed else { throw HearingError.invalid(Message("hearing.not-closed-re-hearing", e.id)) }
            guard e.caseRef == ref else { throw HearingError.invalid(Message("hearing.about-case-not", e.id, e.caseRef, ref)) }
            kind = .rehearing
            excluded = e.seats.map(\.representative)
        }
        guard spec.kind == kind else {
            throw HearingError.invalid(Message("hearing.spec-not-choose-one", spec.name, spec.kind.rawValue, kind.rawValue))
        }
        let opened = EventBody.opened(caseRef: ref, kind: kind, spec: spec, place: place, rehearingOf: earlier?.id,
                                      escalatedFrom: nil, excludedPanel: excluded)
        return HearingDecision(appends: [.init(hearingID: id, opens: true, events: [opened])])
    }

    /// Escalates instant mediation `s` to a public hearing `newHearingID` of the same case with
    /// the same parties, under `spec`.
    public static func escalate(_ s: HearingState, newHearingID: String, spec: PanelSpec, facts: HearingFacts) throws -> HearingDecision {
        guard spec.kind == .publicHearing else { throw HearingError.invalid(Message("hearing.escalated-case-needs-public", spec.name)) }
        var decision = try decide(s, .escalate(newHearingID: newHearingID), facts: facts)
        let opened = EventBody.opened(caseRef: s.caseRef, kind: .publicHearing, spec: spec, place: s.place,
                                      rehearingOf: nil, escalatedFrom: s.id, excludedPanel: [])
        decision.appends.append(.init(hearingID: newHearingID, opens: true, events: [opened] + s.parties.map(EventBody.partyAdded)))
        return decision
    }

    /// The events `command` records on `s`.
    static func events(_ s: HearingState, _ command: HearingCommand, facts: HearingFacts) throws -> [EventBody] {
        let allowed = s.stage.allowed(kind: s.kind)
        guard allowed.contains(command.kind) else {
            throw HearingError.outOfOrder(command: command.kind, stage: s.stage, allowed: allowed)
        }
        guard let spec = s.spec else { throw HearingError.invalid(Message("hearing.hearing-has-no-opening")) }
        func party(_ label: String) throws -> Party {
            guard let p = s.parties.first(where: { $0.label == label }) else {
                throw HearingError.invalid(Message("hearing.no-party-parties-add", label, s.parties.map(\.label).joined(separator: ", ")))
            }
            return p
        }
        func seat(_ n: Int) throws -> Seat {
            guard let seat = s.seats.first(where: { $0.number == n }) else {
                throw HearingError.invalid(Message("hearing.no-seat-seats", n, s.seats.count))
            }
            return seat
        }
        func text(_ t: String, _ what: String) throws -> String {
            let v = t.trimmed
            guard !v.isEmpty else { throw HearingError.invalid(Message("hearing.empty", what)) }
            return v
        }
        switch command {
        case let .addParty(p):
            guard RepresentativeParser.isValidID(p.label) || p.label.unicodeScalars.count <= 8, !p.label.contains(" ") else {
                throw HearingError.invalid(Message("hearing.party-label-must-short", p.label))
            }
            guard p.label != "moderator", !s.parties.contains(where: { $0.label == p.label }) else {
                throw HearingError.invalid(Message("hearing.party-label-taken", p.label))
            }
            guard s.seedMode == nil else { throw HearingError.invalid(Message("hearing.parties-cannot-added-once")) }
            if let rep = p.representative, facts.representatives[rep] == nil {
                throw HearingError.invalid(Message("hearing.no-representative-pool-give", rep))
            }
            var party = p
            party.name = try text(p.name, "the party's name")
            return [.partyAdded(party)]
        case let .changeSpec(new, reason):
            // Randomness given under the old spec is void (the reducer clears it): choosing a spec
            // after seeing the secrets must not steer the draw, so everyone contributes anew.
            guard new.kind == s.kind else {
                throw HearingError.invalid(Message("hearing.spec-this-choose-spec", new.name, new.kind.rawValue, s.kind.rawValue))
            }
            guard new.sha256 != spec.sha256 || new.name != spec.name else { throw HearingError.invalid(Message("hearing.hearing-already-uses", new.name)) }
            return [.specChanged(spec: new, reason: try text(reason, "the reason"))]
        case let .commit(label, c):
            guard s.seedLabels.contains(label) else { throw HearingError.invalid(Message("hearing.not-party-moderator-contributors", label, s.seedLabels.joined(separator: ", "))) }
            guard s.seedMode != .spoken else { throw HearingError.invalid(Message("hearing.this-draw-uses-spoken")) }
            guard s.secrets.isEmpty else { throw HearingError.invalid(Message("hearing.secrets-already-being-revealed")) }
            guard DrawSeed.isCommitment(c) else { throw HearingError.invalid(.verbatim(SeedError.badCommitment(label: label).description)) }
            guard s.commitments[label] == nil else { throw HearingError.invalid(Message("hearing.has-already-committed", label)) }
            return [.committed(label: label, commitment: c.lowercased())]
        case let .reveal(label, secret):
            guard let c = s.commitments[label] else { throw HearingError.invalid(Message("hearing.has-no-commitment-reveal", label)) }
            let missing = s.seedLabels.filter { s.commitments[$0] == nil }
            guard missing.isEmpty else { throw HearingError.invalid(Message("hearing.reveals-wait-until-everyone", missing.joined(separator: ", "))) }
            guard s.secrets[label] == nil else { throw HearingError.invalid(Message("hearing.has-already-revealed", label)) }
            do { try DrawSeed.verify(secret: secret, commitment: c, label: label) } catch { throw HearingError.invalid(.verbatim("\(error)")) }
            return [.revealed(label: label, secret: secret)]
        case let .seed(label, t):
            guard s.seedLabels.contains(label) else { throw HearingError.invalid(Message("hearing.not-party-moderator-contributors", label, s.seedLabels.joined(separator: ", "))) }
            guard s.seedMode != .commitReveal else { throw HearingError.invalid(Message("hearing.this-draw-uses-commit")) }
            guard s.secrets[label] == nil else { throw HearingError.invalid(Message("hearing.has-already-given-number", label)) }
            return [.spoken(label: label, text: try text(t, "the spoken number"))]
        case let .draw(record):
            try checkReady(s)
            guard record.hearingID == s.id, record.spec.sha256 == spec.sha256 else {
                throw HearingError.invalid(Message("hearing.draw-was-prepared-another"))
            }
            let expected = DrawSeed.compute(hearingID: s.id, poolHash: record.poolHash, specHash: spec.sha256, mode: s.seedMode!,
                                            contributions: contributions(s))
            guard hex(expected) == record.seed.value else { throw HearingError.invalid(Message("hearing.draw-seed-does-not")) }
            return [.panelDrawn(record)]
        case let .drawMore(record):
            guard let current = s.draw, record.panel == current.panel, record.seed == current.seed,
                  record.alternates.starts(with: current.alternates), record.alternates.count > current.alternates.count else {
                throw HearingError.invalid(Message(s.draw == nil ? "hearing.no-drawn-panel-named" : "hearing.no-further-alternates"))
            }
            return [.alternatesExtended(record)]
        case let .name(ids):
            guard s.kind == .instantMediation else { throw HearingError.invalid(Message("hearing.only-instant-mediation-representatives")) }
            guard !ids.isEmpty, Set(ids).count == ids.count else { throw HearingError.invalid(Message("hearing.name-one-more-different")) }
            // Named representatives must be in the pool and serving; conflicts are the moderator's call.
            for rep in ids {
                guard let status = facts.representatives[rep] else { throw HearingError.invalid(Message("hearing.no-representative-pool", rep)) }
                guard status == .active else { throw HearingError.invalid(Message("hearing.not-active-pool", rep, status.rawValue)) }
            }
            return [.representativesNamed(ids)]
        case let .challenge(n, by, reason):
            let current = try seat(n)
            guard by == "moderator" || by == "member" || s.parties.contains(where: { $0.label == by }) else {
                throw HearingError.invalid(Message("hearing.must-party-label-moderator"))
            }
            let reason = try text(reason, "the reason")
            let (extended, rep) = try replacement(s, spec, seat: current)
            return (extended.map { [EventBody.alternatesExtended($0)] } ?? []) + [.challenged(seat: n, by: by, reason: reason, replacedBy: rep)]
        case let .absent(n, reason):
            let current = try seat(n)
            let reason = try text(reason, "the reason")
            let (extended, rep) = try replacement(s, spec, seat: current)
            return (extended.map { [EventBody.alternatesExtended($0)] } ?? []) + [.absent(seat: n, reason: reason, replacedBy: rep)]
        case .confirm:
            try checkStillFree(s, spec, facts)
            return [.panelConfirmed(members: s.seats.map(\.representative))]
        case .start:
            return [.sessionStarted]
        case let .statement(p, t): _ = try party(p); return [.statement(party: p, text: try text(t, "the statement"))]
        case let .evidence(p, title, d, f):
            _ = try party(p)
            return [.evidence(id: "E\(s.evidence.count + 1)", party: p, title: try text(title, "the title"), description: d, file: f)]
        case let .respond(e, p, t):
            _ = try party(p)
            guard let item = s.evidence.first(where: { $0.id.lowercased() == e.lowercased() }) else {
                throw HearingError.invalid(Message("hearing.no-evidence-evidence", e, s.evidence.map(\.id).joined(separator: ", ")))
            }
            return [.response(evidence: item.id, party: p, text: try text(t, "the response"))]
        case let .debate(p, t): _ = try party(p); return [.debate(party: p, text: try text(t, "the debate turn"))]
        case let .question(n, t): _ = try seat(n); return [.question(seat: n, text: try text(t, "the question"))]
        case let .answer(p, t): _ = try party(p); return [.answer(party: p, text: try text(t, "the answer"))]
        case let .note(t): return [.note(text: try text(t, "the note"))]
        case let .adjourn(reason): return [.adjourned(reason: try text(reason, "the reason"))]
        case .resume: return [.resumed]
        case let .vote(n, option, reason):
            _ = try seat(n)
            guard !s.votingClosed else { throw HearingError.invalid(Message("hearing.voting-closed-tally-counts")) }
            guard let o = spec.options.first(where: { $0.key == option || $0.label == option }) else {
                throw HearingError.invalid(Message("hearing.not-ballot-option-options", option, spec.options.map { "\($0.key) (\($0.label))" }.joined(separator: ", ")))
            }
            return [.vote(seat: n, option: o.key, reason: reason.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 })]
        case .closeVoting:
            guard !s.votingClosed else { throw HearingError.invalid(Message("hearing.voting-already-closed")) }
            return [.votingClosed(missing: s.missingVotes)]
        case .tally:
            guard s.missingVotes.isEmpty || s.votingClosed else {
                throw HearingError.invalid(Message("hearing.seats-have-not-voted", s.missingVotes.map(String.init).joined(separator: ", ")))
            }
            return [.tallied(TallyRule.count(votes: s.votes.mapValues(\.option), spec: spec, size: s.seats.count, round: s.round))]
        case let .verdict(t):
            return [.verdict(outcome: s.tally?.outcome, text: try text(t, "the verdict"))]
        case let .agree(terms, performance, deadline, facts, responsibility, place):
            guard s.kind == .instantMediation else { throw HearingError.invalid(Message("hearing.agreements-end-instant-mediations")) }
            return [.agreed(Agreement(parties: s.parties.map(\.label), facts: facts, terms: try text(terms, "the terms"),
                                      performance: performance, deadline: deadline, responsibility: responsibility, place: place))]
        case let .escalate(id):
            guard s.kind == .instantMediation else { throw HearingError.invalid(Message("hearing.only-instant-mediation-escalated")) }
            return [.escalated(to: id)]
        case .readBack:
            return [.readBack]
        case let .sign(p):
            _ = try party(p)
            guard s.readBack else { throw HearingError.invalid(Message("hearing.record-read-back-readback")) }
            guard s.signatures[p] == nil else { throw HearingError.invalid(Message("hearing.has-already-signed-refused", p)) }
            return [.signed(party: p)]
        case let .refuseSign(p, c):
            _ = try party(p)
            guard s.readBack else { throw HearingError.invalid(Message("hearing.record-read-back-readback")) }
            guard s.signatures[p] == nil else { throw HearingError.invalid(Message("hearing.has-already-signed-refused", p)) }
            return [.refusedToSign(party: p, correction: try text(c, "the correction asked for"))]
        case let .correct(seq, t):
            guard seq >= 1, seq <= s.lastSeq else { throw HearingError.invalid(Message("hearing.there-no-event-events", seq, s.lastSeq)) }
            return [.corrected(seq: seq, text: try text(t, "the correction"))]
        case let .withdraw(reason, terminated):
            // Nothing is read back or signed: the parties' statements so far stay in the sealed record.
            let r = try text(reason, terminated ? "the reason for terminating" : "the reason for the withdrawal")
            return [terminated ? .terminated(reason: r) : .withdrawn(reason: r), .closed]
        case .close:
            guard s.readBack else { throw HearingError.invalid(Message("hearing.read-record-back-readback")) }
            let unsigned = s.parties.map(\.label).filter { s.signatures[$0] == nil }
            guard unsigned.isEmpty else {
                throw HearingError.invalid(Message("hearing.waiting-signatures-sign-label", unsigned.joined(separator: ", ")))
            }
            return [.closed]
        }
    }

    /// The seed contributions so far, in the form the draw uses.
    public static func contributions(_ s: HearingState) -> [SeedContribution] {
        s.secrets.keys.sorted().map { SeedContribution(label: $0, commitment: s.commitments[$0], secret: s.secrets[$0]!) }
    }

    /// Throws unless every party and the moderator have contributed.
    public static func checkReady(_ s: HearingState) throws {
        guard s.stage == .setup else {
            throw HearingError.outOfOrder(command: .draw, stage: s.stage, allowed: s.stage.allowed(kind: s.kind))
        }
        guard !s.parties.isEmpty else { throw HearingError.invalid(Message("hearing.add-parties-first-party")) }
        let missing = s.seedLabels.filter { s.secrets[$0] == nil }
        guard missing.isEmpty else {
            throw HearingError.invalid(Message(s.seedMode == .commitReveal ? "hearing.draw-waits-reveals" : "hearing.draw-waits-numbers", missing.joined(separator: ", ")))
        }
    }

    /// Who takes `seat`: the first alternate in order whose taking it keeps the quotas and the
    /// household rule. When none of the listed alternates fits, the list is extended along the
    /// same seeded shuffle of everyone else eligible up to the first person who fits (returned
    /// as the extended record, recorded before the replacement), so a replacement is refused
    /// only when nobody eligible fits — and then the quota that blocks is named.
    static func replacement(_ s: HearingState, _ spec: PanelSpec, seat: Seat) throws -> (DrawRecord?, String) {
        guard let draw = s.draw else {
            throw HearingError.invalid(Message("hearing.representatives-were-named-not"))
        }
        let byID = Dictionary(uniqueKeysWithValues: draw.pool.eligible.map { ($0.id, $0) })
        let others = s.seats.filter { $0.number != seat.number }.compactMap { byID[$0.representative] }
        func fits(_ id: String) -> Bool { byID[id].map { QuotaCheck.holds(others + [$0], spec: spec) } ?? false }
        if let alternate = s.alternates.first(where: fits) { return (nil, alternate) }
        let everyone = try DrawEngine.drawMoreAlternates(draw, more: draw.pool.eligible.count)
        let further = everyone.alternates.dropFirst(draw.alternates.count)
        if let k = further.firstIndex(where: fits) {
            var extended = draw
            extended.alternates = Array(everyone.alternates[...k])
            return (extended, everyone.alternates[k])
        }
        let seated = Set(s.seats.map(\.representative))
        let left = draw.pool.eligible.filter { !seated.contains($0.id) }
        let blocking = QuotaCheck.blocking(others, candidates: left, spec: spec)
        throw HearingError.invalid(blocking.isEmpty
            ? Message("hearing.no-replacement-each-breaks", seat.number, left.count)
            : Message("hearing.no-replacement-blocked", seat.number, blocking.joined(separator: "; ")))
    }
}
