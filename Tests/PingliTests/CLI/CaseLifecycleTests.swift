import Foundation
import Testing
@testable import PingliKit

/// Cases through the real binary: referrals over HTTP into `pingli serve` (real libcurl, real
/// FlyingFox on 127.0.0.1), the office's verbs, hearings opened from cases in the console, and
/// every status delivered to the reference case store in order.
@Suite("Cases end to end", .serialized)
struct CaseLifecycleTests {
    let dir = TempDir("pingli-cases")
    var db: String { dir.file("office.sqlite") }
    let secret = WebhookSecret.generate()

    func prepare() throws -> String {
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        let secretFile = dir.write("intake.secret", secret + "\n")
        let configured = try Pingli.run(["intake", "configure", "--db", db, "--secret-file", secretFile])
        #expect(configured.status == 0, "\(configured.stderr)")
        #expect(!configured.stdout.contains(secret) && !configured.stderr.contains(secret), "the secret is never printed")
        return secretFile
    }

    /// Starts `pingli serve` and returns it with its port.
    func serve() throws -> (LiveConsole, Int) {
        let server = try LiveConsole(arguments: ["serve", "--port", "0", "--db", db])
        guard server.wait(until: { $0.contains("listening on") }),
              let port = server.text.split(separator: ":").compactMap({ Int($0.prefix { $0.isNumber }) }).first(where: { $0 > 1000 }) else {
            server.kill()
            throw TestFailure("pingli serve did not start: \(server.text)")
        }
        return (server, port)
    }

    static func referral(id: String, ref: String, title: String = "楼上漏水", parties: String? = nil, due: String = "2026-12-31",
                         extra: String = "") -> String {
        let p = parties ?? #"[{"name":"王建国","role":"applicant","community":"东城社区","phone":"13800000000"},{"name":"李红","role":"respondent"}]"#
        return #"{"specversion":"1.0","id":"\#(id)","source":"urn:taizhang:zhongshi","type":"cn.taizhang.referral","datacontenttype":"application/json","data":{"case_ref":"\#(ref)","title":"\#(title)","category":"邻里纠纷","parties":\#(p),"due":"\#(due)"\#(extra)}}"#
    }

    /// POSTs `body` signed with `secret` (or as told) through libcurl.
    func post(_ port: Int, id: String, body: String, secret: String? = nil, timestamp: Int? = nil, path: String = "/referrals") throws -> AttemptResult {
        let ts = timestamp ?? Int(Date().timeIntervalSince1970)
        let data = Data(body.utf8)
        let signature = WebhookSignature.header(id: id, timestamp: ts, body: data, secrets: [try WebhookSecret(secret ?? self.secret)])
        return try CurlTransport().post(url: "http://127.0.0.1:\(port)\(path)", headers: [
            ("content-type", "application/json"), ("webhook-id", id), ("webhook-timestamp", String(ts)), ("webhook-signature", signature),
        ], body: data)
    }

    func caseCount() throws -> Int {
        let list = try Pingli.run(["case", "list", "--db", db, "--format", "csv"])
        return list.stdout.split(separator: "\n").count - 1
    }

    func pingli(_ args: [String]) throws -> PingliRun {
        let run = try Pingli.run(args + ["--db", db])
        #expect(run.status == 0, "\(args.joined(separator: " ")): \(run.stderr)")
        return run
    }

