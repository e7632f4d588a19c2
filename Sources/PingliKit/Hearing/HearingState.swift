
/// A hearing as its events make it: a pure function of the log (``HearingState/apply(_:)``).
public struct HearingState: Sendable {
    public var id: String { get { storage.fields.id } set { fields.id = newValue } _modify { yield &fields.id } }
    public var caseRef: String { get { storage.fields.caseRef } set { fields.caseRef = newValue } _modify { yield &fields.caseRef } }
    public var kind: ProcedureKind { get { storage.fields.kind } set { fields.kind = newValue } _modify { yield &fields.kind } }
    /// The spec as it was when the hearing opened (kept in the log, not read from a file).
    public var spec: PanelSpec? {
        get { storage.fields.spec?.value }
        set { fields.spec = newValue.map(Shared.init) }
    }
    public var place: String? { get { storage.fields.place } set { fields.place = newValue } _modify { yield &fields.place } }
    public var rehearingOf: String? { get { storage.fields.rehearingOf } set { fields.rehearingOf = newValue } _modify { yield &fields.rehearingOf } }
    public var escalatedFrom: String? { get { storage.fields.escalatedFrom } set { fields.escalatedFrom = newValue } _modify { yield &fields.escalatedFrom } }
    public var excludedPanel: [String] { get { storage.fields.excludedPanel } set { fields.excludedPanel = newValue } _modify { yield &fields.excludedPanel } }
    public var stage: HearingStage { get { storage.fields.stage } set { fields.stage = newValue } _modify { yield &fields.stage } }
    public var parties: [Party] { get { storage.fields.parties } set { fields.parties = newValue } _modify { yield &fields.parties } }
    public var seedMode: SeedMode? { get { storage.fields.seedMode } set { fields.seedMode = newValue } _modify { yield &fields.seedMode } }
    public var commitments: [String: String] { get { storage.fields.commitments } set { fields.commitments = newValue } _modify { yield &fields.commitments } }
    public var secrets: [String: String] { get { storage.fields.secrets } set { fields.secrets = newValue } _modify { yield &fields.secrets } }
    public var draw: DrawRecord? {
        get { storage.fields.draw?.value }
        set { fields.draw = newValue.map(Shared.init) }
    }
    /// Whether the representatives were named by the moderator instead of drawn.
    public var named: Bool { get { storage.fields.named } set { fields.named = newValue } _modify { yield &fields.named } }
    public var seats: [Seat] { get { storage.fields.seats } set { fields.seats = newValue } _modify { yield &fields.seats } }
    /// Alternates not yet called, in order.
    public var alternates: [String] { get { storage.fields.alternates } set { fields.alternates = newValue } _modify { yield &fields.alternates } }
    public var confirmed: Bool { get { storage.fields.confirmed } set { fields.confirmed = newValue } _modify { yield &fields.confirmed } }
    public var evidence: [(id: String, party: String, title: String)] { get { storage.fields.evidence } set { fields.evidence = newValue } _modify { yield &fields.evidence } }
    public var round: Int { get { storage.fields.round } set { fields.round = newValue } _modify { yield &fields.round } }
    /// The current vote of each seat in this round (a changed vote replaces the earlier one here; both stay in the log).
    public var votes: [Int: (option: String, reason: String?)] { get { storage.fields.votes } set { fields.votes = newValue } _modify { yield &fields.votes } }
    public var votingClosed: Bool { get { storage.fields.votingClosed } set { fields.votingClosed = newValue } _modify { yield &fields.votingClosed } }
    public var tally: Tally? {
        get { storage.fields.tally?.value }
        set { fields.tally = newValue.map(Shared.init) }
    }
    public var verdict: String? { get { storage.fields.verdict } set { fields.verdict = newValue } _modify { yield &fields.verdict } }
    public var agreement: Agreement? {
        get { storage.fields.agreement?.value }
        set { fields.agreement = newValue.map(Shared.init) }
    }
    public var escalatedTo: String? { get { storage.fields.escalatedTo } set { fields.escalatedTo = newValue } _modify { yield &fields.escalatedTo } }
    /// Why the applicant withdrew (or the office terminated), when the record ended that way.
    public var withdrawal: String? { get { storage.fields.withdrawal } set { fields.withdrawal = newValue } _modify { yield &fields.withdrawal } }
    public var terminated: Bool { get { storage.fields.terminated } set { fields.terminated = newValue } _modify { yield &fields.terminated } }
    public var readBack: Bool { get { storage.fields.readBack } set { fields.readBack = newValue } _modify { yield &fields.readBack } }
    public var signatures: [String: String?] { get { storage.fields.signatures } set { fields.signatures = newValue } _modify { yield &fields.signatures } }
    public var sealedHash: String? { get { storage.fields.sealedHash } set { fields.sealedHash = newValue } _modify { yield &fields.sealedHash } }
    public var lastSeq: Int { get { storage.fields.lastSeq } set { fields.lastSeq = newValue } _modify { yield &fields.lastSeq } }
    public var headHash: String { get { storage.fields.headHash } set { fields.headHash = newValue } _modify { yield &fields.headHash } }
    public var openedAt: String? { get { storage.fields.openedAt } set { fields.openedAt = newValue } _modify { yield &fields.openedAt } }

    /// The fields, behind one reference that is copied when a shared state is changed: a
    /// state passes through the cache, the transaction and the result of every command, and
    /// copying it field by field retained every reference inside it each time. The large parts
    /// that rarely change are each behind a reference of their own (``Shared``), so the one
    /// copy a command makes is small too.
    struct Fields {
        var id: String
        var caseRef: String = ""
        var kind: ProcedureKind = .publicHearing
        var spec: Shared<PanelSpec>? = nil
        var place: String? = nil
        var rehearingOf: String? = nil
        var escalatedFrom: String? = nil
        var excludedPanel: [String] = []
        var stage: HearingStage = .setup
        var parties: [Party] = []
        var seedMode: SeedMode? = nil
        var commitments: [String: String] = [:]
        var secrets: [String: String] = [:]
        var draw: Shared<DrawRecord>? = nil
        var named: Bool = false
        var seats: [Seat] = []
        var alternates: [String] = []
        var confirmed: Bool = false
        var evidence: [(id: String, party: String, title: String)] = []
        var round: Int = 1
        var votes: [Int: (option: String, reason: String?)] = [:]
        var votingClosed: Bool = false
        var tally: Shared<Tally>? = nil
        var verdict: String? = nil
        var agreement: Shared<Agreement>? = nil
        var escalatedTo: String? = nil
        var withdrawal: String? = nil
        var terminated: Bool = false
        var readBack: Bool = false
        var signatures: [String: String?] = [:]
        var sealedHash: String? = nil
        var lastSeq: Int = 0
        var headHash: String
        var openedAt: String? = nil
    }

    /// Holds the fields; never changed while shared (see ``fields``).
    final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// The fields for changing: copied first when another state shares them.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    /// The empty state before the first event; `genesis` is the chain's starting hash.
    public init(id: String) {
        storage = Storage(Fields(id: id, headHash: HashChain.genesis(id)))
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
