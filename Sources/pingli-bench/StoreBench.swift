import ArgumentParser
import Foundation
import PingliKit

/// Issue 14's measure: several processes appending events to their own hearings at once, on
/// the county store (PostgreSQL, `synchronous_commit=on`) and on one SQLite file (WAL,
/// `synchronous=FULL`), side by side; and one process's durable appends on PostgreSQL against
/// a bare libpq insert loop at the same settings.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Concurrent event appends on PostgreSQL and SQLite; single-process appends against bare libpq.",
        discussion: "The cluster is $PGHOST/$PGPORT/$PGUSER (run it inside pg_virtualenv); a new database is made for each run.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Appending processes.") var processes: Int = 8
    @Option(help: "Seconds each process appends for.") var seconds: Double = 30
    @Option(help: "Events in the single-process comparison.") var events: Int = 2_000

    func run() throws {
        let dir = try options.workDir()
        let duration = options.quick ? 1 : seconds
        let n = options.quick ? 50 : events
        let bench = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var report: [String: Any] = ["measure": "store", "processes": processes, "seconds": duration]
        print("concurrent: \(processes) processes × \(duration) s, each appending to its own hearing")
        print("store       events/s  p50 ms  p99 ms  refused (busy)")
        for (name, location) in [("postgresql", try Self.freshDatabase()), ("sqlite", dir + "/county-\(UUID().uuidString.prefix(6)).sqlite")] {
            let store = try StoreLocation(location).open()
            let ids = try (0..<processes).map { i in try StoreWorker.openHearing(store, caseRef: "BENCH-\(i)") }
            let workers = try ids.map { id in
                try StoreWorker.spawn(bench, ["store-worker", "--db", location, "--hearing", id, "--seconds", String(duration)])
            }
            var latencies: [Double] = []
            var total = 0, refused = 0
            for w in workers {
                let (status, out) = try w.finish()
                guard status == 0 else { throw ValidationError("a worker failed: \(out)") }
                let values = out.split(separator: "\n").compactMap { Double($0) }
                total += values.count
                latencies += values
                refused += out.split(separator: "\n").first { $0.hasPrefix("busy ") }.flatMap { Int($0.dropFirst(5)) } ?? 0
            }
            latencies.sort()
            let rate = Double(total) / duration
            let p50 = latencies.isEmpty ? .nan : latencies[latencies.count / 2] * 1000
            let p99 = latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))] * 1000
            print(String(format: "%-10@  %8.0f  %6.2f  %6.2f  %d", name as NSString, rate, p50, p99, refused))
            report[name] = ["events": total, "events_per_second": rate, "p50_ms": p50, "p99_ms": p99, "refused_busy": refused]
        }
        Self.dropDatabases()

        // One process, durable appends: Pingli's command path against a bare insert loop. Each
        // loop first runs a tenth of its events untimed (a new database's first writes are slower
        // whoever makes them), and the three take turns going first.
        var ours: [Double] = [], bare: [Double] = [], table: [Double] = []
        let warm = max(1, n / 10)
        let text = { (i: Int) in "第 \(i) 条更正：双方就停车位问题交换意见。" }
        for run in 0..<max(1, options.quick ? 1 : options.runs) {
            var loops: [() throws -> Void] = []
            loops.append {
                let store = try StoreLocation(try Self.freshDatabase()).open()
                let id = try StoreWorker.openHearing(store, caseRef: "BENCH-ONE")
                let ctx = OperationContext(operatorName: "bench", now: Date())
                for i in 0..<warm { try store.hearings.execute(id, .correct(seq: 1, text: text(i)), context: ctx) }
                let (_, t) = try measure { for i in warm..<(warm + n) { try store.hearings.execute(id, .correct(seq: 1, text: text(i)), context: ctx) } }
                ours.append(t)
            }
            loops.append {
                // Where the difference lies: the same rows, chained beforehand, inserted by a bare
                // loop into the store's own event table (its key and chain check).
                let store = try StoreLocation(try Self.freshDatabase()).open()
                let id = try StoreWorker.openHearing(store, caseRef: "BENCH-TABLE")
                var state = try store.hearings.state(id)
                let ctx = OperationContext(operatorName: "bench", now: Date())
                let rows = (0..<(warm + n)).map { i in state.record([.corrected(seq: 1, text: text(i))], context: ctx)[0].row }
                let direct = try PGConnection(url: store.location)
                let insert = "INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                for r in rows[..<warm] { try direct.execute(insert, [id, r.seq, r.at, r.operatorName, r.type, r.payload, r.prevHash, r.hash]) }
                let (_, t) = try measure {
                    for r in rows[warm...] { try direct.execute(insert, [id, r.seq, r.at, r.operatorName, r.type, r.payload, r.prevHash, r.hash]) }
                }
                table.append(t)
            }
            loops.append {
                let c = try PGConnection(url: try Self.freshDatabase())
                try c.execute("CREATE TABLE e (hearing TEXT, seq INTEGER, at TEXT, operator TEXT, type TEXT, payload TEXT, prev TEXT, hash TEXT)")
                let prev = String(repeating: "a", count: 64), hash = String(repeating: "b", count: 64)
                let insert = { (i: Int) in
                    _ = try c.execute("INSERT INTO e VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                  ["H", i, "2026-11-21T00:00:00.000Z", "bench", "corrected", "{\"seq\":1,\"text\":\"\(text(i))\"}", prev, hash])
                }
                for i in 0..<warm { try insert(i) }
                let (_, t) = try measure { for i in warm..<(warm + n) { try insert(i) } }
                bare.append(t)
            }
            for k in 0..<loops.count { try loops[(run + k) % loops.count]() }
            Self.dropDatabases()
        }
        let o = Double(n) / median(ours), a = Double(n) / median(bare), e = Double(n) / median(table)
        print("\nsingle process, PostgreSQL (synchronous_commit=on)")
        print("events  pingli /s  bare libpq insert /s  ratio   (bare insert into the store's event table /s  ratio)")
        print(String(format: "%-6d  %9.0f  %20.0f  %5.2f×   %42.0f  %5.2f×", n, o, a, o / a, e, e / a))
        report["single"] = ["events": n, "pingli_seconds": ours, "bare_seconds": bare, "ratio": o / a,
                            "event_table_seconds": table, "event_table_ratio": e / a]
        try options.writeJSON(report)
    }

    /// A new database in the cluster the environment names.
    static func freshDatabase() throws -> String {
        let name = "pingli_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try PGConnection(url: "postgresql:///postgres").execute("CREATE DATABASE \(name)")
        made.append(name)
        return "postgresql:///\(name)"
    }

    /// The databases this run made.
    nonisolated(unsafe) static var made: [String] = []

    /// Drops what this run made: a cluster collecting hundreds of databases keeps its
    /// autovacuum launcher busy, which shows as noise in every later figure.
    static func dropDatabases() {
        guard let admin = try? PGConnection(url: "postgresql:///postgres") else { return }
        for name in made { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        made = []
    }
}

