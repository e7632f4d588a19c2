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
        _ = try pingli(["case", "followup", "TZ-B", "--performance", "未履行", "--satisfaction", "不满意", "--notes", "仍未退还"])
        _ = try pingli(["case", "reopen", "TZ-B", "--reason", "协议未履行，申请人要求复议"])
        let scheduled = try pingli(["case", "schedule", "TZ-B", "--place", "街道评理室", "--date", "2026-11-25"])
        #expect(scheduled.stdout.contains("H-2026-0003") && scheduled.stdout.contains("复议"), "\(scheduled.stdout)")
        let database = try PingliDatabase(path: db)
        let first = try HearingService(database).state("H-2026-0002")
        let rehearing = try HearingService(database).state("H-2026-0003")
        #expect(rehearing.kind == .rehearing && Set(rehearing.excludedPanel) == Set(first.seats.map(\.representative)))
        #expect(try CaseService(log: SQLiteCaseLog(database)).state("TZ-B").round == 2)

        // The case store comes up; every status and outcome arrives, each case's in order.
        let caseDB = dir.file("casestore.sqlite")
        let secretFile = dir.write("out.secret", WebhookSecret.generate() + "\n")
        let receiver = try LiveConsole(arguments: ["casestore", "serve", "--port", "0", "--db", caseDB, "--secret-file", secretFile])
        defer { receiver.kill() }
        #expect(receiver.wait(until: { $0.contains("listening on") }))
        let rport = receiver.text.split(separator: ":").compactMap({ Int($0.prefix { $0.isNumber }) }).first(where: { $0 > 1000 })!
        _ = try pingli(["outbox", "configure", "--url", "http://127.0.0.1:\(rport)", "--secret-file", secretFile, "--schedule", "0,1,1"])
        _ = try pingli(["outbox", "drain", "--once"])
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
        #expect(list.stdout.contains("各案件最新状态") && list.stdout.contains("closed"))
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

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
