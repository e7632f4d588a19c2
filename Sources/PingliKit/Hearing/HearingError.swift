/// Why a hearing command was refused. Nothing is recorded when a command is refused.
public enum HearingError: Error, CustomStringConvertible, Equatable, Sendable {
    case outOfOrder(command: String, stage: HearingStage, allowed: [String])
    case invalid(String)
    case notFound(String)
    case corruptEvent(String)

    public var description: String {
        switch self {
        case let .outOfOrder(command, stage, allowed):
            return "`\(command)` is not allowed now: the hearing is at stage \(stage.rawValue) (\(stage.label)); allowed here: \(allowed.joined(separator: ", "))"
        case let .invalid(m): return m
        case let .notFound(m): return m
        case let .corruptEvent(m): return "a stored event cannot be read (\(m)); run `pingli verify` on the hearing"
        }
    }
}

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

    /// The commands the REPL accepts at this stage (besides status, show, help, transcript, verify).
    public func allowed(kind: ProcedureKind) -> [String] {
        switch self {
        case .setup: return ["party add", "commit", "reveal", "seed", "draw"] + (kind == .instantMediation ? ["name"] : []) + ["correct"]
        case .drawn: return ["challenge", "absent", "draw-more"] + (kind == .instantMediation ? ["name"] : []) + ["confirm", "correct"]
        case .confirmed: return ["start", "correct"]
        case .session:
            let common = ["statement", "evidence", "respond", "debate", "question", "answer", "note", "adjourn"]
            return common + (kind == .instantMediation ? ["agree", "escalate"] : ["vote"]) + ["correct"]
        case .adjourned: return ["resume", "correct"]
        case .voting: return ["vote", "close-voting", "tally", "correct"]
        case .tallied: return ["verdict", "correct"]
        case .decided: return ["readback", "sign", "refuse-sign", "close", "correct"]
        case .closed: return ["readback", "sign", "refuse-sign", "push"]
        }
    }
}