    @Test("intake: stored once per webhook-id; bad signature, stale timestamp, bad JSON, missing field, unknown role refused with nothing stored")
    func intake() throws {
        _ = try prepare()
        let (server, port) = try serve()
        defer { server.kill() }
        let first = try post(port, id: "msg-1", body: Self.referral(id: "msg-1", ref: "TZ-2026-0001"))
        #expect(first.status == 201, "\(first.responseBody)")
        let again = try post(port, id: "msg-1", body: Self.referral(id: "msg-1", ref: "TZ-2026-0001"))
        #expect(again.status == 200 && again.responseBody.contains("duplicate"))
        #expect(try caseCount() == 1)

        let refusals: [(String, AttemptResult, Int, String)] = [
            ("wrong secret", try post(port, id: "m2", body: Self.referral(id: "m2", ref: "TZ-2"), secret: WebhookSecret.generate()), 401, "signature"),
            ("stale", try post(port, id: "m3", body: Self.referral(id: "m3", ref: "TZ-3"), timestamp: Int(Date().timeIntervalSince1970) - 600), 401, "300"),
            ("bad JSON", try post(port, id: "m4", body: #"{"specversion":"1.0","id":"m4","data":{"#), 400, "JSON"),
            ("missing title", try post(port, id: "m5", body: Self.referral(id: "m5", ref: "TZ-5").replacingOccurrences(of: #""title":"楼上漏水","#, with: "")), 400, "data.title"),
            ("unknown role", try post(port, id: "m6", body: Self.referral(id: "m6", ref: "TZ-6", parties: #"[{"name":"王","role":"applicant"},{"name":"李","role":"被告"}]"#)), 400, "data.parties[1].role"),
            ("bad due", try post(port, id: "m7", body: Self.referral(id: "m7", ref: "TZ-7", due: "2026-13-01")), 400, "data.due"),
            ("unknown category", try post(port, id: "m8", body: Self.referral(id: "m8", ref: "TZ-8").replacingOccurrences(of: "邻里纠纷", with: "水电")), 400, "data.category"),
            ("id mismatch", try post(port, id: "m9", body: Self.referral(id: "other", ref: "TZ-9")), 400, "webhook-id"),
            ("same case, new id", try post(port, id: "m10", body: Self.referral(id: "m10", ref: "TZ-2026-0001")), 409, "already exists"),
            ("wrong path", try post(port, id: "m11", body: Self.referral(id: "m11", ref: "TZ-11"), path: "/outcomes"), 404, "/referrals"),
        ]
        for (what, result, status, mention) in refusals {
            #expect(result.status == status, "\(what): \(result.status.map(String.init) ?? "none") \(result.responseBody)")
            #expect(result.responseBody.contains(mention), "\(what): \(result.responseBody)")
        }
        #expect(try caseCount() == 1, "nothing half-stored")
        let show = try pingli(["case", "show", "TZ-2026-0001"])
        #expect(show.stdout.contains("王建国（申请方）") && show.stdout.contains("办结时限 2026-12-31"))
        #expect(try pingli(["verify", "TZ-2026-0001"]).stdout.contains("case TZ-2026-0001 verified"))
    }

    @Test("referral → accept → hearing opened from the case → verdict → follow-up → close; another: unsatisfied → reopen → re-hearing without the first panel; statuses delivered in order after an outage")
    func lifecycle() throws {
        _ = try prepare()
        let (server, port) = try serve()
        #expect(try post(port, id: "r1", body: Self.referral(id: "r1", ref: "TZ-A")).status == 201)
        #expect(try post(port, id: "r2", body: Self.referral(id: "r2", ref: "TZ-B", title: "押金纠纷")).status == 201)
        server.kill()

        // Statuses queue while the case store is down (no receiver configured yet is the outage).
        _ = try pingli(["case", "accept", "TZ-A", "--moderator", "刘调解"])
        _ = try pingli(["case", "accept", "TZ-B", "--moderator", "刘调解"])
        let hearing = """
            open --case TZ-A --kind hearing --spec hearing-5 --place 中市街道评理室 --date 2026-11-23 --time 09:30
            seed A 1
            seed B 2
            seed 主持人 3
            draw
            confirm
            start
            statement A 楼上卫生间漏水三个月。
            statement B 已经找人修过。
            vote 1 applicant
            vote 2 applicant
            vote 3 applicant
            vote 4 respondent
            vote 5 applicant
            tally
            verdict 支持申请方：一周内修复防水。
            readback
            sign A
            sign B
            close
            """
        let run = try Pingli.run(["repl", "--db", db, "--bail"], stdin: hearing)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("A 王建国（申请方）"), "parties carried over: \(run.stdout.prefix(400))")
        var show = try pingli(["case", "show", "TZ-A"]).stdout
        #expect(show.contains("评理结论（H-2026-0001）") && show.contains("已有结果"), "\(show)")
        let refused = try Pingli.run(["case", "close", "TZ-A", "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("回访"), "close before follow-up: \(refused.stderr)")
        _ = try pingli(["case", "followup", "TZ-A", "--performance", "已履行", "--satisfaction", "满意"])
        _ = try pingli(["case", "close", "TZ-A"])
        show = try pingli(["case", "show", "TZ-A"]).stdout
        #expect(show.contains("状态 已办结"))

        // The second case: a hearing, an unsatisfied follow-up, a second round.
        let second = hearing.replacingOccurrences(of: "TZ-A", with: "TZ-B").replacingOccurrences(of: "seed A 1", with: "seed A 7")
        #expect(try Pingli.run(["repl", "--db", db, "--bail"], stdin: second).status == 0)
        _ = try pingli(["case", "followup", "TZ-B", "--performance", "未履行", "--satisfaction", "不满意", "--note", "仍未退还"])
        _ = try pingli(["case", "reopen", "TZ-B", "--reason", "协议未履行，申请人要求复议"])
        let scheduled = try pingli(["case", "schedule", "TZ-B", "--place", "街道评理室", "--date", "2026-11-25", "--notices", dir.file("notices")])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("notices")).sorted() == ["notice-A.pdf", "notice-B.pdf"])
        #expect(scheduled.stdout.contains("H-2026-0003") && scheduled.stdout.contains("复议"), "\(scheduled.stdout)")
        let database = try PingliDatabase(path: db)
        let first = try HearingService(database).state("H-2026-0002")
        let rehearing = try HearingService(database).state("H-2026-0003")
        #expect(rehearing.kind == .rehearing && Set(rehearing.excludedPanel) == Set(first.seats.map(\.representative)))
        #expect(try CaseService(log: SQLiteCaseLog(database)).state("TZ-B").round == 2)

        // The case store is down when delivery is first tried, then comes back on the same port:
        // every status and outcome arrives, each case's in order.
        let caseDB = dir.file("casestore.sqlite")
        let secretFile = dir.write("out.secret", WebhookSecret.generate() + "\n")
        func startReceiver(_ port: Int) throws -> (LiveConsole, Int) {
            let r = try LiveConsole(arguments: ["casestore", "serve", "--port", String(port), "--db", caseDB, "--secret-file", secretFile])
            #expect(r.wait(until: { $0.contains("listening on") }), "\(r.text)")
            return (r, r.text.split(separator: ":").compactMap({ Int($0.prefix { $0.isNumber }) }).first(where: { $0 > 1000 }) ?? 0)
        }
        let (probe, rport) = try startReceiver(0)
        probe.kill()
        _ = try pingli(["outbox", "configure", "--url", "http://127.0.0.1:\(rport)", "--secret-file", secretFile, "--schedule", "0,1,1,1,1"])
        let down = try Pingli.run(["outbox", "drain", "--once", "--db", db])
        #expect(try PingliDatabase(path: db).outbox.list().allSatisfy { $0.status == .pending }, "nothing lost while the case store is down: \(down.stderr)")
        let (receiver, _) = try startReceiver(rport)
        defer { receiver.kill() }
        Thread.sleep(forTimeInterval: 1.2)   // the retry schedule's next step
        _ = try pingli(["outbox", "drain", "--once"])
        #expect(try PingliDatabase(path: db).outbox.list().allSatisfy { $0.status == .delivered })
        let store = try CaseStoreReceiver(path: caseDB, secrets: [try WebhookSecret(WebhookSecret.generate())])
        let got = try store.outcomes()
        let a = got.filter { $0.caseRef == "TZ-A" }
        #expect(a.map(\.type) == ["pingli.case.accepted", "pingli.hearing.scheduled", "pingli.hearing.closed", "pingli.case.followed-up", "pingli.case.closed"],
                "\(a.map(\.type))")
        #expect(a.map(\.sequence) == Array(1...5))
        let b = got.filter { $0.caseRef == "TZ-B" }
        #expect(b.map(\.type).suffix(3) == ["pingli.case.followed-up", "pingli.case.reopened", "pingli.hearing.scheduled"], "\(b.map(\.type))")
        for o in got { #expect(!o.body.contains("13800000000"), "no phone leaves the office") }
        let latest = try store.caseStatuses()
        #expect(latest.first { $0.caseRef == "TZ-A" }?.status == "closed")
        #expect(latest.first { $0.caseRef == "TZ-B" }?.status == "scheduled")
        let list = try Pingli.run(["casestore", "list", "--db", caseDB])
        #expect(list.stdout.contains("latest status of each case") && list.stdout.contains("closed"))
        #expect(try pingli(["verify", "TZ-B"]).stdout.contains("case TZ-B verified"))
    }

    @Test("withdrawal before and after the draw; overdue cases listed; a tampered case event is caught by verify")
    func withdrawalOverdueTampering() throws {
        _ = try prepare()
        _ = try pingli(["case", "add", "W-1", "--title", "噪音", "--category", "邻里纠纷", "--party", "甲某,申请方", "--party", "乙某,被申请方"])
        _ = try pingli(["case", "withdraw", "W-1", "--reason", "双方自行和解"])
        _ = try pingli(["case", "close", "W-1"])
        _ = try pingli(["case", "add", "W-2", "--title", "车位", "--category", "物业纠纷", "--party", "丙某,applicant", "--party", "丁某,respondent"])
        _ = try pingli(["case", "accept", "W-2", "--moderator", "刘调解"])
        let drawn = try Pingli.run(["repl", "--db", db, "--bail"], stdin: "open --case W-2 --kind mediation --place 调解室\nseed A 5\nseed B 6\nseed moderator 7\ndraw\n")
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let w = try pingli(["case", "withdraw", "W-2", "--reason", "申请人撤回"]).stdout
        #expect(w.contains("撤回（H-2026-0001）"), "\(w)")
        // The drawn hearing's record is closed as withdrawn, sealed, and still verifies.
        let record = try pingli(["transcript", "H-2026-0001"]).stdout
        #expect(record.contains("申请方撤回，评理终结，理由：申请人撤回") && record.contains("笔录哈希（封存）"), "\(record)")
        #expect(try pingli(["verify", "W-2"]).stdout.contains("case W-2 verified"))
        let queued = try PingliDatabase(path: db).outbox.list().filter { $0.caseRef == "W-2" }.map(\.type)
        #expect(queued.suffix(2) == ["pingli.hearing.withdrawn", "pingli.case.withdrawn"], "\(queued)")
        // A hearing opened without a case is withdrawn from the console itself.
        let plain = try Pingli.run(["repl", "--db", db, "--bail"],
                                   stdin: "open X-1 --kind mediation\nparty add A 甲 --role applicant\n撤回 --理由 当事人未到场 --终止\nstatus\n")
        #expect(plain.status == 0 && plain.stdout.contains("调解组织终止评理，理由：当事人未到场"), "\(plain.stdout) \(plain.stderr)")

        // Received on Saturday 21 Nov: accept by Wednesday 25 Nov (3 working days); overdue by the 26th.
        _ = try pingli(["case", "add", "W-3", "--title", "漏水", "--category", "邻里纠纷", "--party", "戊某,申请方"])
        let later = try Pingli.run(["case", "list", "--overdue", "--db", db, "--format", "json"], environment: ["PINGLI_NOW": "2026-11-26T01:00:00Z"])
        #expect(later.stdout.contains("\"case_ref\":\"W-3\"") && later.stdout.contains("\"next_deadline\":\"2026-11-25\"") && !later.stdout.contains("W-1"),
                "\(later.stdout)")
        let prompt = try Pingli.run(["repl", "--db", db], stdin: "status\n", environment: ["PINGLI_NOW": "2026-11-24T01:00:00Z"])
        #expect(prompt.status == 0)

        #expect(try pingli(["verify", "W-3"]).status == 0)
        let database = try PingliDatabase(path: db)
        try database.pool.writeWithoutTransaction { d in
            try d.execute(sql: "DROP TRIGGER case_event_append_only_update")
            try d.execute(sql: "UPDATE case_event SET payload = replace(payload, '漏水', '渗水') WHERE case_ref = 'W-3'")
        }
        let broken = try Pingli.run(["verify", "W-3", "--db", db])
        #expect(broken.status == 2 && broken.stdout.contains("event 1 was changed"), "\(broken.stdout)")
    }
}

extension CaseLifecycleTests {
    @Test("a CSV sheet of cases: all rows or none, the bad line named; the console speaks the case verbs in Chinese")
    func sheetAndConsole() throws {
        _ = try prepare()
        let good = dir.write("cases.csv", """
            案件编号,事由,类别,当事人,来源,办结时限
            S-1,楼道堆物,邻里纠纷,"张三,申请方,东城社区;李四,被申请方",来访,2026-12-20
            S-2,工资拖欠,劳务纠纷,"王五,applicant;某公司,respondent",phone,

            """)
        let bad = dir.write("bad.csv", """
            case_ref,title,category,parties
            S-3,车位,物业纠纷,"赵六,申请方"
            S-4,噪音,邻里纠纷,"钱七,原告"

            """)
        let refused = try Pingli.run(["case", "import", bad, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("bad.csv:3:") && refused.stderr.contains("原告") && refused.stderr.contains("nothing was imported"),
                "\(refused.stderr)")
        #expect(try caseCount() == 0, "all or none")
        #expect(try pingli(["case", "import", good]).stdout.contains("已签收 2 件"))
        let again = try Pingli.run(["case", "import", good, "--db", db])
        #expect(again.status == 1 && again.stderr.contains("cases.csv:2:") && again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try caseCount() == 2)
        let s2 = try pingli(["case", "show", "S-2"]).stdout
        #expect(s2.contains("来源 来电") && s2.contains("某公司（被申请方）"), "\(s2)")

        let console = try Pingli.run(["repl", "--db", db, "--bail"], stdin: """
            案件 受理 S-1 --承办人 刘调解
            案件 延期 S-1 --天数 2 --工作日 --理由 当事人外出
            案件 不予受理 S-2 --理由 属劳动仲裁受理范围
            案件 列表 --状态 已受理
            """)
        #expect(console.status == 0, "\(console.stderr)")
        #expect(console.stdout.contains("S-1 受理，承办人 刘调解") && console.stdout.contains("S-2 不予受理：属劳动仲裁受理范围"), "\(console.stdout)")
        #expect(console.stdout.contains("S-1") && console.stdout.contains("1 case"), "the list filtered by status")
        let wrong = try Pingli.run(["repl", "--db", db], stdin: "案件 受理 S-1 --承办人 刘调解\n")
        #expect(wrong.stderr.contains("<stdin>:1:") && wrong.stderr.contains("only a received case can be accepted"), "\(wrong.stderr)")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
