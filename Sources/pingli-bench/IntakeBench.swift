import ArgumentParser
import Foundation
import PingliKit

/// Signed referrals accepted per second by `pingli serve`'s intake on loopback (each on disk,
/// synchronous=FULL, before the answer), beside the reference receiver's own rate for as many
/// signed outcomes of the same size, both sent by one curl process the same way.
struct IntakeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake", abstract: "Referrals into pingli serve against the reference receiver's rate, on loopback.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Requests per run.") var requests: Int = 2_000
    @Option(help: "Parallel connections curl opens (1 = one kept-alive connection).") var connections: Int = 4
    @Flag(help: "Store the referrals in a county store (a new database in the cluster $PGHOST names, office JD01) instead of an office's file.")
    var postgres = false

    func run() throws {
        let dir = try options.workDir()
        let n = options.quick ? 40 : requests
        let secretText = WebhookSecret.generate()
        let secret = try WebhookSecret(secretText)
        var ours: [Double] = [], anchor: [Double] = [], commits: [Int] = []
        for run in 0..<max(1, options.quick ? 1 : options.runs) {
            // The office: a fresh database (or county store), the intake on a free port.
            let db: any PingliStore
            if postgres {
                let county = try PGStore(url: try StoreBench.freshDatabase())
                try county.register(Office(code: "JD01", name: "东城街道"), context: OperationContext(operatorName: "bench", now: Date()))
                county.work(for: "JD01")
                db = county
            } else {
                db = try PingliDatabase(path: dir + "/office-\(run).sqlite")
            }
            let intake = try ReferralIntake(cases: db.cases, secrets: [secret], office: postgres ? "JD01" : nil)
            let office = try Self.start { try await RunningServer(try intake.server(port: 0)) { await intake.handle($0) } }
            let referrals = try Self.curlConfig(dir: dir, prefix: "ref-\(run)-", n: n, url: "http://127.0.0.1:\(office.port)/referrals", secret: secret) {
                Self.referral(id: $0, i: $1, run: run)
            }
            let (_, t) = try measure { try Self.curl(referrals, connections: connections) }
            let stored = try db.cases.list().count
            guard stored == n else { throw ValidationError("the office stored \(stored) of \(n) referrals") }
            ours.append(t)
            commits.append(intake.commitCount)
            Self.stop(office)

            // The anchor: the reference receiver, the same number of signed requests of the same size.
            let receiver = try CaseStoreReceiver(path: dir + "/casestore-\(run).sqlite", secrets: [secret])
            let store = try Self.start { try await RunningServer(try receiver.server(port: 0)) { await receiver.handle($0) } }
            let outcomes = try Self.curlConfig(dir: dir, prefix: "out-\(run)-", n: n, url: "http://127.0.0.1:\(store.port)/outcomes", secret: secret) {
                Self.outcome(id: $0, i: $1, size: Self.referral(id: $0, i: $1, run: run).utf8.count)
            }
            let (_, a) = try measure { try Self.curl(outcomes, connections: connections) }
            guard try receiver.outcomes().count == n else { throw ValidationError("the receiver stored \(try receiver.outcomes().count) of \(n)") }
            anchor.append(a)
            Self.stop(store)
            StoreBench.dropDatabases()
        }
        let o = Double(n) / median(ours), a = Double(n) / median(anchor)
        print("requests  connections  intake\(postgres ? " (county store)" : "") /s  receiver /s  ratio  (transactions for the last run: \(commits.last ?? 0))")
        print(String(format: "%-8d  %11d  %9.0f  %11.0f  %4.2f×", n, connections, o, a, o / a))
        try options.writeJSON(["measure": "intake", "store": postgres ? "postgresql" : "sqlite", "requests": n, "connections": connections, "intake_seconds": ours, "receiver_seconds": anchor,
                               "intake_per_second": o, "receiver_per_second": a, "ratio": o / a, "intake_transactions": commits])
    }

    static func start(_ make: @escaping @Sendable () async throws -> RunningServer) throws -> RunningServer {
        let box = ServerHolder()
        let ready = DispatchSemaphore(value: 0)
        Task {
            box.server = try? await make()
            ready.signal()
        }
        ready.wait()
        guard let server = box.server else { throw ValidationError("the server did not start") }
        return server
    }

    static func stop(_ server: RunningServer) {
        let stopped = DispatchSemaphore(value: 0)
        Task { await server.stop(); stopped.signal() }
        stopped.wait()
    }

    static func curl(_ config: String, connections: Int) throws {
        if connections > 1 {
            try shell(["curl", "--parallel", "--parallel-max", String(connections), "--config", config], quiet: true)
        } else {
            try shell(["curl", "--config", config], quiet: true)
        }
    }

    /// A curl config sending `n` signed bodies to `url`; fails on any non-2xx answer.
    static func curlConfig(dir: String, prefix: String, n: Int, url: String, secret: WebhookSecret, body: (String, Int) -> String) throws -> String {
        var config = ""
        let now = Int(Date().timeIntervalSince1970)
        for i in 0..<n {
            let id = "\(prefix)\(i)", text = body(id, i)
            let path = dir + "/body-\(prefix)\(i).json"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            if i > 0 { config += "next\n" }
            config += "url = \"\(url)\"\nrequest = \"POST\"\ndata-binary = \"@\(path)\"\noutput = \"/dev/null\"\nsilent\nfail\n"
            config += "header = \"Content-Type: application/json\"\nheader = \"webhook-id: \(id)\"\nheader = \"webhook-timestamp: \(now)\"\n"
            config += "header = \"webhook-signature: \(secret.sign(id: id, timestamp: now, body: Data(text.utf8)))\"\n"
        }
        let file = dir + "/\(prefix)curl.cfg"
        try config.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A referral of realistic size: two parties, a summary of a few sentences.
    static func referral(id: String, i: Int, run: Int) -> String {
        #"{"specversion":"1.0","id":"\#(id)","source":"urn:taizhang:bench","type":"cn.taizhang.referral","datacontenttype":"application/json","data":{"case_ref":"TZ-B\#(run)-\#(i)","title":"楼上漏水导致天花板受损","category":"邻里纠纷","parties":[{"name":"王建国","role":"applicant","community":"东城社区","phone":"138\#(String(format: "%08d", i))"},{"name":"李红","role":"respondent","community":"东城社区"}],"due":"2099-12-31","summary":"申请人反映楼上卫生间漏水三个月，天花板发霉，多次协商未果，请求社区组织评理。被申请人称已找人维修。","referring_unit":"12345 热线"}}"#
    }

    /// An outcome-shaped body padded to `size` bytes, for the receiver.
    static func outcome(id: String, i: Int, size: Int) -> String {
        let head = #"{"specversion":"1.0","id":"\#(id)","source":"urn:pingli","type":"pingli.hearing.closed","subject":"C-\#(i)","sequence":"1","data":{"case_ref":"C-\#(i)","hearing_id":"H-\#(i)","record_hash":"\#(String(repeating: "c", count: 64))","note":""#
        return head + String(repeating: "x", count: max(0, size - head.utf8.count - 3)) + #""}}"#
    }
}
