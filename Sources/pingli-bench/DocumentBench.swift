import ArgumentParser
import Foundation
import PingliKit

/// The printed 笔录 of a long hearing: `pingli transcript H-ID --format pdf` end to end (start-up,
/// reading the record, layout twice, writing the PDF) for a hearing of N events; target ≤ 2 s
/// for 500 events. Also the peak memory of that process.
struct DocumentBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "document", abstract: "The PDF record of a long hearing, end to end.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Events in the hearing.") var events: Int = 500

    func run() throws {
        let dir = try options.workDir()
        let n = options.quick ? 60 : events
        let pingli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pingli").path
        let panels = try PanelsDirectory.locate()
        let db = dir + "/document.sqlite"
        try? FileManager.default.removeItem(atPath: db)
        try shell([pingli, "pool", "import", panels + "/sample-pool.csv", "--db", db], quiet: true)
        try shell([pingli, "pool", "rules", "min-training-hours", "0", "--db", db], quiet: true)
        // A public hearing: the setup (12 events), N − 28 statements and answers, 7 votes and the close.
        var script = "open DOC-1 --kind hearing --place 中市街道评理室\nparty add A 张三 --role applicant\nparty add B 李四 --role respondent\nseed A 1\nseed B 2\nseed moderator 3\ndraw\nconfirm\nstart\n"
        for i in 0..<max(0, n - 9 - 7 - 6) {
            script += i % 2 == 0 ? "statement A 第\(i)段陈述：楼上装修噪音从早上七点持续到晚上十点，影响老人休息和孩子学习，多次沟通无果。\n"
                                 : "debate B 第\(i)段答辩：施工时间符合物业规定，已取得装修许可，并已在楼道张贴告示。\n"
        }
        for seat in 1...7 { script += "vote \(seat) applicant --reason 证据充分\n" }
        script += "tally\nverdict 支持申请方：被申请方晚上九点后停止施工，并向申请方致歉。\nreadback\nsign A\nsign B\nclose\n"
        let path = dir + "/document.pingli"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        guard try shell([pingli, "repl", "--db", db, "--bail", "--script", path], quiet: true).0 == 0 else { throw ValidationError("the hearing script failed") }
        var times: [Double] = [], renders: [Double] = []
        var pages = 0
        let database = try PingliDatabase(path: db)
        let hearings = HearingService(database)
        let state = try hearings.state("H-2026-0001"), recorded = try hearings.events("H-2026-0001")
        guard recorded.count == n else { throw ValidationError("the hearing has \(recorded.count) events, not \(n)") }
        let names = Dictionary(uniqueKeysWithValues: try PoolStore(database).list().map { ($0.id, $0.name) })
        for run in 0..<max(1, options.quick ? 1 : options.runs) {
            // End to end, as the office runs it.
            let out = dir + "/record-\(run).pdf"
            let (status, t) = try measure { try shell([pingli, "transcript", "H-2026-0001", "--format", "pdf", "--out", out, "--db", db], quiet: true).0 }
            guard status == 0 else { throw ValidationError("pingli transcript --format pdf failed") }
            times.append(t)
            // The layout and drawing alone, in this process.
            let document = RecordDocument.build(state, recorded, names: names, office: nil, caseTitle: nil, recorder: "记录员")
            let (p, r) = try measure { try PDFRenderer().render(document, to: dir + "/inprocess-\(run).pdf") }
            pages = p
            renders.append(r)
        }
        print("events  pages  end to end s (median)  render s (median)  peak MiB (bench process)  target")
        print(String(format: "%-6d  %5d  %21.3f  %17.3f  %24.1f  ≤ 2 s", n, pages, median(times), median(renders), peakMemoryMiB()))
        try options.writeJSON(["measure": "document", "events": n, "pages": pages, "seconds": times, "render_seconds": renders, "peak_mib": peakMemoryMiB()])
    }
}
