import FlyingFox
import FlyingSocks
import Foundation
@testable import PingliKit

/// A test HTTP server on 127.0.0.1 whose answers the test scripts: status codes, Retry-After,
/// hanging past the client's timeout. It counts what it receives.
final class ScriptedServer: @unchecked Sendable {
    enum Answer: Sendable { case status(Int), retryAfter(Int, seconds: Int), hang(seconds: Double), ok }
    private let lock = NSLock()
    private var answers: [Answer] = []
    private(set) var received: [String] = []
    /// Ids answered 2xx, in the order answered.
    private(set) var accepted: [String] = []
    var running: RunningServer!

    static func start() async throws -> ScriptedServer {
        let s = ScriptedServer()
        let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
        s.running = try await RunningServer(server) { await s.handle($0) }
        return s
    }

    var url: String { "http://127.0.0.1:\(running.port)" }

    func script(_ a: [Answer]) { lock.lock(); answers += a; lock.unlock() }

    var ids: [String] { lock.lock(); defer { lock.unlock() }; return received }

    private func next(_ id: String) -> Answer {
        lock.lock()
        defer { lock.unlock() }
        received.append(id)
        let answer = answers.isEmpty ? .ok : answers.removeFirst()
        if case .ok = answer { accepted.append(id) }
        return answer
    }

    var acceptedIDs: [String] { lock.lock(); defer { lock.unlock() }; return accepted }

    private var inFlight = 0
    /// The most requests the server was answering at one moment.
    private(set) var maxInFlight = 0

    var mostAtOnce: Int { lock.lock(); defer { lock.unlock() }; return maxInFlight }

    private func track(_ delta: Int) {
        lock.lock()
        inFlight += delta
        maxInFlight = max(maxInFlight, inFlight)
        lock.unlock()
    }

    func handle(_ r: HTTPRequest) async -> HTTPResponse {
        track(1)
        defer { track(-1) }
        switch next(r.headers[HTTPHeader("webhook-id")] ?? "?") {
        case .ok: return HTTPResponse(statusCode: .ok)
        case let .status(c): return HTTPResponse(statusCode: HTTPStatusCode(c, phrase: "Test"), body: Data("test answer \(c)".utf8))
        case let .retryAfter(c, seconds): return HTTPResponse(statusCode: HTTPStatusCode(c, phrase: "Test"), headers: [HTTPHeader("Retry-After"): String(seconds)])
        case let .hang(seconds):
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            return HTTPResponse(statusCode: .ok)
        }
    }
}

/// The reference receiver on 127.0.0.1 with a fresh secret and a database of its own.
struct LocalCaseStore {
    let dir = TempDir("pingli-casestore")
    let secret: WebhookSecret
    let receiver: CaseStoreReceiver
    let running: RunningServer
    var url: String { "http://127.0.0.1:\(running.port)/outcomes" }

    init() async throws {
        secret = try WebhookSecret(WebhookSecret.generate())
        let receiver = try CaseStoreReceiver(path: dir.file("case.sqlite"), secrets: [secret])
        self.receiver = receiver
        running = try await RunningServer(try receiver.server(port: 0)) { await receiver.handle($0) }
    }
}

/// A TCP listener on 127.0.0.1 that accepts and resets every connection (SO_LINGER 0).
final class ResettingListener: @unchecked Sendable {
    let fd: Int32
    let port: UInt16
    private var thread: Thread?

    init() throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        fd = sock
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, len) } }
        listen(sock, 16)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        thread = Thread {
            while true {
                let c = accept(sock, nil, nil)
                if c < 0 { return }
                var l = linger(l_onoff: 1, l_linger: 0)
                setsockopt(c, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
                close(c)
            }
        }
        thread?.start()
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}

/// A database with closed hearings whose outcomes wait in the outbox.
struct DeliveryWorld {
    let world: HearingWorld
    let secret = WebhookSecret.generate()

    init(hearings: Int) throws {
        world = try HearingWorld()
        for _ in 0..<hearings { try Self.closeOne(world) }
    }

    static func closeOne(_ w: HearingWorld, caseRef: String? = nil) throws {
        let s = try w.store.open(caseRef: caseRef ?? "C-\(UUID().uuidString.prefix(6))", kind: .instantMediation,
                                 spec: try w.spec("instant-mediation-3"), place: nil, context: w.context)
        try w.run(s.id, .addParty(Party(label: "A", name: "张三", role: .applicant, household: "HX-9", workUnit: "单位")))
        try w.run(s.id, .name(["R-000001", "R-000002"]))
        try w.run(s.id, .confirm)
        try w.run(s.id, .start)
        try w.run(s.id, .agree(terms: "按约定履行", performance: nil, deadline: nil, facts: nil))
        try w.run(s.id, .readBack)
        try w.run(s.id, .sign(party: "A"))
        try w.run(s.id, .close)
    }

    func configure(url: String, schedule: String = "0,1,1,1,1,1,1,1", timeout: Double = 2) throws {
        let db = world.database
        try DeliverySettings.set(db, .url, url)
        try DeliverySettings.set(db, .secrets, secret)
        try DeliverySettings.set(db, .schedule, schedule)
        try DeliverySettings.set(db, .timeout, String(timeout))
        try DeliverySettings.set(db, .connectTimeout, "1")
    }

    /// A deliverer whose clock the test moves, so retries need no real waiting.
    func deliverer(clock: TestClock) throws -> Deliverer {
        try Deliverer(outbox: world.database.outbox, settings: try DeliverySettings.load(world.database, environment: [:]),
                      now: { clock.now }, jitter: { 0 })
    }
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Date()
    var now: Date { lock.lock(); defer { lock.unlock() }; return value }
    func advance(_ seconds: Double) { lock.lock(); value = value.addingTimeInterval(seconds); lock.unlock() }
}

/// Runs blocking work (libcurl, SQLite) on a Dispatch thread, off the cooperative pool the
/// in-process servers need: on two cores, blocking it starves them.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
    }
}
