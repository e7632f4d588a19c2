/// What the moderator (or the office) asks of a hearing. Commands that need the outside
/// world (a draw from the pool, a new hearing id, a file's hash) arrive with it resolved.
public enum HearingCommand: Sendable {
    case addParty(Party)
    case changeSpec(PanelSpec, reason: String)
    case commit(label: String, commitment: String)
    case reveal(label: String, secret: String)
    case seed(label: String, text: String)
    case draw(DrawRecord)
    case drawMore(DrawRecord)
    case name([String])
    case challenge(seat: Int, by: String, reason: String)
    case absent(seat: Int, reason: String)
    case confirm
    case start
    case statement(party: String, text: String)
    case evidence(party: String, title: String, description: String?, file: EvidenceFile?)
    case respond(evidence: String, party: String, text: String)
    case debate(party: String, text: String)
    case question(seat: Int, text: String)
    case answer(party: String, text: String)
    case note(String)
    case adjourn(reason: String)
    case resume
    case vote(seat: Int, option: String, reason: String?)
    case closeVoting
    case tally
    case verdict(String)
    case agree(terms: String, performance: String?, deadline: String?, facts: String?, responsibility: String? = nil, place: String? = nil)
    case escalate(newHearingID: String)
    case readBack
    case sign(party: String)
    case refuseSign(party: String, correction: String)
    case correct(seq: Int, text: String)
    case close
    /// The applicant withdraws (撤回), or the office terminates (终止), before a result: the record
    /// is closed and sealed as such.
    case withdraw(reason: String, terminated: Bool)

    /// The kinds of command, as stages allow them (``HearingStage/allowed(kind:)``). The raw
    /// values are identifiers for messages and logs; the console has its own words for each.
    public enum Kind: String, Sendable, CaseIterable {
        case addParty = "party-add", changeSpec = "spec", commit, reveal, seed, draw, drawMore = "draw-more", name, challenge, absent
        case confirm, start, statement, evidence, respond, debate, question, answer, note, adjourn, resume
        case vote, closeVoting = "close-voting", tally, verdict, agree, escalate
        case readBack = "readback", sign, refuseSign = "refuse-sign", correct, close, withdraw
    }

    /// This command's kind.
    public var kind: Kind {
        switch self {
        case .addParty: return .addParty
        case .changeSpec: return .changeSpec
        case .commit: return .commit
        case .reveal: return .reveal
        case .seed: return .seed
        case .draw: return .draw
        case .drawMore: return .drawMore
        case .name: return .name
        case .challenge: return .challenge
        case .absent: return .absent
        case .confirm: return .confirm
        case .start: return .start
        case .statement: return .statement
        case .evidence: return .evidence
        case .respond: return .respond
        case .debate: return .debate
        case .question: return .question
        case .answer: return .answer
        case .note: return .note
        case .adjourn: return .adjourn
        case .resume: return .resume
        case .vote: return .vote
        case .closeVoting: return .closeVoting
        case .tally: return .tally
        case .verdict: return .verdict
        case .agree: return .agree
        case .escalate: return .escalate
        case .readBack: return .readBack
        case .sign: return .sign
        case .refuseSign: return .refuseSign
        case .correct: return .correct
        case .close: return .close
        case .withdraw: return .withdraw
        }
    }
}
