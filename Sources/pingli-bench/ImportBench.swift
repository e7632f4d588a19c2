import ArgumentParser
import Foundation
import PingliKit

/// Measure 1: pool import against the sqlite3 shell's `.import` of the same CSV.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Pool import of generated rows against sqlite3 .import (same file).")

    @OptionGroup var options: BenchOptions
    @Option(help: "Rows.") var rows: Int = 1_000_000

    func run() throws {
        let dir = try options.workDir()
        let n = options.quick ? 2_000 : rows
        let csv = dir + "/pool-\(n).csv"
        try PoolCSVGenerator.write(rows: n, to: csv)
        var ours: [Double] = [], anchor: [Double] = [], anchorWAL: [Double] = []
        for i in 0..<max(1, options.quick ? 1 : options.runs) {
            let db = dir + "/import-\(i).sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let database = try PingliDatabase(path: db)
            let context = OperationContext(operatorName: "bench", now: Date(timeIntervalSince1970: 1_795_222_800))
            let (report, t) = try measure { try PoolImporter(database, context: context).run(path: csv) { print($0) } }
            guard report.committed, report.created == n else { throw ValidationError("import failed: \(report)") }
            ours.append(t)
            let (_, a) = try measure { try shell(["sqlite3", ":memory:", "-cmd", ".mode csv", ".import \(csv) t"]) }
            anchor.append(a)
            let plain = dir + "/plain-\(i).sqlite"
            try? FileManager.default.removeItem(atPath: plain)
            let (_, b) = try measure { try shell(["sqlite3", plain, "-cmd", "PRAGMA journal_mode=WAL", "-cmd", "PRAGMA synchronous=FULL",
                                                  "-cmd", ".mode csv", ".import \(csv) t"], quiet: true) }
            anchorWAL.append(b)
        }
        let o = median(ours), a = median(anchor), w = median(anchorWAL)
        print("rows       pingli s  sqlite3 :memory: s  ratio   sqlite3 file (WAL, FULL) s  ratio   peak MiB")
        print(String(format: "%-9d  %8.2f  %18.2f  %5.2f×  %26.2f  %5.2f×  %8.0f", n, o, a, o / a, w, o / w, peakMemoryMiB()))
        try options.writeJSON(["measure": "import", "rows": n, "pingli_seconds": ours, "sqlite3_memory_seconds": anchor,
                               "sqlite3_file_seconds": anchorWAL, "ratio_memory": o / a, "ratio_file": o / w, "peak_mib": peakMemoryMiB()])
    }
}

/// Generated pool files for the import measure: Chinese names and places, all columns.
enum PoolCSVGenerator {
    static func write(rows: Int, to path: String) throws {
        let cats = ["居民代表", "村民代表", "专业人才", "社会人士", "党代表", "人大代表", "政协委员"]
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { throw ValidationError("cannot write \(path)") }
        var buffer = "id,name,gender,birth_year,community,street,categories,intake,recommended_by,phone,household,work_unit,term_start,term_end,status\n"
        // Ids as wide as the largest needs (at least seven digits), so 100 million stay unique.
        let width = max(7, String(rows).count)
        for i in 1...rows {
            let digits = String(i)
            buffer += "R-\(String(repeating: "0", count: width - digits.count) + digits),张\(i % 1000)伟,\(i % 2 == 0 ? "女" : "男"),\(1950 + i % 50),社区\(i % 40),街道\(i % 5),\(cats[i % 7]);\(cats[(i + 3) % 7]),自荐,,1\(3_000_000_000 + i),H\(i / 3),单位\(i % 500),2025-01-01,2027-12-31,在库\n"
            if buffer.utf8.count > 1 << 20 { handle.write(Data(buffer.utf8)); buffer = "" }
        }
        handle.write(Data(buffer.utf8))
        try handle.close()
    }
}
