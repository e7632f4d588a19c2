import FlyingFox
import Foundation
import Testing
@testable import PingliKit

/// Hostile requests to the reference receiver: random headers and mutated bodies through its
/// request handler, and mutated raw HTTP over a real socket. Nothing crashes, only a request
/// signed with the secret is ever stored, and the server keeps answering.
@Suite("Fuzzing: the receiver's request handling")
struct ReceiverFuzzTests {
    static let now = 1_795_222_800

    /// A real outcome body from a closed hearing, and its secret.
    static func sample() throws -> (body: [UInt8], id: String, secret: WebhookSecret) {
        let w = try DeliveryWorld(hearings: 1)
        let item = try w.world.database.outbox.list()[0]
        return (Array(item.body.utf8), item.eventID, try WebhookSecret(w.secret))
    }

    @Test("5,000 random requests through the handler: typed answers, and only signed Pingli events stored")
    func handler() async throws {
        let (body, id, secret) = try Self.sample()
        let other = try WebhookSecret(WebhookSecret.generate())
        let dir = TempDir("pingli-fuzz-receiver")
        let receiver = try CaseStoreReceiver(path: dir.file("case.sqlite"), secrets: [secret], now: { Date(timeIntervalSince1970: Double(Self.now)) })
        var m = Mutator(seed: 8_080, tokens: ["{", "}", "[", "]", ":", ",", "\"id\"", "\"data\"", "\"specversion\"", "null", "true", "\"1.0\"", "\"sequence\""])
        let timestamps = ["", "abc", "-9223372036854775808", "9223372036854775807", "99999999999999999999", "-1", "0", " 1795222800",
                          String(Self.now), String(Self.now - 299), String(Self.now - 301), String(Self.now + 400)]
        var stored = Set<String>()
        var statuses: [Int: Int] = [:]
        let regressions = RegressionCorpus.inputs("receiver").map { $0.bytes }
        for n in 0..<(FuzzBudget.iterations(5_000) + regressions.count) {
            let payload = n < regressions.count ? regressions[n] : (m.int(5) == 0 ? body : m.mutate(body))
            let eventID = m.int(3) == 0 ? String(decoding: m.mutate(Array(id.utf8)), as: UTF8.self) : id
            let timestamp = m.int(2) == 0 ? String(Self.now) : timestamps[m.int(timestamps.count)]
            var headers: [HTTPHeader: String] = [:]
            // Signed with the secret (over exactly these bytes), with another key, garbage, or not at all.
            let signing = m.int(4)
            if m.int(8) != 0 { headers[HTTPHeader("webhook-id")] = eventID }
            if m.int(8) != 0 { headers[HTTPHeader("webhook-timestamp")] = timestamp }
            let ts = Int(timestamp) ?? 0
            switch signing {
            case 0: headers[HTTPHeader("webhook-signature")] = secret.sign(id: eventID, timestamp: ts, body: Data(payload))
            case 1: headers[HTTPHeader("webhook-signature")] = other.sign(id: eventID, timestamp: ts, body: Data(payload))
            case 2: headers[HTTPHeader("webhook-signature")] = String(decoding: m.mutate(Array("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,".utf8)), as: UTF8.self)
            default: break
            }
            let path = m.int(10) == 0 ? ["/", "/outcomes/", "/OUTCOMES", "/outcomes?x=1", "//outcomes"][m.int(5)] : "/outcomes"
            let method: HTTPMethod = m.int(10) == 0 ? [.GET, .PUT, .DELETE][m.int(3)] : .POST
            FuzzBudget.record(payload)
            let request = HTTPRequest(method: method, version: .http11, path: path, query: [], headers: headers, body: Data(payload))
            let response = await receiver.handle(request)
            let code = response.statusCode.code
            statuses[code, default: 0] += 1
            let validlySigned = signing == 0 && headers[HTTPHeader("webhook-id")] != nil && headers[HTTPHeader("webhook-timestamp")] != nil
                && Int(timestamp).map { $0 >= Self.now - 300 && $0 <= Self.now + 300 } == true
            #expect([200, 400, 401, 404, 405].contains(code), "unexpected \(code) for input \(RegressionCorpus.describe(payload))")
            if code == 200 {
                #expect(validlySigned, "stored without a valid signature: \(RegressionCorpus.describe(payload))")
                stored.insert(eventID)
            }
        }
        let kept = try receiver.outcomes()
        #expect(Set(kept.map(\.webhookID)) == stored, "the store holds exactly what was answered 200")
        #expect((statuses[200] ?? 0) > 0 && (statuses[401] ?? 0) > 0 && (statuses[400] ?? 0) > 0, "the fuzzer reached every answer: \(statuses)")
    }

    @Test("300 mutated raw HTTP requests over a socket: the server survives and still stores a good outcome")
    func rawSocket() async throws {
        let (body, id, secret) = try Self.sample()
        let dir = TempDir("pingli-fuzz-socket")
        let receiver = try CaseStoreReceiver(path: dir.file("case.sqlite"), secrets: [secret])
        let running = try await RunningServer(try receiver.server(port: 0)) { await receiver.handle($0) }
        let port = running.port
        func request(_ timestamp: Int) -> [UInt8] {
            let signature = secret.sign(id: id, timestamp: timestamp, body: Data(body))
            return Array("POST /outcomes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nwebhook-id: \(id)\r\nwebhook-timestamp: \(timestamp)\r\nwebhook-signature: \(signature)\r\n\r\n".utf8) + body
        }
        let valid = request(Int(Date().timeIntervalSince1970))
        var m = Mutator(seed: 4_040, tokens: ["\r\n", "\r\n\r\n", ": ", "Content-Length: 999999999", "Transfer-Encoding: chunked\r\n",
                                               "Content-Length: -5", "HTTP/1.1", "HTTP/9.9", "GET ", " /outcomes ", "\r\n0\r\n\r\n"])
        let inputs = RegressionCorpus.inputs("http").map { $0.bytes } + (0..<FuzzBudget.iterations(300)).map { _ in m.mutate(valid) }
        let answers = try await blocking { inputs.map { RawHTTP.exchange(port: port, bytes: $0) } }
        #expect(answers.allSatisfy { $0.isEmpty || $0.hasPrefix("HTTP/1.1 ") }, "answers are HTTP or a closed connection")
        // Still serving: a well-formed, signed request is stored.
        let good = request(Int(Date().timeIntervalSince1970))
        let answer = try await blocking { RawHTTP.exchange(port: port, bytes: good) }
        await running.stop()
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
        #expect(try receiver.outcomes().map(\.webhookID) == [id])
    }
}

/// One request over a fresh TCP connection to 127.0.0.1; reads the answer until the server
/// closes, two seconds pass, or 64 KB arrive.
enum RawHTTP {
    static func exchange(port: UInt16, bytes: [UInt8]) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while answer.count < 65_536 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
