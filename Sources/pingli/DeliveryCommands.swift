import ArgumentParser
import CEdit
import Dispatch
import Foundation
import PingliKit

/// `pingli outbox …`: outcomes on their way to the case system.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Deliver outcomes to the case system (台账), and see how deliveries went.",
        subcommands: [Configure.self, List.self, Show.self, Retry.self, Replay.self, Drain.self])

    struct Configure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set (or show) where and how outcomes are delivered.",
            discussion: "The secret is read from a file (never a command-line argument: it would show in the process list) or taken from $PINGLI_WEBHOOK_SECRET at delivery time. It is never printed.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The case system's base URL; outcomes go to URL/outcomes.") var url: String?
        @Option(help: "A file holding the whsec_… secret (several, space-separated, during rotation).") var secretFile: String?
        @Flag(help: "Generate a new secret into --secret-file (which must not exist) and use it.") var generateSecret = false
        @Option(help: "A file holding a bearer token to send as Authorization.") var bearerTokenFile: String?
        @Option(help: "A CA bundle for the receiver's certificate (verification is always on).") var caFile: String?
        @Option(help: "Connect timeout, seconds.") var connectTimeout: Double?
        @Option(help: "Total timeout per attempt, seconds.") var timeout: Double?
        @Option(help: "Retry delays, e.g. 0,5s,5m,30m,2h,5h,10h,10h.") var schedule: String?
        @Option(help: "The CloudEvents source of this office, e.g. urn:pingli:jinan:zhongshi.") var source: String?
        @Option(help: "Include panel members' names in outcomes (true/false).") var includeNames: Bool?
        @Option(help: "Outcomes of different cases sent at once, each on its own connection (1-16; default 4).") var connections: String?
        @Flag(help: "Deliver again after the receiver answered 410 Gone.") var enable = false

        func run() throws {
            let db = try store.open()
            if let url {
                guard url.hasPrefix("https://") || url.hasPrefix("http://") else { throw ValidationError(Message("say.url-scheme")) }
                try DeliverySettings.set(db, .url, url)
            }
            if let secretFile {
                try DeliverySettings.set(db, .secrets, try SecretFile.read(secretFile, generate: generateSecret).joined(separator: " "))
            }
            if let bearerTokenFile {
                guard let t = try? String(contentsOfFile: bearerTokenFile, encoding: .utf8).trimmed, !t.isEmpty else { throw ValidationError(Message("say.token-unreadable", bearerTokenFile)) }
                try DeliverySettings.set(db, .bearerToken, t)
            }
            if let caFile {
                guard FileManager.default.isReadableFile(atPath: caFile) else { throw ValidationError(Message("say.file-unreadable", caFile)) }
                try DeliverySettings.set(db, .caFile, caFile)
            }
            if let connectTimeout { try DeliverySettings.set(db, .connectTimeout, String(connectTimeout)) }
            if let timeout { try DeliverySettings.set(db, .timeout, String(timeout)) }
            if let schedule { _ = try RetryPolicy(parsing: schedule); try DeliverySettings.set(db, .schedule, schedule) }
            if let source { try DeliverySettings.set(db, .source, source) }
            if let includeNames { try DeliverySettings.set(db, .includeNames, includeNames ? "true" : "false") }
            if let connections {
                do { _ = try DeliverySettings.parseConnections(connections) } catch { throw ValidationError("--connections: \(error)") }
                try DeliverySettings.set(db, .connections, connections)
            }
            if enable { try DeliverySettings.set(db, .disabled, nil) }
            let s = try DeliverySettings.load(db)
            print("url:        \(s.url.map { $0 + "/outcomes" } ?? "(not set)")")
            print("secret:     \(s.secrets.isEmpty ? "(not set)" : "\(s.secrets.count) set (not shown)")\(ProcessInfo.processInfo.environment["PINGLI_WEBHOOK_SECRET"] != nil ? ", from $PINGLI_WEBHOOK_SECRET" : "")")
            print("bearer:     \(s.bearerToken == nil ? "none" : "set (not shown)")")
            print("TLS:        verification on\(s.transport.caFile.map { ", CA file \($0)" } ?? ", system CAs")")
            print("parallel:   \(s.connections) connections (each case one outcome at a time, in order)")
            print("timeouts:   connect \(s.transport.connectTimeout) s, total \(s.transport.totalTimeout) s")
            print("retries:    \(s.policy.schedule.map { "\($0)s" }.joined(separator: ", ")) (±\(Int(s.policy.jitter * 100))% jitter, Retry-After honoured)")
            print("state:      \(s.disabled ?? "enabled")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Outcomes in the outbox.")
        @OptionGroup var store: StoreOptions
        @Option(help: "pending, delivered or dead.") var status: String?
        func run() throws {
            let st = try status.map { s -> OutboxItem.Status in
                guard let v = OutboxItem.Status(rawValue: s) else { throw ValidationError(Message("say.outbox-status")) }
                return v
            }
            let items = try store.open().outbox.list(status: st)
            print(TextTable(headers: ["#", "事件", "案件", "序号", "状态", "尝试", "下次", "最后结果"], rows: items.map {
                [String($0.id), $0.eventID, $0.caseRef, String($0.caseSequence), $0.status.rawValue, String($0.attempts),
                 $0.status == .pending ? $0.nextAttemptAt : ($0.deliveredAt ?? ""), $0.lastStatus.map { "HTTP \($0)" } ?? ($0.lastError ?? "")]
            }, rightAligned: [0, 3, 5]).render())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One outcome: its body and every delivery attempt.")
        @OptionGroup var store: StoreOptions
        @Argument var id: Int64
        func run() throws {
            let (item, log) = try store.open().outbox.item(id)
            print("\(item.eventID)  \(item.type)  case \(item.caseRef) #\(item.caseSequence)  \(item.status.rawValue)  record \(item.recordHash)")
            if let e = item.lastError { print("last error: \(e)") }
            print(item.body)
            print(TextTable(headers: ["时间", "状态", "错误", "毫秒", "回应"], rows: log.map {
                [$0.at, $0.httpStatus.map(String.init) ?? "—", $0.error ?? "", String($0.durationMS), String(($0.response ?? "").prefix(60))]
            }, rightAligned: [3]).render())
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Try a dead (or waiting) outcome again now.")
        @OptionGroup var store: StoreOptions
        @Argument var id: Int64
        func run() throws {
            try store.open().outbox.retry(id, now: try store.context().timestamp)
            print(Message("say.outbox-due", id))
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send outcomes created since TIME again (the receiver keeps each once).")
        @OptionGroup var store: StoreOptions
        @Option(help: "ISO 8601 time or YYYY-MM-DD.") var since: String
        func run() throws {
            let t: String
            if let d = Day(since) { t = d.description + "T00:00:00.000Z" } else if let date = Timestamp.parse(since) { t = Timestamp.format(date) } else {
                throw ValidationError(Message("say.since-not-time", since))
            }
            let n = try store.open().outbox.replay(since: t, now: try store.context().timestamp)
            print(Message(n == 1 ? "say.requeued-one" : "say.requeued", n))
        }
    }

    struct Drain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver due outcomes; without --once, keep running as a worker until SIGTERM or SIGINT.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "One pass, then exit.") var once = false
        func run() throws {
            let db = try store.open()
            let deliverer = try Deliverer(outbox: db.outbox, settings: try DeliverySettings.load(db), log: { Shell.warn("pingli outbox: \($0)") })
            if once {
                let r = try deliverer.drainOnce()
                print(Message(r.disabled ? "say.pushed-disabled" : "say.pushed", r.delivered, r.retrying, r.dead))
                if r.disabled { throw ExitCode(2) }
                return
            }
            let stop = StopFlag()
            let sources = [SIGTERM, SIGINT].map { sig -> DispatchSourceSignal in
                signal(sig, SIG_IGN)
                let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                s.setEventHandler { stop.set() }
                s.resume()
                return s
            }
            Shell.warn(Message("say.worker-started", db.location))
            try deliverer.run(shouldStop: { stop.isSet })
            sources.forEach { $0.cancel() }
            Shell.warn(Message("say.worker-stopped"))
        }
    }
}

