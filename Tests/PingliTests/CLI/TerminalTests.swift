import Foundation
import Testing
@testable import PingliKit

/// The console on a real pseudo-terminal (through util-linux `script`), as a moderator sees it.
@Suite("Console on a terminal")
struct TerminalTests {
    let dir = TempDir("pingli-pty")

    func console(history: String?) throws -> LiveConsole {
        let db = dir.file("pty.sqlite")
        let command = "\(Pingli.binary) repl --db \(db)"
        var env = ["TERM": "xterm", "XDG_STATE_HOME": dir.file("state"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        if let history { env["PINGLI_HISTORY"] = history }
        return try LiveConsole(arguments: ["-q", "-e", "-c", command, "/dev/null"], environment: env, executable: "/usr/bin/script")
    }

    @Test("prompt shows the hearing and stage; Chinese survives line editing; history off when asked")
    func promptEditingAndNoHistory() throws {
        let c = try console(history: "")
        #expect(c.wait { $0.contains("pingli> ") }, "first prompt: \(c.text)")
        c.send("open 测试案件-甲 --kind hearing")
        #expect(c.wait { $0.contains("pingli H-2026-0001 [setup]> ") }, "\(c.text)")
        // Type a name, delete its last character with backspace, then finish the line.
        c.send("party add A 张三丰\u{7f} --role applicant")
        #expect(c.wait { $0.contains("登记涉事方") }, "\(c.text)")
        c.send("quit")
        _ = c.finish()
        let store = HearingService(try PingliDatabase(path: dir.file("pty.sqlite")))
        let state = try store.state("H-2026-0001")
        #expect(state.caseRef == "测试案件-甲")
        #expect(state.parties.first?.name == "张三", "backspace removed one whole Chinese character")
        #expect(!FileManager.default.fileExists(atPath: dir.file("state/pingli/history")), "no history when PINGLI_HISTORY is empty")
    }

    @Test func historyFileIsPrivateAndKeepsChinese() throws {
        let path = dir.file("h/history")
        let c = try console(history: path)
        #expect(c.wait { $0.contains("pingli> ") })
        c.send("help 投票")
        #expect(c.wait { $0.contains("例（中文）") })
        c.send("quit")
        _ = c.finish()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("投票") || text.contains("\\346\\212\\225"), "history: \(text)")
    }

    @Test("TAB completes a Chinese command; a mistyped one gets did-you-mean; 帮助 投票 shows a Chinese example")
    func chineseCompletionAndHelp() throws {
        let c = try console(history: "")
        #expect(c.wait { $0.contains("pingli> ") }, "first prompt: \(c.text)")
        c.type("开启 测试案件-乙 --类")
        c.type("\t")
        c.send(" 评理大会")
        #expect(c.wait { $0.contains("pingli H-2026-0001 [setup]> ") }, "option completed by TAB: \(c.text)")
        c.type("登")
        c.type("\t")
        c.send(" A 王五 --角色 申请方")
        #expect(c.wait { $0.contains("登记涉事方") }, "command completed by TAB: \(c.text)")
        c.send("投漂 1 支持申请方")
        #expect(c.wait { $0.contains("did you mean '投票'") }, "\(c.text)")
        c.send("帮助 投票")
        #expect(c.wait { $0.contains("例（中文）: 投票 1 支持申请方 --理由 证据充分") }, "\(c.text)")
        c.send("退出")
        #expect(c.finish() == 0)
        let state = try HearingService(try PingliDatabase(path: dir.file("pty.sqlite"))).state("H-2026-0001")
        #expect(state.kind == .publicHearing && state.parties.first?.role == .applicant && state.parties.first?.name == "王五")
    }

    @Test("the prompt counts overdue cases and cases due within two days")
    func promptCountsCases() throws {
        let db = dir.file("pty.sqlite")
        // Received Saturday 21 November: accept by Wednesday 25 (3 working days).
        #expect(try Pingli.run(["case", "add", "P-1", "--title", "漏水", "--category", "邻里纠纷", "--party", "甲,申请方", "--db", db]).status == 0)
        #expect(try Pingli.run(["case", "add", "P-2", "--title", "噪音", "--category", "邻里纠纷", "--party", "乙,申请方", "--db", db],
                               environment: ["PINGLI_NOW": "2026-11-24T01:00:00Z"]).status == 0)
        // On Thursday 26: P-1 is overdue, P-2 (accept by Friday 27) is due within two days.
        let c = try LiveConsole(arguments: ["-q", "-e", "-c", "\(Pingli.binary) repl --db \(db)", "/dev/null"],
                                environment: ["TERM": "xterm", "PINGLI_HISTORY": "", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                                              "PINGLI_NOW": "2026-11-26T01:00:00Z", "PINGLI_LANG": "zh"], executable: "/usr/bin/script")
        #expect(c.wait { $0.contains("pingli {1 件超期, 1 件两日内到期}> ") }, "\(c.text)")
        c.send("quit")
        _ = c.finish()
    }
}
