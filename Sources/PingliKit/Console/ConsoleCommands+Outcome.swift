extension ConsoleCommands {
    /// The outcome, the read-back, signatures, corrections and closing.
    static let outcome: [ConsoleCommand] = [
        ConsoleCommand(
            names: ["agree", "协议"],
            usage: "agree --terms TEXT --facts TEXT --responsibility TEXT --performance TEXT --place TEXT --deadline DATE",
            example: "agree --terms 乙方赔偿甲方500元 --facts 乙方装修致甲方墙面受损 --responsibility 乙方负全部责任 --performance 现金支付 --place 社区调解室 --deadline 2026-12-31",
            group: .outcome, kind: .agree, options: ["terms", "performance", "deadline", "facts", "responsibility", "place"], arguments: [.nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard let terms = a.options["terms"] ?? (a.positional.isEmpty ? nil : a.positional.joined(separator: " ")) else {
                throw input.usage(Message("console.terms-needed"))
            }
            if let d = a.options["deadline"], Day(d) == nil { throw input.usage(Message("console.deadline-not-date-yyyy", d)) }
            return .hearing(.agree(terms: terms, performance: a.options["performance"], deadline: a.options["deadline"].flatMap { Day($0)?.description },
                                   facts: a.options["facts"], responsibility: a.options["responsibility"], place: a.options["place"]))
        },
        ConsoleCommand(
            names: ["escalate", "转评理"], usage: "escalate [--spec NAME]", example: "escalate --spec hearing-7", group: .outcome, kind: .escalate, options: ["spec"], arguments: [.nothing],
            optionValues: ["spec": .spec]
        ) { input throws(ConsoleError) in .escalate(spec: try input.arguments().options["spec"]) },
        simple(["readback", "宣读"], .outcome, .hearing(.readBack), kind: .readBack),
        ConsoleCommand(
            names: ["sign", "签名"], usage: "sign LABEL", example: "sign A",
            group: .outcome, kind: .sign, arguments: [.partyLabel, .nothing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            guard p.count == 1 else { throw input.usage(Message("console.one-party-label")) }
            return .hearing(.sign(party: p[0]))
        },
        ConsoleCommand(
            names: ["refuse-sign", "拒签"], usage: "refuse-sign LABEL --correction TEXT", example: "refuse-sign B --correction 第9条时间有误", group: .outcome, kind: .refuseSign, options: ["correction"],
            arguments: [.partyLabel, .nothing]
        ) { input throws(ConsoleError) in
            let a = try input.arguments()
            guard a.positional.count == 1, let c = a.options["correction"] else { throw input.usage(Message("console.label-correction-needed")) }
            return .hearing(.refuseSign(party: a.positional[0], correction: c))
        },
        ConsoleCommand(
            names: ["correct", "更正"], usage: "correct SEQ TEXT", example: "correct 12 应为晚上九点", group: .outcome, kind: .correct, arguments: [.nothing]
        ) { input throws(ConsoleError) in
            let p = try input.positional
            guard p.count >= 1 else { throw input.usage(Message("console.seq-missing")) }
            return .hearing(.correct(seq: try input.int(p[0], "SEQ"), text: try input.text(p, from: 1, Message("console.what-correction"))))
        },
        simple(["close", "闭会"], .outcome, .hearing(.close), kind: .close),
    ]
}
