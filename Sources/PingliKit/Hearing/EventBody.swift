
/// Everything that can happen in a hearing, as appended to its log.
public enum EventBody: Equatable, Sendable {
    case opened(caseRef: String, kind: ProcedureKind, spec: PanelSpec, place: String?,
                rehearingOf: String?, escalatedFrom: String?, excludedPanel: [String])
    case partyAdded(Party)
    /// The moderator switched the hearing to another spec before the draw (quotas that cannot be met).
    case specChanged(spec: PanelSpec, reason: String)
    case committed(label: String, commitment: String)
    case revealed(label: String, secret: String)
    case spoken(label: String, text: String)
    case panelDrawn(DrawRecord)
    case alternatesExtended(DrawRecord)
    /// Representatives the moderator named for an instant mediation (not drawn).
    case representativesNamed([String])
    case challenged(seat: Int, by: String, reason: String, replacedBy: String)
    case absent(seat: Int, reason: String, replacedBy: String)
    case panelConfirmed(members: [String])
    case sessionStarted
    case statement(party: String, text: String)
    case evidence(id: String, party: String, title: String, description: String?, file: EvidenceFile?)
    case response(evidence: String, party: String, text: String)
    case debate(party: String, text: String)
    case question(seat: Int, text: String)
    case answer(party: String, text: String)
    case note(text: String)
    case adjourned(reason: String)
    case resumed
    case vote(seat: Int, option: String, reason: String?)
    case votingClosed(missing: [Int])
    case tallied(Tally)
    case verdict(outcome: String?, text: String)
    case agreed(Agreement)
    case escalated(to: String)
    case readBack
    case signed(party: String)
    case refusedToSign(party: String, correction: String)
    case corrected(seq: Int, text: String)
    /// The applicant withdrew before a result (followed at once by `closed`).
    case withdrawn(reason: String)
    /// The office terminated the matter before a result (followed at once by `closed`).
    case terminated(reason: String)
    case closed

    /// The type name stored with the event.
    public var type: String {
        switch self {
        case .opened: return "opened"
        case .partyAdded: return "party-added"
        case .specChanged: return "spec-changed"
        case .committed: return "committed"
        case .revealed: return "revealed"
        case .spoken: return "spoken"
        case .panelDrawn: return "panel-drawn"
        case .alternatesExtended: return "alternates-extended"
        case .representativesNamed: return "representatives-named"
        case .challenged: return "challenged"
        case .absent: return "absent"
        case .panelConfirmed: return "panel-confirmed"
        case .sessionStarted: return "session-started"
        case .statement: return "statement"
        case .evidence: return "evidence"
        case .response: return "response"
        case .debate: return "debate"
        case .question: return "question"
        case .answer: return "answer"
        case .note: return "note"
        case .adjourned: return "adjourned"
        case .resumed: return "resumed"
        case .vote: return "vote"
        case .votingClosed: return "voting-closed"
        case .tallied: return "tally"
        case .verdict: return "verdict"
        case .agreed: return "agreement"
        case .escalated: return "escalated"
        case .readBack: return "read-back"
        case .signed: return "signed"
        case .refusedToSign: return "refused-to-sign"
        case .corrected: return "corrected"
        case .withdrawn: return "withdrawn"
        case .terminated: return "terminated"
        case .closed: return "closed"
        }
    }
}
