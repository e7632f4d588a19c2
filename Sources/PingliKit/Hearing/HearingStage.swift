/// Where a hearing stands.
public enum HearingStage: String, Sendable, Codable, CaseIterable {
    case setup, drawn, confirmed, session, adjourned, voting, tallied, decided, closed

    public var label: String {
        switch self {
        case .setup: return "准备：登记涉事方、抽取种子"
        case .drawn: return "已抽取评理团：回避、缺席、确认"
        case .confirmed: return "评理团已确认：可开始"
        case .session: return "进行中：陈述、举证质证、辩论、提问"
        case .adjourned: return "休会"
        case .voting: return "投票中"
        case .tallied: return "已计票：宣布评判结果"
        case .decided: return "已有结果：宣读笔录、签名、闭会"
        case .closed: return "已闭会"
        }
    }

    /// The kinds of command a hearing of `kind` accepts at this stage (reading the record,
    /// verifying it and delivering outcomes are allowed at every stage and are not listed).
    public func allowed(kind: ProcedureKind) -> [HearingCommand.Kind] {
        let mediation = kind == .instantMediation
        switch self {
        case .setup: return [.addParty, .changeSpec, .commit, .reveal, .seed, .draw] + (mediation ? [.name] : []) + [.correct, .withdraw]
        case .drawn: return [.challenge, .absent, .drawMore] + (mediation ? [.name] : []) + [.confirm, .correct, .withdraw]
        case .confirmed: return [.start, .correct, .withdraw]
        case .session:
            let common: [HearingCommand.Kind] = [.statement, .evidence, .respond, .debate, .question, .answer, .note, .adjourn]
            return common + (mediation ? [.agree, .escalate] : [.vote]) + [.correct, .withdraw]
        case .adjourned: return [.resume, .correct, .withdraw]
        case .voting: return [.vote, .closeVoting, .tally, .correct, .withdraw]
        case .tallied: return [.verdict, .correct, .withdraw]
        case .decided: return [.readBack, .sign, .refuseSign, .close, .correct]
        case .closed: return [.readBack, .sign, .refuseSign]
        }
    }
}