/// A flag set from a signal handler's queue and read by the worker loop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// `pingli casestore …`: the reference receiver.
struct CaseStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casestore",
        abstract: "The reference case-store receiver, for demos and tests.",
        subcommands: [Serve.self, ListOutcomes.self])

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve", abstract: "Receive outcomes on 127.0.0.1:PORT until SIGTERM or SIGINT.")
        @Option(help: "Port (0 picks one and prints it).") var port: UInt16 = 8787
        @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
        @Option(help: "The receiver's own SQLite file.") var db: String
        @Option(help: "A file with the whsec_… secret(s); else $PINGLI_WEBHOOK_SECRET.") var secretFile: String?

        func run() throws {
            let text = try secretFile.map { f -> String in
                guard let t = try? String(contentsOfFile: f, encoding: .utf8) else { throw ValidationError(Message("say.file-unreadable", f)) }
                return t
            } ?? ProcessInfo.processInfo.environment["PINGLI_WEBHOOK_SECRET"] ?? ""
            let secrets = try text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { try WebhookSecret(String($0)) }
            let receiver = try CaseStoreReceiver(path: db, secrets: secrets)
            let host = self.host, port = self.port
            try ServerBox.serveUntilSignal(name: "pingli casestore") {
                let running = try await RunningServer(try receiver.server(host: host, port: port)) { await receiver.handle($0) }
                print(Message("say.casestore-listening", host, running.port, receiver.path))
                return running
            }
        }
    }

    struct ListOutcomes: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Outcomes and case statuses the case store has received, and each case's latest status.")
        @Option(help: "The receiver's SQLite file.") var db: String
        func run() throws {
            let secrets = [try WebhookSecret(WebhookSecret.generate())] // listing does not verify anything
            let receiver = try CaseStoreReceiver(path: db, secrets: secrets)
            let list = try receiver.outcomes()
            print(TextTable(headers: ["收到", "事件", "类型", "案件", "序号", "笔录哈希"], rows: list.map {
                [$0.receivedAt, $0.webhookID, $0.type, $0.caseRef, String($0.sequence), $0.recordHash.isEmpty ? "" : String($0.recordHash.prefix(16)) + "…"]
            }, rightAligned: [4]).render())
            let cases = try receiver.caseStatuses()
            print("\n" + Message("say.casestore-statuses").description)
            print(TextTable(headers: ["案件", "状态", "类型", "序号"], rows: cases.map { [$0.caseRef, $0.status, $0.type, String($0.sequence)] },
                            rightAligned: [3]).render())
        }
    }
}

