import Foundation
import Testing
@testable import PingliKit

/// The real binary in both languages: the same refusal, help and status in zh and en, chosen by
/// `--lang`, `$PINGLI_LANG` or the locale; the record the same whatever language was used.
@Suite("Console language")
struct LanguageTests {
    let dir = TempDir("pingli-lang")

    func database() throws -> String {
        let db = dir.file("lang.sqlite")
        if !FileManager.default.fileExists(atPath: db) {
            #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        }
        return db
    }

    static let script = "open 案件-语言 --kind hearing\nparty add A 张三\nvote 1 applicant\n投漂\nhelp vote\nstatus\n"

    @Test("--lang zh: refusals, did-you-mean, help and status in Chinese")
    func chinese() throws {
        let run = try Pingli.run(["--lang", "zh", "repl", "--db", try database()], stdin: Self.script)
        #expect(run.stderr.contains("<stdin>:2: 需要 --role（--角色）；用法：party add"), "\(run.stderr)")
        #expect(run.stderr.contains("<stdin>:3: 现在不能 `投票`：评理处于 setup"), "\(run.stderr)")
        #expect(run.stderr.contains("<stdin>:4: 未知命令“投漂” —— 您是不是要输入“投票”？"), "\(run.stderr)")
        #expect(run.stdout.contains("已开启 H-2026-"), "\(run.stdout)")
        #expect(run.stdout.contains("例（中文）: 投票 1 支持申请方 --理由 证据充分") && run.stdout.contains("评理员投票"), "\(run.stdout)")
        #expect(run.stdout.contains("可用命令：登记、换规则"), "\(run.stdout)")
        #expect(!run.stderr.contains("not allowed") && !run.stdout.contains("allowed now"))
    }

    @Test("--lang en, and the same with $PINGLI_LANG and the locale")
    func english() throws {
        let db = try database()
        let run = try Pingli.run(["repl", "--db", db, "--lang=en"], stdin: Self.script, environment: ["PINGLI_LANG": "zh"])
        #expect(run.stderr.contains("<stdin>:3: `vote` is not allowed now: the hearing is at stage setup"), "\(run.stderr)")
        #expect(run.stderr.contains("<stdin>:4: unknown command '投漂' — did you mean '投票'?"), "\(run.stderr)")
        #expect(run.stdout.contains("allowed now: party add, spec"), "\(run.stdout)")
        let byVariable = try Pingli.run(["repl", "--db", db], stdin: "vote 1 applicant\n", environment: ["PINGLI_LANG": "zh"])
        #expect(byVariable.stderr.contains("当前没有打开的评理"), "\(byVariable.stderr)")
        var locale = ProcessInfo.processInfo.environment
        locale["PINGLI_LANG"] = nil
        locale["LC_ALL"] = nil
        locale["LC_MESSAGES"] = nil
        locale["LANG"] = "zh_CN.UTF-8"
        locale["PINGLI_DB"] = db
        let byLocale = try Subprocess.run(Pingli.binary, ["pool", "show", "R-NOPE"], environment: locale)
        #expect(byLocale.status != 0 && byLocale.stderr.contains("没有编号为 R-NOPE 的代表"), "\(byLocale.stderr)")
    }

    @Test("a language Pingli does not speak is refused with exit 64, naming where it came from")
    func refused() throws {
        let flag = try Pingli.run(["--lang", "fr", "pool", "list", "--db", try database()])
        #expect(flag.status == 64 && flag.stderr.contains("--lang 'fr' is not a language Pingli speaks"), "\(flag.stderr)")
        let variable = try Pingli.run(["pool", "list", "--db", try database()], environment: ["PINGLI_LANG": "fr"])
        #expect(variable.status == 64 && variable.stderr.contains("$PINGLI_LANG 'fr'"), "\(variable.stderr)")
    }

    @Test("a command's refusal, a store's too, in the reader's language; usage errors stay the parser's")
    func commandErrors() throws {
        let zh = try Pingli.run(["--lang", "zh", "pool", "show", "R-999999", "--db", try database()])
        #expect(zh.status == 1 && zh.stderr.hasPrefix("错误：没有编号为 R-999999 的代表"), "\(zh.stderr)")
        let store = try Pingli.run(["--lang", "zh", "pool", "list", "--db", "mysql://host/db"])
        #expect(store.status == 1 && store.stderr.hasPrefix("错误：--db mysql://… 不是 Pingli 认识的存储"), "\(store.stderr)")
        let en = try Pingli.run(["pool", "show", "R-999999", "--db", try database()])
        #expect(en.status == 1 && en.stderr.hasPrefix("Error: no representative with id R-999999"), "\(en.stderr)")
        // A command that has printed its problems and exits 1 adds no empty "错误：" line.
        let bad = dir.write("bad.csv", Fixtures.csv([Fixtures.row(1), Fixtures.row(2, phone: "13800000001")]))
        let imported = try Pingli.run(["--lang", "zh", "pool", "import", bad, "--db", dir.file("other.sqlite")])
        #expect(imported.status == 1 && imported.stderr.contains("电话 138****0001 重复：第 2 行也有"), "\(imported.stderr)")
        #expect(!imported.stderr.contains("错误：\n") && !imported.stderr.hasSuffix("错误："), "\(imported.stderr)")
        // A case's details and a sheet of cases, as office staff type and fill them.
        let category = try Pingli.run(["--lang", "zh", "case", "add", "TZ-1", "--title", "噪音", "--category", "不存在",
                                       "--party", "张三,申请方", "--db", try database()])
        #expect(category.status == 1 && category.stderr.contains("类别“不存在”不是本组织的类别：邻里纠纷、婚姻家庭"), "\(category.stderr)")
        let sheet = dir.write("cases.csv", "案件编号,事由,类别,当事人\nTZ-2,噪音,邻里纠纷,\"张三,申请方\"\nTZ-2,噪音,邻里纠纷,\"张三,申请方\"\n")
        let imported2 = try Pingli.run(["--lang", "zh", "case", "import", sheet, "--db", try database()])
        #expect(imported2.status == 1 && imported2.stderr.contains("案件 TZ-2 也在第 2 行"), "\(imported2.stderr)")
        // A panel spec someone edited, checked where it is read.
        let panels = dir.file("panels")
        try FileManager.default.createDirectory(atPath: panels, withIntermediateDirectories: true)
        _ = dir.write("panels/even.toml", "name = \"even\"\nkind = \"public-hearing\"\npanel_size = 6\n")
        let spec = try Pingli.run(["--lang", "zh", "draw", "preview", "--spec", "even", "--panels", panels, "--db", try database()])
        #expect(spec.status == 1 && spec.stderr.contains("even.toml:3:1: panel_size 6 是偶数；要表决的评理团须为奇数人"), "\(spec.stderr)")
        let outbox = try Pingli.run(["--lang", "zh", "outbox", "retry", "99", "--db", try database()])
        #expect(outbox.status == 1 && outbox.stderr.hasPrefix("错误：待发送队列第 99 项不存在或已送达"), "\(outbox.stderr)")
        let panelsFolder = try Pingli.run(["--lang", "zh", "draw", "preview", "--panels", dir.file("no-such-folder"), "--db", try database()])
        #expect(panelsFolder.status == 1 && panelsFolder.stderr.hasPrefix("错误：找不到 Panels 文件夹"), "\(panelsFolder.stderr)")
        let usage = try Pingli.run(["--lang", "zh", "pool", "show", "--db", try database()])
        #expect(usage.status == 64 && usage.stderr.contains("Usage: pingli pool show"), "\(usage.stderr)")
    }

    @Test("the record does not depend on the language the console spoke")
    func sameRecord() throws {
        var transcripts: [String] = []
        for lang in ["zh", "en"] {
            let db = dir.file("record-\(lang).sqlite")
            #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
            let text = "open 案件-记录 --kind hearing\nparty add A 张三 --role applicant\nparty add B 李四 --role respondent\nseed A 42\n"
            #expect(try Pingli.run(["--lang", lang, "repl", "--db", db, "--bail"], stdin: text).status == 0)
            transcripts.append(try Pingli.run(["transcript", "H-2026-0001", "--db", db]).stdout)
        }
        #expect(transcripts[0] == transcripts[1] && transcripts[0].contains("登记涉事方"))
    }
}
