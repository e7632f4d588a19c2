extension ConsoleCommands {
    /// The session: statements, evidence and its examination, debate, questions.
    static let session: [ConsoleCommand] = [
        simple(["start", "开始"], .session, .hearing(.start), kind: .start),
        labelled(["statement", "陈述"], "statement A 邻居装修噪音持续三个月", .session, kind: .statement) { .statement(party: $0, text: $1) },
        ConsoleCommand(
            names: ["evidence", "举证"], usage: "evidence LABEL TITLE [--file PATH] [--desc TEXT]", example: "evidence A 噪音检测报告 --file 报告.pdf", group: .session, kind: .evidence, options: ["file", "desc"],
            arguments: [.partyLabel, .nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard a.positional.count >= 2 else { throw input.usage(Message("console.label-title-needed")) }
            return .evidence(party: a.positional[0], title: a.positional[1...].joined(separator: " "), file: a.options["file"], description: a.options["desc"])
        },
        ConsoleCommand(
            names: ["respond", "质证"], usage: "respond EVIDENCE-ID LABEL TEXT", example: "respond E1 B 检测时间不在施工时段", group: .session, kind: .respond, arguments: [.evidence, .partyLabel, .nothing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            guard p.count >= 2 else { throw input.usage(Message("console.evidence-id-label-needed")) }
            return .hearing(.respond(evidence: p[0], party: p[1], text: try input.text(p, from: 2, Message("console.what-response"))))
        },
        labelled(["debate", "辩论"], "debate A 晚上十点后仍在施工", .session, kind: .debate) { .debate(party: $0, text: $1) },
        ConsoleCommand(
            names: ["question", "提问"], usage: "question SEAT TEXT", example: "question 2 施工一般几点结束？",
            group: .session, kind: .question, arguments: [.seat, .nothing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            guard p.count >= 1 else { throw input.usage(Message("console.seat-missing")) }
            return .hearing(.question(seat: try input.int(p[0], "SEAT"), text: try input.text(p, from: 1, Message("console.what-question"))))
        },
        labelled(["answer", "回答"], "answer B 晚上九点", .session, kind: .answer) { .answer(party: $0, text: $1) },
        ConsoleCommand(
            names: ["note", "记录"], usage: "note TEXT", example: "note 双方同意先行停工",
            group: .session, kind: .note, arguments: [.nothing]
        ) { input throws(ConsoleError) in .hearing(.note(try input.text(try input.positional, from: 0, Message("console.what-note")))) },
        ConsoleCommand(
            names: ["adjourn", "休会"], usage: "adjourn --reason TEXT", example: "adjourn --reason 等待物业到场",
            group: .session, kind: .adjourn, options: ["reason"], arguments: [.nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard let reason = a.options["reason"] ?? (a.positional.isEmpty ? nil : a.positional.joined(separator: " ")) else {
                throw input.usage(Message("console.reason-needed"))
            }
            return .hearing(.adjourn(reason: reason))
        },
        ConsoleCommand(
            names: ["withdraw", "撤回"], usage: "withdraw --reason TEXT [--terminate]",
            example: "withdraw --reason 双方已自行和解",
            group: .session, kind: .withdraw, options: ["reason"], flags: ["terminate"], arguments: [.nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard let reason = a.options["reason"] ?? (a.positional.isEmpty ? nil : a.positional.joined(separator: " ")) else {
                throw input.usage(Message("console.reason-needed"))
            }
            return .withdraw(reason: reason, terminated: a.flags.contains("terminate"))
        },
    ]

    /// Voting and the verdict.
    static let voting: [ConsoleCommand] = [
        ConsoleCommand(
            names: ["vote", "投票"], usage: "vote SEAT OPTION [--reason TEXT]", example: "vote 1 applicant --reason 证据充分", group: .voting, kind: .vote, options: ["reason"], arguments: [.seat, .ballotOption, .nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard a.positional.count == 2 else { throw input.usage(Message("console.seat-option-needed")) }
            return .hearing(.vote(seat: try input.int(a.positional[0], "SEAT"), option: a.positional[1], reason: a.options["reason"]))
        },
        simple(["close-voting", "结束投票"], .voting, .hearing(.closeVoting), kind: .closeVoting),
        simple(["tally", "计票"], .voting, .hearing(.tally), kind: .tally),
        ConsoleCommand(
            names: ["verdict", "评判"], usage: "verdict TEXT", example: "verdict 支持申请方，被申请方夜间停止施工",
            group: .voting, kind: .verdict, arguments: [.nothing]
        ) { input throws(ConsoleError) in .hearing(.verdict(try input.text(try input.positional, from: 0, Message("console.what-verdict")))) },
    ]

    /// A command whose words are a label (a party, or the moderator) and free text.
    static func labelled(_ names: [String], _ example: String, _ group: ConsoleCommand.Group,
                         kind: HearingCommand.Kind, argument: String = "TEXT", what: Message = Message("console.what-text"),
                         _ make: @escaping @Sendable (String, String) -> HearingCommand) -> ConsoleCommand {
        ConsoleCommand(names: names, usage: "\(names[0]) LABEL \(argument)", example: example, group: group, kind: kind,
                       arguments: [.partyLabel, .nothing]) { input throws(ConsoleError) in
            let p = try input.positional
            guard p.count >= 1 else { throw input.usage(Message("console.label-missing")) }
            return .hearing(make(ConsoleWords.label(p[0]), try input.text(p, from: 1, what)))
        }
    }
}
