import Foundation
import Testing
@testable import PingliKit

/// The real `pingli` binary driven through standard input with the scripts in Fixtures/Scripts.
@Suite("Console scripts end to end")
struct ReplScriptTests {
    let dir = TempDir("pingli-repl")
    var db: String { dir.file("repl.sqlite") }
    static let scripts = Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Scripts/"

    func prepare() throws {
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
    }

    func script(_ name: String) throws -> String { try String(contentsOfFile: Self.scripts + name + ".pingli", encoding: .utf8) }

    func runScript(_ name: String) throws -> PingliRun {
        try prepare()
        let run = try Pingli.run(["repl", "--db", db, "--bail"], stdin: try script(name))
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(run.stderr.isEmpty, "\(name): \(run.stderr)")
        return run
    }

    func transcript(_ id: String, format: String = "md") throws -> String {
        let t = try Pingli.run(["transcript", id, "--db", db, "--format", format])
        #expect(t.status == 0)
        return t.stdout
    }

    @Test("a full public hearing in Chinese matches its transcript snapshot and verifies")
    func fullHearing() throws {
        let run = try runScript("full-hearing")
        #expect(run.stdout.contains("verified"))
        let md = try transcript("H-2026-0001")
        for expected in ["申请2号评理员回避", "申请4号评理员回避", "5号评理员缺席", "举证 E3「装修许可」", "对证据 E3 质证",
                         "5号评理员", "拒绝签名，要求更正：第 21 条应写明许可至晚上九点", "笔录哈希（封存）",
                         "施工时间符合物业规定。\n已取得装修许可", "十点后的施工有视频为证\n可以当场播放"] {
            #expect(md.contains(expected), "missing: \(expected)")
        }
        let votes = md.components(separatedBy: "5号评理员").count - 1
        #expect(votes >= 2, "the changed vote is kept")
        let snapshot = Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/full-hearing.transcript.md"
        if ProcessInfo.processInfo.environment["PINGLI_UPDATE_SNAPSHOTS"] == "1" {
            try md.write(toFile: snapshot, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: snapshot, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let got = md.split(separator: "\n", omittingEmptySubsequences: false)
        if let i = zip(got, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("the transcript differs from the snapshot at line \(i + 1): got «\(got[i])», expected «\(expected[i])» (PINGLI_UPDATE_SNAPSHOTS=1 rewrites it after a deliberate change)")
        }
        #expect(got.count == expected.count)
        let verify = try Pingli.run(["verify", "H-2026-0001", "--db", db])
        #expect(verify.status == 0)
        // The JSON transcript verifies offline, away from the database.
        let json = dir.write("t.json", try transcript("H-2026-0001", format: "json"))
        let offline = try Pingli.run(["verify", "--transcript", json])
        #expect(offline.status == 0, "offline verification: \(offline.stderr.prefix(300))")
    }

    @Test("--script reads devices and pipes; a missing file is a clear error")
    func scriptSources() throws {
        try prepare()
        let empty = try Pingli.run(["repl", "--db", db, "--script", "/dev/null"])
        #expect(empty.status == 0 && empty.stderr.isEmpty, "\(empty.stderr)")
        let missing = try Pingli.run(["repl", "--db", db, "--script", dir.file("no-such-script.pingli")])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read") && missing.stderr.contains("no-such-script.pingli"))
    }

    @Test func mediationEndingInAgreement() throws {
        let run = try runScript("mediation-agreement")
        #expect(run.stdout.contains("verified"))
        let md = try transcript("H-2026-0001")
        #expect(md.contains("达成调解协议：乙方一周内移走车辆；物业重新划线；履行方式：物业公司负责划线，东风社区监督；履行期限：2026-11-28。"))
        #expect(md.contains("# 即时评议调解笔录"))
    }

    @Test func mediationEscalatedToAHearing() throws {
        let run = try runScript("mediation-escalated")
        #expect(run.stdout.components(separatedBy: "\nverified").count - 1 == 2)
        let mediation = try transcript("H-2026-0001")
        #expect(mediation.contains("主持人指定议事代表"))
        #expect(mediation.contains("调解未成，转入评理大会 H-2026-0002"))
        let hearing = try transcript("H-2026-0002")
        #expect(hearing.contains("由即时评议调解 H-2026-0001 转入"))
        #expect(hearing.contains("申请方甲（钱七）"))
    }

    @Test func rehearingExcludesTheEarlierPanel() throws {
        let run = try runScript("rehearing")
        #expect(run.stdout.contains("verified"))
        let json = try transcript("H-2026-0002", format: "json")
        let first = try transcript("H-2026-0001", format: "json")
        func panel(_ text: String) throws -> Set<String> {
            let doc = try JSONDecoder().decode(TranscriptDocument.self, from: Data(text.utf8))
            let state = HearingState.replay(id: doc.hearingID, try doc.events.map(HearingEvent.init))
            return Set(state.seats.map(\.representative))
        }
        let a = try panel(first), b = try panel(json)
        #expect(a.count == 5 && b.count == 11 && a.isDisjoint(with: b))
        #expect(try transcript("H-2026-0002").contains("复议：原评理会 H-2026-0001（原评理团成员回避）"))
    }

    @Test("errors name the line; --bail stops with status 3; a failed command changes nothing")
    func errorsAndBail() throws {
        try prepare()
        let text = "open C-1 --kind hearing\nparty add A 张三 --role applicant\nvotte 1 a\nparty add A 重复 --role respondent\nstatus\n"
        let plain = try Pingli.run(["repl", "--db", db], stdin: text)
        #expect(plain.status == 0)
        #expect(plain.stderr.contains("<stdin>:3: unknown command 'votte' — did you mean 'vote'?"))
        #expect(plain.stderr.contains("<stdin>:4: party label 'A' is taken"))
        #expect(plain.stdout.contains("parties: A 张三（申请方）"), "the refused party add changed nothing")
        let bail = try Pingli.run(["repl", "--db", dir.file("other.sqlite"), "--bail"], stdin: text)
        #expect(bail.status == 3)
        #expect(!bail.stdout.contains("阶段"), "nothing after the first error ran")
        let missing = try Pingli.run(["repl", "--db", "/proc/nope/x.sqlite"], stdin: "status\n")
        #expect(missing.status == 1)
        let scriptFile = dir.write("s.pingli", "help vote\nfoo\n")
        let viaScript = try Pingli.run(["repl", "--db", db, "--script", scriptFile])
        #expect(viaScript.stdout.contains("vote SEAT OPTION [--reason TEXT]"))
        #expect(viaScript.stderr.contains("\(scriptFile):2: unknown command 'foo'"))
        let outOfOrder = try Pingli.run(["repl", "--db", db], stdin: "resume H-2026-0001\nvote 1 applicant\n")
        #expect(outOfOrder.stderr.contains("`vote` is not allowed now: the hearing is at stage setup"))
    }
}

/// The console in the moderator's own language: the same hearing typed in Chinese.
@Suite("Console in Chinese")
struct ChineseConsoleTests {
    let dir = TempDir("pingli-zh")

    func transcript(_ script: String, format: String) throws -> String {
        let db = dir.file(script + ".sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        let text = try String(contentsOfFile: ReplScriptTests.scripts + script + ".pingli", encoding: .utf8)
        let run = try Pingli.run(["repl", "--db", db, "--bail"], stdin: text)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(script): \(run.stderr)")
        #expect(run.stdout.contains("verified"))
        return try Pingli.run(["transcript", "H-2026-0001", "--db", db, "--format", format]).stdout
    }

    @Test("a hearing typed only in Chinese gives the same record, event for event, as typed in English")
    func sameRecord() throws {
        let english = try transcript("full-hearing", format: "json"), chinese = try transcript("full-hearing.zh", format: "json")
        let e = try JSONDecoder().decode(TranscriptDocument.self, from: Data(english.utf8))
        let z = try JSONDecoder().decode(TranscriptDocument.self, from: Data(chinese.utf8))
        #expect(e.events.count == z.events.count && e.events.count > 40)
        for (a, b) in zip(e.events, z.events) {
            #expect(a.type == b.type && a.payload == b.payload, "event \(a.seq): \(a.type) \(a.payload.prefix(120)) vs \(b.type) \(b.payload.prefix(120))")
        }
        // Same clock and operator too, so the chains are identical.
        #expect(e.sealedHash == z.sealedHash)
        #expect(try transcript("full-hearing", format: "md") == (try transcript("full-hearing.zh", format: "md")))
    }

    @Test("Chinese names parse to the same actions; did-you-mean and help work in Chinese")
    func vocabulary() throws {
        for kind in HearingCommand.Kind.allCases {
            #expect(ConsoleCommands.word(for: kind, chinese: true).unicodeScalars.contains { !$0.isASCII }, "\(kind) has a Chinese word")
        }
        #expect { try ConsoleCommands.parse(["投漂", "1", "支持申请方"]) } throws: { "\($0)".contains("did you mean '投票'") }
        #expect { try ConsoleCommands.parse(["投票", "1", "支持申请方", "--理有", "x"]) } throws: { "\($0)".contains("did you mean --理由") }
        let help = try Pingli.run(["repl"], stdin: "帮助 投票\n", environment: ["PINGLI_DB": dir.file("h.sqlite")])
        #expect(help.stdout.contains("例（中文）: 投票 1 支持申请方 --理由 证据充分"), "\(help.stdout)")
        let candidates = ConsoleCompletion.candidates(line: "投", context: .init())
        #expect(candidates.contains("投票"))
        #expect(ConsoleCompletion.candidates(line: "登记 A 张三 --角色 ", context: .init()).contains("申请方"))
    }
}
