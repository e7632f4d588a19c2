extension ConsoleCommands {
    /// Commands allowed at any stage: opening and finding hearings, reading and checking them.
    static let anyTime: [ConsoleCommand] = [
        ConsoleCommand(
            names: ["open", "开启"],
            usage: "open CASE-REF --kind hearing|mediation [--spec NAME] [--place TEXT] [--rehearing-of H-ID]  |  open --case CASE-REF --place TEXT [--kind …] [--date D] [--time HH:MM]",
            example: "open --case TZ-2026-0042 --kind mediation --place 东城社区调解室",
            group: .anyTime, options: ["kind", "spec", "place", "rehearing-of", "case", "date", "time"], arguments: [.nothing],
            optionValues: ["kind": .words(["hearing", "mediation", "评理大会", "即时调解"]), "spec": .spec, "rehearing-of": .hearing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard var kind = ConsoleWords.kind(a.options["kind"] ?? "hearing") else {
                throw input.usage(Message("console.kind-hearing-mediation"))
            }
            if let ref = a.options["case"] {
                guard a.positional.isEmpty else { throw input.usage(Message("console.give-case-either-as")) }
                guard a.options["rehearing-of"] == nil else { throw input.usage(Message("console.case-second-round-opened")) }
                guard let place = a.options["place"] else { throw input.usage(Message("console.say-where-place")) }
                return .openCase(ref: ref, kind: kind, spec: a.options["spec"], place: place, date: a.options["date"], time: a.options["time"])
            }
            guard a.positional.count == 1 else {
                throw input.usage(Message(a.positional.isEmpty ? "console.case-reference-missing" : "console.one-case-reference"))
            }
            if kind == .publicHearing && a.options["rehearing-of"] != nil { kind = .rehearing }
            return .open(caseRef: a.positional[0], kind: kind, spec: a.options["spec"], place: a.options["place"], rehearingOf: a.options["rehearing-of"])
        },
        ConsoleCommand(
            names: ["resume", "继续"], usage: "resume H-ID  (or, without an id, resume after an adjournment)",
            example: "resume H-2026-0007",
            group: .anyTime, kind: .resume, arguments: [.hearing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            if p.isEmpty { return .hearing(.resume) }
            guard p.count == 1 else { throw input.usage(Message("console.one-hearing-id")) }
            return .resumeHearing(p[0])
        },
        simple(["hearings", "列表"], .anyTime, .hearings),
        simple(["status", "状态"], .anyTime, .status),
        simple(["show", "查看"], .anyTime, .show),
        ConsoleCommand(
            names: ["transcript", "笔录"], usage: "transcript [--format md|json]", example: "transcript --format md",
            group: .anyTime, options: ["format"], arguments: [.nothing], optionValues: ["format": .words(["md", "json"])]
        ) { input throws(ConsoleError) in
            let f = try input.arguments().options["format"] ?? "md"
            guard f == "md" || f == "json" else { throw input.usage(Message("console.format-md-json")) }
            return .transcript(format: f)
        },
        simple(["verify", "核验"], .anyTime, .verify),
        simple(["push", "推送"], .anyTime, .push),
        ConsoleCommand(
            names: ["case", "案件"], usage: "case list|show|add|import|accept|refuse|extend|schedule|withdraw|terminate|followup|close|reopen|rules … (as `pingli case`)",
            example: "case accept TZ-2026-0042 --moderator 刘调解",
            group: .anyTime,
            arguments: [.words(["list", "show", "add", "import", "accept", "refuse", "extend", "schedule", "withdraw", "terminate", "followup", "close", "reopen", "rules"]
                               + ConsoleWords.caseVerbs.keys.sorted()), .nothing]
        ) { input throws(ConsoleError) in
            guard !input.words.isEmpty else { throw input.usage(Message("console.which-case-command-e")) }
            return .caseCommand(ConsoleWords.caseWords(input.words))
        },
        ConsoleCommand(
            names: ["help", "帮助"], usage: "help [COMMAND]", example: "help vote",
            group: .anyTime, arguments: [.words([])]
        ) { input throws(ConsoleError) in .help(input.words.first) },
        ConsoleCommand(
            names: ["quit", "exit", "退出"], usage: "quit", example: "quit",
            group: .anyTime, arguments: [.nothing]
        ) { _ throws(ConsoleError) in .quit },
        ConsoleCommand(
            names: [".read", "读取"], usage: ".read FILE", example: ".read 开庭脚本.txt",
            group: .anyTime, arguments: [.nothing]
        ) { input throws(ConsoleError) in
            guard input.words.count == 1 else { throw input.usage(Message("console.one-file")) }
            return .read(input.words[0])
        },
    ]

    /// A command with no arguments.
    static func simple(_ names: [String], _ group: ConsoleCommand.Group, _ action: ConsoleAction,
                       kind: HearingCommand.Kind? = nil) -> ConsoleCommand {
        ConsoleCommand(names: names, usage: names[0], example: names[0], group: group, kind: kind, arguments: [.nothing]) {
            input throws(ConsoleError) in
            try input.none()
            return action
        }
    }
}
