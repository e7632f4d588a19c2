/// What a console line asks for, once parsed. Hearing commands that need nothing from
/// outside are ``HearingCommand`` values; the rest need the shell (files, the pool, output).
public enum ConsoleAction: Sendable {
    case open(caseRef: String, kind: ProcedureKind, spec: String?, place: String?, rehearingOf: String?)
    case resumeHearing(String)
    case hearings, status, show, quit
    case help(String?)
    case hearing(HearingCommand)
    case draw, drawMore, probabilities
    case evidence(party: String, title: String, file: String?, description: String?)
    case escalate(spec: String?)
    case transcript(format: String)
    case verify, push
    case read(String)
}

/// One console command: its words, usage, example and the stage group it belongs to.
public struct ConsoleCommandInfo: Sendable {
    public var name: String
    public var usage: String
    public var summary: String
    public var example: String
    public var group: String
}

/// The console's vocabulary (the moderator's commands), and how a line becomes an action.
public enum ConsoleVocabulary {
    public static let groups = ["任何时候 any time", "准备 setup", "评理团 panel", "进行 session", "投票 voting", "结果 outcome"]

    public static let commands: [ConsoleCommandInfo] = [
        .init(name: "open", usage: "open CASE-REF --kind hearing|mediation [--spec NAME] [--place TEXT] [--rehearing-of H-ID]", summary: "open a hearing or an instant mediation", example: "open SQ-2026-0815 --kind hearing --spec hearing-7 --place 中市街道评理室", group: groups[0]),
        .init(name: "resume", usage: "resume H-ID  (or, without an id, resume after an adjournment)", summary: "continue a hearing, or an adjourned session", example: "resume H-2026-0007", group: groups[0]),
        .init(name: "hearings", usage: "hearings", summary: "list open and closed hearings", example: "hearings", group: groups[0]),
        .init(name: "status", usage: "status", summary: "where the hearing stands and what is allowed", example: "status", group: groups[0]),
        .init(name: "show", usage: "show", summary: "parties, panel, evidence, tally", example: "show", group: groups[0]),
        .init(name: "transcript", usage: "transcript [--format md|json]", summary: "the record (笔录)", example: "transcript --format md", group: groups[0]),
        .init(name: "verify", usage: "verify", summary: "recompute the hash chain and the draw", example: "verify", group: groups[0]),
        .init(name: "push", usage: "push", summary: "deliver outcomes to the case system now", example: "push", group: groups[0]),
        .init(name: "help", usage: "help [COMMAND]", summary: "commands by stage, or one command", example: "help vote", group: groups[0]),
        .init(name: "quit", usage: "quit", summary: "leave (everything is already saved)", example: "quit", group: groups[0]),
        .init(name: ".read", usage: ".read FILE", summary: "run the commands in FILE", example: ".read 开庭脚本.txt", group: groups[0]),
        .init(name: "party", usage: "party add LABEL NAME --role applicant|respondent|other [--community X] [--household X] [--work-unit X]", summary: "register a party (涉事方)", example: "party add A 张三 --role applicant --community 东风社区", group: groups[1]),
        .init(name: "commit", usage: "commit LABEL SHA256HEX", summary: "record a commitment to a secret (LABEL or moderator)", example: "commit A 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b", group: groups[1]),
        .init(name: "reveal", usage: "reveal LABEL SECRET", summary: "reveal the secret; it must match the commitment", example: "reveal A 苹果42", group: groups[1]),
        .init(name: "seed", usage: "seed LABEL TEXT", summary: "a number spoken on the spot (instead of commit/reveal)", example: "seed A 7291", group: groups[1]),
        .init(name: "probabilities", usage: "probabilities", summary: "everyone's selection probability before the draw", example: "probabilities", group: groups[1]),
        .init(name: "draw", usage: "draw", summary: "draw the panel and its alternates", example: "draw", group: groups[1]),
        .init(name: "name", usage: "name R-ID [R-ID …]", summary: "name the representatives of an instant mediation", example: "name R-000003 R-000017", group: groups[1]),
        .init(name: "challenge", usage: "challenge SEAT --by LABEL --reason TEXT", summary: "a member steps down (回避); the next fitting alternate takes the seat", example: "challenge 3 --by B --reason 与申请方系同事", group: groups[2]),
        .init(name: "absent", usage: "absent SEAT --reason TEXT", summary: "a member is absent; the next fitting alternate takes the seat", example: "absent 5 --reason 生病", group: groups[2]),
        .init(name: "draw-more", usage: "draw-more", summary: "more alternates from the same lottery", example: "draw-more", group: groups[2]),
        .init(name: "confirm", usage: "confirm", summary: "confirm the panel", example: "confirm", group: groups[2]),
        .init(name: "start", usage: "start", summary: "open the session", example: "start", group: groups[3]),
        .init(name: "statement", usage: "statement LABEL TEXT", summary: "a party states its reasons (陈述理由)", example: "statement A 邻居装修噪音持续三个月", group: groups[3]),
        .init(name: "evidence", usage: "evidence LABEL TITLE [--file PATH] [--desc TEXT]", summary: "a party presents evidence (举证)", example: "evidence A 噪音检测报告 --file 报告.pdf", group: groups[3]),
        .init(name: "respond", usage: "respond EVIDENCE-ID LABEL TEXT", summary: "cross-examination of evidence (质证)", example: "respond E1 B 检测时间不在施工时段", group: groups[3]),
        .init(name: "debate", usage: "debate LABEL TEXT", summary: "a debate turn (辩论)", example: "debate A 晚上十点后仍在施工", group: groups[3]),
        .init(name: "question", usage: "question SEAT TEXT", summary: "a panel member asks", example: "question 2 施工一般几点结束？", group: groups[3]),
        .init(name: "answer", usage: "answer LABEL TEXT", summary: "a party answers", example: "answer B 晚上九点", group: groups[3]),
        .init(name: "note", usage: "note TEXT", summary: "a note for the record (mediation discussion)", example: "note 双方同意先行停工", group: groups[3]),
        .init(name: "adjourn", usage: "adjourn --reason TEXT", summary: "adjourn; `resume` continues", example: "adjourn --reason 等待物业到场", group: groups[3]),
        .init(name: "vote", usage: "vote SEAT OPTION [--reason TEXT]", summary: "a member's vote; a later vote replaces it until the tally", example: "vote 1 applicant --reason 证据充分", group: groups[4]),
        .init(name: "close-voting", usage: "close-voting", summary: "end voting even if someone has not voted", example: "close-voting", group: groups[4]),
        .init(name: "tally", usage: "tally", summary: "count the votes (shown only now)", example: "tally", group: groups[4]),
        .init(name: "verdict", usage: "verdict TEXT", summary: "pronounce the finding (评判结果)", example: "verdict 支持申请方，被申请方夜间停止施工", group: groups[4]),
        .init(name: "agree", usage: "agree --terms TEXT [--performance TEXT] [--deadline DATE] [--facts TEXT]", summary: "record a mediation agreement (调解协议)", example: "agree --terms 乙方赔偿甲方500元 --deadline 2026-12-31", group: groups[5]),
        .init(name: "escalate", usage: "escalate [--spec NAME]", summary: "send an instant mediation to a public hearing", example: "escalate --spec hearing-7", group: groups[5]),
        .init(name: "readback", usage: "readback", summary: "the record was read back to the parties", example: "readback", group: groups[5]),
        .init(name: "sign", usage: "sign LABEL", summary: "a party signs the record", example: "sign A", group: groups[5]),
        .init(name: "refuse-sign", usage: "refuse-sign LABEL --correction TEXT", summary: "a party refuses to sign; the correction is kept", example: "refuse-sign B --correction 第9条时间有误", group: groups[5]),
        .init(name: "correct", usage: "correct SEQ TEXT", summary: "correct an earlier event (a new event; nothing is changed)", example: "correct 12 应为晚上九点", group: groups[5]),
        .init(name: "close", usage: "close", summary: "close and seal the record", example: "close", group: groups[5]),
    ]