/// A file of webhook secrets (`whsec_…`, several during a rotation), read or first generated
/// (mode 0600, never overwritten). The secrets are checked and never printed.
enum SecretFile {
    static func read(_ path: String, generate: Bool) throws -> [String] {
        if generate {
            guard !FileManager.default.fileExists(atPath: path) else { throw ValidationError(Message("say.secret-file-exists", path)) }
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            guard fd >= 0 else { throw ValidationError(Message("say.cannot-create", path)) }
            let text = WebhookSecret.generate() + "\n"
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError(Message("say.file-unreadable", path)) }
        let secrets = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard !secrets.isEmpty else { throw ValidationError(Message("say.no-secret", path)) }
        do { for s in secrets { _ = try WebhookSecret(s) } } catch { throw ValidationError("\(path): \(error)") }
        return secrets
    }
}

final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var server: RunningServer?
    func set(_ s: RunningServer) { lock.lock(); server = s; lock.unlock() }
    func get() -> RunningServer? { lock.lock(); defer { lock.unlock() }; return server }

    /// Starts a server with `start` and serves until SIGTERM or SIGINT, then stops it. Exit
    /// status 1 when it could not start (the reason on standard error).
    static func serveUntilSignal(name: String, start: @escaping @Sendable () async throws -> RunningServer) throws {
        pingli_line_buffer_stdout()
        let done = DispatchSemaphore(value: 0)
        let stop = StopFlag()
        let sources = [SIGTERM, SIGINT].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { stop.set(); done.signal() }
            s.resume()
            return s
        }
        let box = ServerBox()
        Task {
            do {
                box.set(try await start())
            } catch {
                Shell.warn("\(name): \(error)")
                done.signal()
            }
        }
        done.wait()
        sources.forEach { $0.cancel() }
        let stopped = DispatchSemaphore(value: 0)
        Task { await box.get()?.stop(); stopped.signal() }
        stopped.wait()
        if !stop.isSet { throw ExitCode(1) }
    }
}
