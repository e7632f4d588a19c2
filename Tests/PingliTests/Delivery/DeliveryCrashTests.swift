import Foundation
import Testing
@testable import PingliKit

@Suite("Delivery survives a killed worker")
struct DeliveryCrashTests {
    @Test("the pushing process is killed mid-delivery and restarted: every outcome arrives exactly once in effect")
    func killWorker() throws {
        let w = try DeliveryWorld(hearings: 40)
        let dir = TempDir("pingli-delivery-crash")
        let secretFile = dir.write("secret", w.secret)
        let caseDB = dir.file("case.sqlite")
        // The reference receiver as its own process, as in production.
        let receiver = try LiveConsole(arguments: ["casestore", "serve", "--port", "0", "--db", caseDB, "--secret-file", secretFile])
        defer { receiver.kill() }
        #expect(receiver.wait { $0.contains("listening on") }, "\(receiver.text)")
        let port = receiver.text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.first { $0 > 1000 } ?? 0
        try w.configure(url: "http://127.0.0.1:\(port)", timeout: 5)
        let db = w.world.database.path
        // A worker, killed as soon as the first outcomes have arrived.
        let worker = try LiveConsole(arguments: ["outbox", "drain", "--db", db])
        #expect(worker.wait(timeout: 30) { $0.contains("→ delivered") }, "\(worker.text)")
        worker.kill()
        let before = try CaseStoreReceiver(path: caseDB, secrets: [try WebhookSecret(w.secret)]).outcomes().count
        #expect(before >= 1)
        // Restart; its leases are void because its process is gone.
        let again = try Pingli.run(["outbox", "drain", "--once", "--db", db])
        #expect(again.status == 0, "\(again.stderr)")
        let items = try w.world.database.outbox.list()
        #expect(items.count == 40 && items.allSatisfy { $0.status == .delivered })
        let received = try CaseStoreReceiver(path: caseDB, secrets: [try WebhookSecret(w.secret)]).outcomes()
        #expect(received.count == 40 && Set(received.map(\.webhookID)).count == 40, "each outcome once at the case store")
        // A SIGTERM stops a worker cleanly.
        let polite = try LiveConsole(arguments: ["outbox", "drain", "--db", db])
        #expect(polite.wait { $0.contains("worker started") })
        kill(polite.process.processIdentifier, SIGTERM)
        #expect(polite.finish() == 0)
        #expect(polite.text.contains("worker stopped"))
        #expect(!polite.text.contains(w.secret) && !receiver.text.contains(w.secret), "the secret is never printed")
    }
}
