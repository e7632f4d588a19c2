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
    @Option(help: "Appending processes (0: only the single-process comparison).") var processes: Int = 8
    @Option(help: "Seconds each process appends for.") var seconds: Double = 30
    @Option(help: "Events in the single-process comparison, per loop and run.") var events: Int = 2_000
    @Option(help: "Blocks each run's events are split into; the loops take turns block by block.") var blocks: Int = 10

    func run() throws {
        let dir = try options.workDir()
        let duration = options.quick ? 1 : seconds
        let bench = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var report: [String: Any] = ["measure": "store", "processes": processes, "seconds": duration]
        if processes > 0 {
            print("concurrent: \(processes) processes × \(duration) s, each appending to its own hearing")
            print("store       events/s  p50 ms  p99 ms  refused (busy)")
        }
        for (name, location) in processes > 0 ? [("postgresql", try Self.freshDatabase()), ("sqlite", dir + "/county-\(UUID().uuidString.prefix(6)).sqlite")] : [] {
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

        let single = try Self.singleProcess(events: options.quick ? 60 : events, runs: max(1, options.quick ? 1 : options.runs),
                                            blocks: options.quick ? 3 : blocks)
        report["single"] = single
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
