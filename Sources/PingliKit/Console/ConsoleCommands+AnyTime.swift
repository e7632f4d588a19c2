extension ConsoleCommands {
    /// Commands allowed at any stage: opening and finding hearings, reading and checking them.
    static let anyTime: [ConsoleCommand] = [
        ConsoleCommand(
            names: ["open", "开启"],
            usage: "open CASE-REF --kind hearing|mediation [--spec NAME] [--place TEXT] [--rehearing-of H-ID]  |  open --case CASE-REF --place TEXT [--kind …] [--date D] [--time HH:MM]",
            summary: "open a hearing or an instant mediation (from a case: its parties carried over)",
            example: "open --case TZ-2026-0042 --kind mediation --place 东城社区调解室",
            group: .anyTime, options: ["kind", "spec", "place", "rehearing-of", "case", "date", "time"], arguments: [.nothing],
            optionValues: ["kind": .words(["hearing", "mediation", "评理大会", "即时调解"]), "spec": .spec, "rehearing-of": .hearing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard var kind = ConsoleWords.kind(a.options["kind"] ?? "hearing") else {
                throw input.usage("--kind is hearing or mediation (评理大会 or 即时调解)")
            }
            if let ref = a.options["case"] {
                guard a.positional.isEmpty else { throw input.usage("give the case either as --case REF or as the first word, not both") }
                guard a.options["rehearing-of"] == nil else { throw input.usage("a case's second round is opened after `case reopen`, without --rehearing-of") }
                guard let place = a.options["place"] else { throw input.usage("say where with --place") }
                return .openCase(ref: ref, kind: kind, spec: a.options["spec"], place: place, date: a.options["date"], time: a.options["time"])
            }
            guard a.positional.count == 1 else {
                throw input.usage(a.positional.isEmpty ? "the case reference is missing" : "one case reference (quote it if it has spaces)")
            }
            if kind == .publicHearing && a.options["rehearing-of"] != nil { kind = .rehearing }
            return .open(caseRef: a.positional[0], kind: kind, spec: a.options["spec"], place: a.options["place"], rehearingOf: a.options["rehearing-of"])
        },
        ConsoleCommand(
            names: ["resume", "继续"], usage: "resume H-ID  (or, without an id, resume after an adjournment)",
            summary: "continue a hearing, or an adjourned session", example: "resume H-2026-0007",
            group: .anyTime, kind: .resume, arguments: [.hearing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            if p.isEmpty { return .hearing(.resume) }
            guard p.count == 1 else { throw input.usage("one hearing id") }
            return .resumeHearing(p[0])
        },
        simple(["hearings", "列表"], "list open and closed hearings", .anyTime, .hearings),
        simple(["status", "状态"], "where the hearing stands and what is allowed", .anyTime, .status),
        simple(["show", "查看"], "parties, panel, evidence, tally", .anyTime, .show),
        ConsoleCommand(
            names: ["transcript", "笔录"], usage: "transcript [--format md|json]", summary: "the record (笔录)", example: "transcript --format md",
            group: .anyTime, options: ["format"], arguments: [.nothing], optionValues: ["format": .words(["md", "json"])]
        ) { input throws(ConsoleError) in
            let f = try input.arguments().options["format"] ?? "md"
            guard f == "md" || f == "json" else { throw input.usage("--format is md or json") }
            return .transcript(format: f)
        },
        simple(["verify", "核验"], "recompute the hash chain and the draw", .anyTime, .verify),
        simple(["push", "推送"], "deliver outcomes to the case system now", .anyTime, .push),
        ConsoleCommand(
            names: ["case", "案件"], usage: "case list|show|add|import|accept|refuse|extend|schedule|withdraw|terminate|followup|close|reopen|rules … (as `pingli case`)",
            summary: "the office's cases (中文：案件 列表|查看|登记|导入|受理|不予受理|延期|排期|撤回|终止|回访|办结|二次办理)",
            example: "case accept TZ-2026-0042 --moderator 刘调解",
            group: .anyTime,
            arguments: [.words(["list", "show", "add", "import", "accept", "refuse", "extend", "schedule", "withdraw", "terminate", "followup", "close", "reopen", "rules"]
                               + ConsoleWords.caseVerbs.keys.sorted()), .nothing]
        ) { input throws(ConsoleError) in
            guard !input.words.isEmpty else { throw input.usage("which case command? e.g. `case list` or `case show REF`") }
            return .caseCommand(ConsoleWords.caseWords(input.words))
        },
        ConsoleCommand(
            names: ["help", "帮助"], usage: "help [COMMAND]", summary: "commands by stage, or one command", example: "help vote",
            group: .anyTime, arguments: [.words([])]
        ) { input throws(ConsoleError) in .help(input.words.first) },
        ConsoleCommand(
            names: ["quit", "exit", "退出"], usage: "quit", summary: "leave (everything is already saved)", example: "quit",
            group: .anyTime, arguments: [.nothing]
        ) { _ throws(ConsoleError) in .quit },
        ConsoleCommand(
            names: [".read", "读取"], usage: ".read FILE", summary: "run the commands in FILE", example: ".read 开庭脚本.txt",
            group: .anyTime, arguments: [.nothing]
        ) { input throws(ConsoleError) in
            guard input.words.count == 1 else { throw input.usage("one file") }
            return .read(input.words[0])
        },
    ]

    /// A command with no arguments.
    static func simple(_ names: [String], _ summary: String, _ group: ConsoleCommand.Group, _ action: ConsoleAction,
                       kind: HearingCommand.Kind? = nil) -> ConsoleCommand {
        ConsoleCommand(names: names, usage: names[0], summary: summary, example: names[0], group: group, kind: kind, arguments: [.nothing]) {
            input throws(ConsoleError) in
            try input.none()
            return action
        }
    }
}
