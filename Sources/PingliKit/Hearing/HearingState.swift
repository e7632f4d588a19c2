
/// A hearing as its events make it: a pure function of the log (``HearingState/apply(_:)``).
public struct HearingState: Sendable {
    public var id: String
    public var caseRef = ""
    public var kind = ProcedureKind.publicHearing
    /// The spec as it was when the hearing opened (kept in the log, not read from a file).
    public var spec: PanelSpec?
    public var place: String?
    public var rehearingOf: String?
    public var escalatedFrom: String?
    public var excludedPanel: [String] = []
    public var stage = HearingStage.setup
    public var parties: [Party] = []
    public var seedMode: SeedMode?
    public var commitments: [String: String] = [:]
    public var secrets: [String: String] = [:]
    public var draw: DrawRecord?
    /// Whether the representatives were named by the moderator instead of drawn.
    public var named = false
    public var seats: [Seat] = []
    /// Alternates not yet called, in order.
    public var alternates: [String] = []
    public var confirmed = false
    public var evidence: [(id: String, party: String, title: String)] = []
    public var round = 1
    /// The current vote of each seat in this round (a changed vote replaces the earlier one here; both stay in the log).
    public var votes: [Int: (option: String, reason: String?)] = [:]
    public var votingClosed = false
    public var tally: Tally?
    public var verdict: String?
    public var agreement: Agreement?
    public var escalatedTo: String?
    /// Why the applicant withdrew (or the office terminated), when the record ended that way.
    public var withdrawal: String?
    public var terminated = false
    public var readBack = false
    public var signatures: [String: String?] = [:]
    public var sealedHash: String?
    public var lastSeq = 0
    public var headHash: String
    public var openedAt: String?

    /// The empty state before the first event; `genesis` is the chain's starting hash.
    public init(id: String) {
        self.id = id
        self.headHash = HashChain.genesis(id)
    }

    /// The state after `events`, in order.
    public static func replay(id: String, _ events: [HearingEvent]) -> HearingState {
        var s = HearingState(id: id)
        for e in events { s.apply(e) }
        return s
    }

    public var isClosed: Bool { stage == .closed }
    public var seedLabels: [String] { parties.map(\.label) + ["moderator"] }

    /// Applies one event. Events were checked before they were recorded; this only folds.
    public mutating func apply(_ event: HearingEvent) {
        lastSeq = event.seq
        headHash = event.hash
        switch event.body {
        case let .opened(caseRef, kind, spec, place, rehearingOf, escalatedFrom, excluded):
            self.caseRef = caseRef; self.kind = kind; self.spec = spec
            self.place = place; self.rehearingOf = rehearingOf; self.escalatedFrom = escalatedFrom
            self.excludedPanel = excluded; self.openedAt = event.at
        case let .partyAdded(p): parties.append(p)
        case let .specChanged(spec, _):
            self.spec = spec
            seedMode = nil; commitments = [:]; secrets = [:]
        case let .committed(label, c): seedMode = .commitReveal; commitments[label] = c
        case let .revealed(label, secret): secrets[label] = secret
        case let .spoken(label, text): seedMode = .spoken; secrets[label] = text
        case let .panelDrawn(r):
            draw = r
            seats = r.panel.enumerated().map { Seat(number: $0.offset + 1, representative: $0.element) }
            alternates = r.alternates
            stage = .drawn
        case let .alternatesExtended(r):
            let used = Set(seats.map(\.representative))
            let called = Set((draw?.alternates ?? [])).subtracting(alternates)
            draw = r
            alternates = r.alternates.filter { !used.contains($0) && !called.contains($0) }
        case let .representativesNamed(ids):
            named = true
            seats = ids.enumerated().map { Seat(number: $0.offset + 1, representative: $0.element) }
            stage = .drawn
        case let .challenged(seat, _, _, rep), let .absent(seat, _, rep):
            if let i = seats.firstIndex(where: { $0.number == seat }) { seats[i].representative = rep }
            alternates.removeAll { $0 == rep }
        case .panelConfirmed: confirmed = true; stage = .confirmed
        case .sessionStarted: stage = .session
        case let .evidence(id, party, title, _, _): evidence.append((id, party, title))
        case .adjourned: stage = .adjourned
        case .resumed: stage = votes.isEmpty ? .session : .voting
        case let .vote(seat, option, reason): votes[seat] = (option, reason); stage = .voting
        case .votingClosed: votingClosed = true
        case let .tallied(t):
            tally = t
            if t.basis == "revote" {
                round += 1; votes = [:]; votingClosed = false; stage = .voting
            } else {
                stage = .tallied
            }
        case let .verdict(_, text): verdict = text; stage = .decided
        case let .agreed(a): agreement = a; stage = .decided
        case let .escalated(to): escalatedTo = to; stage = .decided
        case let .withdrawn(r): withdrawal = r; stage = .decided
        case let .terminated(r): withdrawal = r; terminated = true; stage = .decided
        case .readBack: readBack = true
        case let .signed(p): signatures[p] = .some(nil)
        case let .refusedToSign(p, c): signatures[p] = .some(c)
        case .closed: stage = .closed; sealedHash = event.hash
        case .statement, .debate, .response, .question, .answer, .note, .corrected: break
        }
    }

    /// The seat numbers that have not voted in this round.
    public var missingVotes: [Int] { seats.map(\.number).filter { votes[$0] == nil } }
}

extension HearingState {
    /// Chains `bodies` after the head (hashes computed here, the same for every store), folds
    /// them in, and returns each as the row a store appends, in this order, and as the event.
    public mutating func record(_ bodies: [EventBody], context: OperationContext) -> [(row: StoredEvent, event: HearingEvent)] {
        bodies.map { body in
            let stored = StoredEvent.chained(hearingID: id, seq: lastSeq + 1, at: context.timestamp,
                                             operatorName: context.operatorName, body: body, after: headHash)
            let event = HearingEvent(stored, body: body)
            apply(event)
            return (stored, event)
        }
    }
}