    public static func info(_ name: String) -> ConsoleCommandInfo? {
        commands.first { $0.name == name || ($0.name == "quit" && name == "exit") }
    }

    /// The closest command name to `word`, if close enough to be a typo.
    public static func suggestion(for word: String) -> String? {
        let best = commands.map(\.name).min { editDistance($0, word) < editDistance($1, word) }
        return best.flatMap { editDistance($0, word) <= max(2, word.count / 3) ? $0 : nil }
    }

    /// Parses one command's words; nil for an empty line.
    public static func parse(_ words: [String]) throws(ConsoleError) -> ConsoleAction? {
        guard let head = words.first else { return nil }
        let rest = Array(words.dropFirst())
        guard let info = info(head) else { throw .unknownCommand(head, suggestion: suggestion(for: head)) }
        func usage(_ problem: String) -> ConsoleError { .usage(command: info.name, usage: info.usage, problem: problem) }
        func args(_ valued: Set<String> = [], flags: Set<String> = []) throws(ConsoleError) -> ParsedArguments {
            try ParsedArguments(rest, valued: valued, flags: flags)
        }
        func noArgs() throws(ConsoleError) { if !(try args()).positional.isEmpty { throw usage("it takes no arguments") } }
        func int(_ s: String, _ what: String) throws(ConsoleError) -> Int {
            guard let n = Int(s) else { throw usage("\(what) '\(s)' is not a number") }
            return n
        }
        /// Positional words from `index` on, joined: free text may be the rest of the line.
        func text(_ p: [String], from index: Int, _ what: String) throws(ConsoleError) -> String {
            guard p.count > index else { throw usage("\(what) is missing") }
            return p[index...].joined(separator: " ")
        }
        switch info.name {
        case "open":
            let a = try args(["kind", "spec", "place", "rehearing-of"])
            guard a.positional.count == 1 else { throw usage(a.positional.isEmpty ? "the case reference is missing" : "one case reference (quote it if it has spaces)") }
            let kind: ProcedureKind
            switch a.options["kind"] ?? "hearing" {
            case "hearing", "public-hearing", "评理大会": kind = a.options["rehearing-of"] == nil ? .publicHearing : .rehearing
            case "mediation", "instant-mediation", "调解": kind = .instantMediation
            default: throw usage("--kind is hearing or mediation")
            }
            return .open(caseRef: a.positional[0], kind: kind, spec: a.options["spec"], place: a.options["place"], rehearingOf: a.options["rehearing-of"])
        case "resume":
            let a = try args()
            if a.positional.isEmpty { return .hearing(.resume) }
            guard a.positional.count == 1 else { throw usage("one hearing id") }
            return .resumeHearing(a.positional[0])
        case "hearings": try noArgs(); return .hearings
        case "status": try noArgs(); return .status
        case "show": try noArgs(); return .show
        case "quit": return .quit
        case "help": return .help(rest.first)
        case ".read":
            guard rest.count == 1 else { throw usage("one file") }
            return .read(rest[0])
        case "transcript":
            let a = try args(["format"])
            let f = a.options["format"] ?? "md"
            guard f == "md" || f == "json" else { throw usage("--format is md or json") }
            return .transcript(format: f)
        case "verify": try noArgs(); return .verify
        case "push": try noArgs(); return .push
        case "party":
            let a = try args(["role", "community", "household", "work-unit"])
            guard a.positional.first == "add" else { throw usage("the only party command is `party add`") }
            guard a.positional.count >= 3 else { throw usage("LABEL and NAME are needed") }
            guard let roleText = a.options["role"] else { throw usage("--role is needed") }
            guard let role = Party.Role(rawValue: roleText) else { throw usage("--role is applicant, respondent or other") }
            return .hearing(.addParty(Party(label: a.positional[1], name: a.positional[2...].joined(separator: " "), role: role,
                                            community: a.options["community"], household: a.options["household"], workUnit: a.options["work-unit"])))
        case "commit":
            let a = try args()
            guard a.positional.count == 2 else { throw usage("LABEL and the 64-digit hex commitment") }
            return .hearing(.commit(label: a.positional[0], commitment: a.positional[1]))
        case "reveal":
            let a = try args()
            guard a.positional.count >= 1 else { throw usage("LABEL is missing") }
            return .hearing(.reveal(label: a.positional[0], secret: try text(a.positional, from: 1, "the secret")))
        case "seed":
            let a = try args()
            guard a.positional.count >= 1 else { throw usage("LABEL is missing") }
            return .hearing(.seed(label: a.positional[0], text: try text(a.positional, from: 1, "the number")))
        case "probabilities": try noArgs(); return .probabilities
        case "draw": try noArgs(); return .draw
        case "draw-more": try noArgs(); return .drawMore
        case "name":
            let a = try args()
            guard !a.positional.isEmpty else { throw usage("name at least one representative") }
            return .hearing(.name(a.positional))
        case "challenge":
            let a = try args(["by", "reason"])
            guard a.positional.count == 1 else { throw usage("one seat number") }
            guard let by = a.options["by"], let reason = a.options["reason"] else { throw usage("--by and --reason are needed") }
            return .hearing(.challenge(seat: try int(a.positional[0], "SEAT"), by: by, reason: reason))
        case "absent":
            let a = try args(["reason"])
            guard a.positional.count == 1 else { throw usage("one seat number") }
            guard let reason = a.options["reason"] else { throw usage("--reason is needed") }
            return .hearing(.absent(seat: try int(a.positional[0], "SEAT"), reason: reason))
        case "confirm": try noArgs(); return .hearing(.confirm)
        case "start": try noArgs(); return .hearing(.start)
        case "statement", "debate", "answer":
            let a = try args()
            guard a.positional.count >= 1 else { throw usage("LABEL is missing") }
            let t = try text(a.positional, from: 1, "the text")
            switch info.name {
            case "statement": return .hearing(.statement(party: a.positional[0], text: t))
            case "debate": return .hearing(.debate(party: a.positional[0], text: t))
            default: return .hearing(.answer(party: a.positional[0], text: t))
            }
        case "evidence":
            let a = try args(["file", "desc"])
            guard a.positional.count >= 2 else { throw usage("LABEL and TITLE are needed") }
            return .evidence(party: a.positional[0], title: a.positional[1...].joined(separator: " "), file: a.options["file"], description: a.options["desc"])
        case "respond":
            let a = try args()
            guard a.positional.count >= 2 else { throw usage("EVIDENCE-ID and LABEL are needed") }
            return .hearing(.respond(evidence: a.positional[0], party: a.positional[1], text: try text(a.positional, from: 2, "the response")))
        case "question":
            let a = try args()
            guard a.positional.count >= 1 else { throw usage("SEAT is missing") }
            return .hearing(.question(seat: try int(a.positional[0], "SEAT"), text: try text(a.positional, from: 1, "the question")))
        case "note":
            return .hearing(.note(try text(try args().positional, from: 0, "the note")))
        case "adjourn":
            let a = try args(["reason"])
            guard let reason = a.options["reason"] ?? (a.positional.isEmpty ? nil : a.positional.joined(separator: " ")) else { throw usage("--reason is needed") }
            return .hearing(.adjourn(reason: reason))
        case "vote":
            let a = try args(["reason"])
            guard a.positional.count == 2 else { throw usage("SEAT and OPTION are needed") }
            return .hearing(.vote(seat: try int(a.positional[0], "SEAT"), option: a.positional[1], reason: a.options["reason"]))
        case "close-voting": try noArgs(); return .hearing(.closeVoting)
        case "tally": try noArgs(); return .hearing(.tally)
        case "verdict": return .hearing(.verdict(try text(try args().positional, from: 0, "the verdict")))
        case "agree":
            let a = try args(["terms", "performance", "deadline", "facts"])
            guard let terms = a.options["terms"] ?? (a.positional.isEmpty ? nil : a.positional.joined(separator: " ")) else { throw usage("--terms is needed") }
            if let d = a.options["deadline"], Day(d) == nil { throw usage("--deadline '\(d)' is not a date (YYYY-MM-DD)") }
            return .hearing(.agree(terms: terms, performance: a.options["performance"], deadline: a.options["deadline"].flatMap { Day($0)?.description }, facts: a.options["facts"]))
        case "escalate":
            let a = try args(["spec"])
            return .escalate(spec: a.options["spec"])
        case "readback": try noArgs(); return .hearing(.readBack)
        case "sign":
            let a = try args()
            guard a.positional.count == 1 else { throw usage("one party label") }
            return .hearing(.sign(party: a.positional[0]))
        case "refuse-sign":
            let a = try args(["correction"])
            guard a.positional.count == 1, let c = a.options["correction"] else { throw usage("LABEL and --correction are needed") }
            return .hearing(.refuseSign(party: a.positional[0], correction: c))
        case "correct":
            let a = try args()
            guard a.positional.count >= 1 else { throw usage("SEQ is missing") }
            return .hearing(.correct(seq: try int(a.positional[0], "SEQ"), text: try text(a.positional, from: 1, "the correction")))
        case "close": try noArgs(); return .hearing(.close)
        default: throw .unknownCommand(head, suggestion: nil)
        }
    }
}
