extension ConsoleCommands {
    /// Before the panel is drawn: parties, the draw's randomness, the draw.
    static let setup: [ConsoleCommand] = [
        ConsoleCommand(
            names: ["party", "登记"], usage: "party add LABEL NAME --role applicant|respondent|other [--community X] [--household X] [--work-unit X] [--representative R-ID] [--phone X]",
            example: "party add A 张三 --role applicant --community 东风社区",
            group: .setup, kind: .addParty, options: ["role", "community", "household", "work-unit", "representative", "phone"], arguments: [.words(["add"]), .nothing],
            optionValues: ["role": .words(Party.Role.allCases.map(\.rawValue) + ["申请方", "被申请方", "第三方"])]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            // `登记 LABEL NAME` is `party add LABEL NAME`.
            let p = input.typed == "party" ? a.positional : ["add"] + a.positional
            guard p.first == "add" else { throw input.usage(Message("console.only-party-command-party")) }
            guard p.count >= 3 else { throw input.usage(Message("console.label-name-needed")) }
            guard let roleText = a.options["role"] else { throw input.usage(Message("console.role-needed")) }
            guard let role = ConsoleWords.role(roleText) else { throw input.usage(Message("console.role-applicant-respondent-other")) }
            return .hearing(.addParty(Party(label: p[1], name: p[2...].joined(separator: " "), role: role,
                                            community: a.options["community"], household: a.options["household"], workUnit: a.options["work-unit"],
                                            representative: a.options["representative"], phone: a.options["phone"])))
        },
        ConsoleCommand(
            names: ["spec", "换规则"], usage: "spec NAME --reason TEXT",
            example: "spec hearing-5 --reason 本社区专业人才不足", group: .setup, kind: .changeSpec, options: ["reason"],
            arguments: [.spec, .nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard a.positional.count == 1 else { throw input.usage(Message("console.one-spec-name-see")) }
            guard let reason = a.options["reason"] else { throw input.usage(Message("console.reason-needed-record-says")) }
            return .changeSpec(name: a.positional[0], reason: reason)
        },
        ConsoleCommand(
            names: ["relax", "放宽"], usage: "relax --reason TEXT",
            example: "relax --reason 本社区律师不足，经双方同意放宽", group: .setup, kind: .changeSpec, options: ["reason"], arguments: [.nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard a.positional.isEmpty else { throw input.usage(Message("console.takes-only-reason")) }
            guard let reason = a.options["reason"] else { throw input.usage(Message("console.reason-needed-record-says-2")) }
            return .relax(reason: reason)
        },
        ConsoleCommand(
            names: ["commit", "承诺"], usage: "commit LABEL SHA256HEX", example: "commit A 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
            group: .setup, kind: .commit, arguments: [.partyLabel, .nothing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            guard p.count == 2 else { throw input.usage(Message("console.label-digit-hex-commitment")) }
            return .hearing(.commit(label: ConsoleWords.label(p[0]), commitment: p[1]))
        },
        labelled(["reveal", "揭示"], "reveal A 苹果42", .setup, kind: .reveal,
                 argument: "SECRET", what: Message("console.what-secret")) { .reveal(label: $0, secret: $1) },
        labelled(["seed", "报数"], "seed A 7291", .setup, kind: .seed,
                 argument: "TEXT", what: Message("console.what-number")) { .seed(label: $0, text: $1) },
        simple(["probabilities", "概率"], .setup, .probabilities),
        simple(["draw", "抽取"], .setup, .draw, kind: .draw),
        ConsoleCommand(
            names: ["name", "指定"], usage: "name R-ID [R-ID …]", example: "name R-000003 R-000017",
            group: .setup, kind: .name, arguments: [.nothing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            guard !p.isEmpty else { throw input.usage(Message("console.name-at-least-one")) }
            return .hearing(.name(p))
        },
    ]

    /// Once the panel is drawn: recusals, absences, more alternates, confirmation.
    static let panel: [ConsoleCommand] = [
        ConsoleCommand(
            names: ["challenge", "回避"], usage: "challenge SEAT --by LABEL --reason TEXT",
            example: "challenge 3 --by B --reason 与申请方系同事",
            group: .panel, kind: .challenge, options: ["by", "reason"], arguments: [.seat, .nothing], optionValues: ["by": .partyLabel]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard a.positional.count == 1 else { throw input.usage(Message("console.one-seat-number")) }
            guard let by = a.options["by"], let reason = a.options["reason"] else { throw input.usage(Message("console.reason-needed-2")) }
            return .hearing(.challenge(seat: try input.int(a.positional[0], "SEAT"), by: ConsoleWords.label(by), reason: reason))
        },
        ConsoleCommand(
            names: ["absent", "缺席"], usage: "absent SEAT --reason TEXT", example: "absent 5 --reason 生病", group: .panel, kind: .absent, options: ["reason"], arguments: [.seat, .nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard a.positional.count == 1 else { throw input.usage(Message("console.one-seat-number")) }
            guard let reason = a.options["reason"] else { throw input.usage(Message("console.reason-needed")) }
            return .hearing(.absent(seat: try input.int(a.positional[0], "SEAT"), reason: reason))
        },
        simple(["draw-more", "增抽"], .panel, .drawMore, kind: .drawMore),
        simple(["confirm", "确认"], .panel, .hearing(.confirm), kind: .confirm),
    ]
}