/// One appending process of `pingli-bench store`: appends corrections to one hearing for the
/// given time, each its own durable transaction, and prints each acknowledgement's latency.
struct StoreWorker: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store-worker", abstract: "(used by `store`)", shouldDisplay: false)
    @Option var db: String
    @Option var hearing: String
    @Option var seconds: Double

    func run() throws {
        let store = try StoreLocation(db).open()
        let ctx = OperationContext(operatorName: "bench", now: Date())
        let end = Date().addingTimeInterval(seconds)
        var lines: [String] = []
        var i = 0
        var busy = 0
        while Date() < end {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                try store.hearings.execute(hearing, .correct(seq: 1, text: "第 \(i) 条更正：双方就停车位问题交换意见。"), context: ctx)
            } catch StoreError.busy {
                // SQLite's writer lock not had within the busy timeout: the command was refused.
                busy += 1
                continue
            }
            lines.append(String(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            i += 1
        }
        print((lines + ["busy \(busy)"]).joined(separator: "\n"))
    }

    static func openHearing(_ store: any PingliStore, caseRef: String) throws -> String {
        let spec = try PanelSpecLoader.load(named: "instant-mediation-3", in: try PanelsDirectory.locate())
        return try store.hearings.open(caseRef: caseRef, kind: .instantMediation, spec: spec, place: nil,
                                       context: OperationContext(operatorName: "bench", now: Date())).id
    }

    /// A running worker and its output.
    final class Running {
        let process = Process()
        let out = Pipe()
        var data = Data()
        let reader: Thread
        init(_ executable: String, _ args: [String]) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = args
            process.standardOutput = out
            let handle = out.fileHandleForReading
            let box = DataBox()
            reader = Thread { box.data = handle.readDataToEndOfFile() }
            self.box = box
            try process.run()
            reader.start()
        }
        private let box: DataBox
        func finish() throws -> (Int32, String) {
            process.waitUntilExit()
            while !reader.isFinished { usleep(1_000) }
            return (process.terminationStatus, String(decoding: box.data, as: UTF8.self))
        }
    }

    final class DataBox: @unchecked Sendable { var data = Data() }

    static func spawn(_ executable: String, _ args: [String]) throws -> Running { try Running(executable, args) }
}
