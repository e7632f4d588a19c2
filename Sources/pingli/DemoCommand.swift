import ArgumentParser
import Foundation
import PingliKit

/// `pingli demo`: the whole job on the sample pool in `Panels/`, in a fresh database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the embedded default: a demo database and the sample pool from Panels/.")

    @Option(help: "Where to create the demo database (must not exist); default a new temporary folder.")
    var db: String?
    @Option(help: "The Panels folder (default: found beside the binary or in the current folder).")
    var panels: String?

    func run() throws {
        let panelsDir = try PanelsDirectory.locate(explicit: panels)
        let path: String
        if let db {
            guard !FileManager.default.fileExists(atPath: db) else {
                throw ValidationError("\(db) already exists; the demo starts from an empty database, so give a new path")
            }
            path = db
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingli-demo-\(getpid())-\(Int(Date().timeIntervalSince1970))")
            path = dir.appendingPathComponent("demo.sqlite").path
        }
        let context = try Shell.context(operatorName: "demo")
        let database = try PingliDatabase(path: path)
        let pool = PoolStore(database)
        print("== 议事代表库 demo database: \(path)")
        let sample = panelsDir + "/sample-pool.csv"
        let report = try PoolImporter(database, context: context).run(path: sample) { Shell.warn($0.description) }
        guard report.committed else { throw ExitCode.failure }
        print("imported \(report.created) representatives from \(sample) (\(report.encoding.rawValue))")
        var trained = 0
        for rep in try pool.list(PoolFilter(status: .active)) {
            try pool.train(rep.id, TrainingRecord(date: context.today, topic: "评理规则与调解技巧（岗前培训）", hours: 4), context: context)
            trained += 1
        }
        print("recorded 4h of training for \(trained) active representatives\n")
        try run(["pool", "stats", "--db", path])
        try OfficeProfile(name: "中市街道人民调解委员会", address: "中市街道办事处二楼", phone: "0531-86000000",
                          seal: "中市街道人民调解委员会").save(database)
        print("\n== 案件 case from the 台账: received and accepted")
        try run(["case", "add", "SQ-2026-0815", "--title", "楼上装修噪音", "--category", "邻里纠纷", "--source", "referral",
                 "--referring-unit", "12345 热线", "--party", "张三,申请方,东风社区", "--party", "李四,被申请方,西湖社区", "--db", path, "--operator", "demo"])
        try run(["case", "accept", "SQ-2026-0815", "--moderator", "demo", "--db", path, "--operator", "demo"])
        let script = panelsDir + "/demo-hearing.pingli"
        print("\n== 评理大会 (\(script))")
        let console = Console(database: database, panels: panelsDir, operatorName: "demo", bail: true)
        do { try console.run(try TextLineSource(path: script)) } catch is Console.Bail { throw ExitCode.failure }
        print("\n== 笔录 transcript")
        try run(["transcript", "H-\(context.today.year)-0001", "--db", path])
        // The database's own folder, absolute: a bare file name means the current folder.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        print("\n== 纸质笔录 the record to sign, as PDF")
        try run(["transcript", "H-\(context.today.year)-0001", "--format", "pdf", "--out", folder + "/笔录.pdf", "--recorder", "记录员", "--db", path])
        print("\n== 案件 the case now")
        try run(["case", "show", "SQ-2026-0815", "--db", path])
        try pushToCaseStore(database, folder: folder)
        print("""

            Explore it (`bash .ci/install` puts pingli on the PATH first, if it is not there yet):
              pingli pool list --db \(path)
              pingli --db \(path)                      # the console: `resume H-\(context.today.year)-0001`, `show`, `help` / `帮助`
              pingli --lang zh --db \(path)            # the same console answering in 简体中文 (or LANG=zh_CN.UTF-8)
              pingli verify H-\(context.today.year)-0001 --db \(path)
              pingli case list --db \(path)                # then: case followup / case close SQ-2026-0815
              (the signed-paper record is \(folder)/笔录.pdf)
            """)
    }

    /// Starts the reference case store on a free loopback port and delivers the outcome to it.
    private func pushToCaseStore(_ database: PingliDatabase, folder: String) throws {
        let secret = WebhookSecret.generate()
        let receiver = try CaseStoreReceiver(path: folder + "/casestore.sqlite", secrets: [try WebhookSecret(secret)])
        let box = ServerBox()
        let ready = DispatchSemaphore(value: 0)
        Task {
            if let server = try? await RunningServer(try receiver.server(port: 0), handler: { await receiver.handle($0) }) { box.set(server) }
            ready.signal()
        }
        ready.wait()
        guard let server = box.get() else { throw ValidationError("the reference case store did not start") }
        try DeliverySettings.set(database, .url, "http://127.0.0.1:\(server.port)")
        try DeliverySettings.set(database, .secrets, secret)
        print("\n== 台账 delivery to the reference case store on 127.0.0.1:\(server.port)")
        let report = try Deliverer(outbox: database.outbox, settings: try DeliverySettings.load(database, environment: [:]),
                                   log: { print("  \($0)") }).drainOnce()
        print("delivered \(report.delivered); the case store now holds:")
        for o in try receiver.outcomes() {
            print("  \(o.webhookID)  \(o.type)  case \(o.caseRef) #\(o.sequence)" + (o.recordHash.isEmpty ? "" : "  record \(o.recordHash.prefix(16))…"))
        }
        let stopped = DispatchSemaphore(value: 0)
        Task { await server.stop(); stopped.signal() }
        stopped.wait()
    }

    private func run(_ arguments: [String]) throws {
        var command = try Pingli.parseAsRoot(arguments)
        try command.run()
    }
}
