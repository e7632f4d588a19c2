import ArgumentParser
import Foundation
import GRDB
import PingliKit

/// Measure 4: outcomes delivered per second to the reference receiver on loopback, beside curl
/// sending the same signed requests over one kept-alive connection.
struct DeliveryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery", abstract: "Outcome delivery to the reference receiver on loopback against curl with keep-alive.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Outcomes per run.") var outcomes: Int = 3_000

    func run() throws {
        let dir = try options.workDir()
        let n = options.quick ? 50 : outcomes
        let secretText = WebhookSecret.generate()
        let secret = try WebhookSecret(secretText)
        var ours: [Double] = [], anchor: [Double] = [], parallelAnchor: [Double] = [], sequential: [Double] = []
        for run in 0..<max(1, options.quick ? 1 : options.runs) {
            let receiver = try CaseStoreReceiver(path: dir + "/case-\(run).sqlite", secrets: [secret])
            let box = ServerHolder()
            let ready = DispatchSemaphore(value: 0)
            Task {
                box.server = try? await RunningServer(try receiver.server(port: 0)) { await receiver.handle($0) }
                ready.signal()
            }
            ready.wait()
            guard let server = box.server else { throw ValidationError("the receiver did not start") }
            let base = "http://127.0.0.1:\(server.port)"
            // Pingli: n outcomes in the outbox, one drain.
            let db = try Self.outbox(dir + "/outbox-\(run).sqlite", prefix: "bench-\(run)-", n: n)
            try DeliverySettings.set(db, .url, base)
            try DeliverySettings.set(db, .secrets, secretText)
            let deliverer = try Deliverer(outbox: db.outbox, settings: try DeliverySettings.load(db, environment: [:]))
            let (report, t) = try measure { try deliverer.drainOnce() }
            guard report.delivered == n else { throw ValidationError("delivered \(report.delivered) of \(n)") }
            ours.append(t)
            // The same outcomes again over a single connection (`--connections 1`), fresh ids.
            let db1 = try Self.outbox(dir + "/outbox-one-\(run).sqlite", prefix: "one-\(run)-", n: n)
            try DeliverySettings.set(db1, .url, base)
            try DeliverySettings.set(db1, .secrets, secretText)
            try DeliverySettings.set(db1, .connections, "1")
            let single = try Deliverer(outbox: db1.outbox, settings: try DeliverySettings.load(db1, environment: [:]))
            let (again, t1) = try measure { try single.drainOnce() }
            guard again.delivered == n else { throw ValidationError("delivered \(again.delivered) of \(n) on one connection") }
            sequential.append(t1)
            // curl: the same requests (fresh ids, signed now) from one process, one connection,
            // then with as many parallel connections as pingli's default.
            let one = try Self.curlConfig(dir: dir, prefix: "curl-\(run)-", n: n, base: base, secret: secret)
            let (_, c) = try measure { try shell(["curl", "--config", one], quiet: true) }
            anchor.append(c)
            let many = try Self.curlConfig(dir: dir, prefix: "curlp-\(run)-", n: n, base: base, secret: secret)
            let (_, cp) = try measure {
                try shell(["curl", "--parallel", "--parallel-max", String(DeliverySettings.defaultConnections), "--config", many], quiet: true)
            }
            parallelAnchor.append(cp)
            let stored = try receiver.outcomes().count
            guard stored == 4 * n else { throw ValidationError("the receiver has \(stored) outcomes, expected \(4 * n)") }
            let stopped = DispatchSemaphore(value: 0)
            Task { await server.stop(); stopped.signal() }
            stopped.wait()
        }
        let o = Double(n) / median(ours), a = Double(n) / median(anchor)
        let o1 = Double(n) / median(sequential), ap = Double(n) / median(parallelAnchor)
        let k = DeliverySettings.defaultConnections
        print("outcomes  connections  pingli /s  curl /s  ratio")
        print(String(format: "%-8d  %11d  %9.0f  %7.0f  %5.2f×", n, k, o, ap, o / ap))
        print(String(format: "%-8d  %11d  %9.0f  %7.0f  %5.2f×", n, 1, o1, a, o1 / a))
        try options.writeJSON(["measure": "delivery", "outcomes": n, "connections": k,
                               "pingli_seconds": ours, "curl_parallel_seconds": parallelAnchor,
                               "pingli_one_connection_seconds": sequential, "curl_seconds": anchor,
                               "pingli_per_second": o, "curl_parallel_per_second": ap, "ratio": o / ap,
                               "pingli_one_connection_per_second": o1, "curl_per_second": a, "ratio_one_connection": o1 / a])
    }

    /// A curl config file sending `n` signed outcomes; returns its path.
    static func curlConfig(dir: String, prefix: String, n: Int, base: String, secret: WebhookSecret) throws -> String {
        try IntakeBench.curlConfig(dir: dir, prefix: prefix, n: n, url: base + "/outcomes", secret: secret) { Self.body(id: $0, i: $1) }
    }

    /// A database whose outbox holds `n` outcomes of `n` cases, due now.
    static func outbox(_ path: String, prefix: String, n: Int) throws -> PingliDatabase {
        let db = try PingliDatabase(path: path)
        try db.pool.write { d in
            try d.execute(sql: "INSERT INTO hearing (id, case_ref, kind, spec, opened_at, stage, last_seq, head_hash, updated_at) VALUES ('H-B', 'C', 'public-hearing', 's', 't', 'closed', 0, 'x', 't')")
            for i in 0..<n {
                try d.execute(sql: """
                    INSERT INTO outbox (event_id, hearing_id, case_ref, case_seq, type, body, record_hash, created_at, next_attempt_at)
                    VALUES (?, 'H-B', ?, 1, 'pingli.hearing.closed', ?, 'h', '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')
                    """, arguments: ["\(prefix)\(i)", "C-\(i)", body(id: "\(prefix)\(i)", i: i)])
            }
        }
        return db
    }

    /// An outcome body of realistic size (about 1.5 KB, like a 7-member hearing's).
    static func body(id: String, i: Int) -> String {
        let panel = (1...7).map { "{\"representative_id\":\"R-00\($0)\",\"seat\":\($0)}" }.joined(separator: ",")
        return """
            {"data":{"agreement":null,"case_ref":"C-\(i)","closed_at":"2026-11-21T01:00:00.000Z","draw":{"algorithm":"leximin-slots/hmac-drbg-sha256","pool_hash":"\(String(repeating: "a", count: 64))","seed":"\(String(repeating: "b", count: 64))"},"hearing_id":"H-2026-\(i)","kind":"public-hearing","panel":[\(panel)],"parties":[{"label":"A","name":"张三","role":"applicant"},{"label":"B","name":"李四","role":"respondent"}],"record_hash":"\(String(repeating: "c", count: 64))","rule":"simple-majority","signatures":[{"party":"A","signed":true}],"tally":{"counts":{"applicant":5,"respondent":2}},"verdict":{"outcome":"applicant","text":"支持申请方：被申请方晚上九点后停止施工，并向申请方致歉。"},"version":1},"datacontenttype":"application/json","dataschema":"urn:pingli:schema:outcome:v1","id":"\(id)","sequence":"1","source":"urn:pingli","specversion":"1.0","subject":"C-\(i)","time":"2026-11-21T01:00:00.000Z","type":"pingli.hearing.closed"}
            """
    }
}

final class ServerHolder: @unchecked Sendable {
    var server: RunningServer?
}
