import ArgumentParser
import Foundation
import GRDB
import PingliKit

/// Measure 3: durable hearing-event appends against a bare SQLite insert loop with the same
/// settings (WAL, synchronous=FULL, one transaction per row).
struct AppendBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "append", abstract: "Durable event appends against a bare SQLite insert loop.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Events per run.") var events: Int = 2_000

    func run() throws {
        let dir = try options.workDir()
        let n = options.quick ? 50 : events
        var ours: [Double] = [], bare: [Double] = []
        for run in 0..<max(1, options.quick ? 1 : options.runs) {
            let db = try PingliDatabase(path: dir + "/append-\(run).sqlite")
            let store = HearingService(db)
            let ctx = OperationContext(operatorName: "bench", now: Date())
            let spec = try PanelSpecLoader.load(named: "instant-mediation-3", in: try PanelsDirectory.locate())
            let h = try store.open(caseRef: "B-\(run)", kind: .instantMediation, spec: spec, place: nil, context: ctx)
            let (_, t) = try measure { for i in 0..<n { try store.execute(h.id, .correct(seq: 1, text: "第 \(i) 条更正：双方就停车位问题交换意见。"), context: ctx) } }
            ours.append(t)
            let q = try DatabaseQueue(path: dir + "/bare-\(run).sqlite")
            try q.writeWithoutTransaction { d in
                try d.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
                try d.execute(sql: "CREATE TABLE e (hearing TEXT, seq INTEGER, at TEXT, operator TEXT, type TEXT, payload TEXT, prev TEXT, hash TEXT)")
            }
            let (_, b) = try measure {
                for i in 0..<n {
                    try q.write { d in
                        try d.execute(sql: "INSERT INTO e VALUES (?, ?, ?, ?, ?, ?, ?, ?)", arguments: ["H", i, "2026-11-21T00:00:00.000Z", "bench", "note",
                                      "{\"text\":\"第 \(i) 条记录：双方就停车位问题交换意见。\"}", String(repeating: "a", count: 64), String(repeating: "b", count: 64)])
                    }
                }
            }
            bare.append(b)
        }
        let o = Double(n) / median(ours), a = Double(n) / median(bare)
        print("events  pingli /s  bare insert /s  ratio")
        print(String(format: "%-6d  %9.0f  %14.0f  %5.2f×", n, o, a, o / a))
        try options.writeJSON(["measure": "append", "events": n, "pingli_seconds": ours, "bare_seconds": bare, "ratio": o / a])
    }
}

/// Measure 5: the console's start-up (to the first prompt) and a 10,000-line hearing script.
struct ReplBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Console start-up and a 10,000-line hearing script.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Lines in the script.") var lines: Int = 10_000

    func run() throws {
        let dir = try options.workDir()
        let n = options.quick ? 200 : lines
        let pingli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pingli").path
        let panels = try PanelsDirectory.locate()
        var startups: [Double] = [], scripts: [Double] = []
        for run in 0..<max(1, options.quick ? 1 : options.runs) {
            let db = dir + "/repl-\(run).sqlite"
            try shell([pingli, "pool", "import", panels + "/sample-pool.csv", "--db", db], quiet: true)
            try shell([pingli, "pool", "rules", "min-training-hours", "0", "--db", db], quiet: true)
            // Start-up: a console that opens the database, shows its first prompt and reads EOF.
            for _ in 0..<5 {
                let (_, t) = try measure { try shell([pingli, "repl", "--db", db, "--script", "/dev/null"], quiet: true) }
                startups.append(t)
            }
            var script = "open BENCH-\(run) --kind hearing\nparty add A 张三 --role applicant\nparty add B 李四 --role respondent\nseed A 1\nseed B 2\nseed moderator 3\ndraw\nconfirm\nstart\n"
            let body = max(0, n - 9 - 7 - 5)
            for i in 0..<body { script += i % 2 == 0 ? "statement A 第\(i)段陈述：楼上装修噪音持续。\n" : "debate B 第\(i)段答辩：施工时间符合规定。\n" }
            for seat in 1...7 { script += "vote \(seat) applicant\n" }
            script += "tally\nverdict 支持申请方\nreadback\nsign A\nsign B\nclose\n"
            let path = dir + "/script-\(run).pingli"
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            let (status, t) = try measure { try shell([pingli, "repl", "--db", db, "--bail", "--script", path], quiet: true).0 }
            guard status == 0 else { throw ValidationError("the script failed (status \(status))") }
            scripts.append(t)
        }
        print("start-up to first prompt s  \(n)-line script s  lines/s")
        print(String(format: "%26.3f  %17.2f  %7.0f", median(startups), median(scripts), Double(n) / median(scripts)))
        try options.writeJSON(["measure": "repl", "lines": n, "startup_seconds": startups, "script_seconds": scripts])
    }
}
