import ArgumentParser
import Foundation
import PingliKit

/// Measure 1: pool import against the sqlite3 shell's `.import` of the same CSV.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Pool import of generated rows against sqlite3 .import (same file).")

    @OptionGroup var options: BenchOptions
    @Option(help: "Rows.") var rows: Int = 1_000_000
    @Flag(help: "Import into the county store (a new database in the cluster $PGHOST names) against psql's \\copy, beside the office file.")
    var postgres = false

    func run() throws {
        let dir = try options.workDir()
        let n = options.quick ? 2_000 : rows
        let csv = dir + "/pool-\(n).csv"
        try PoolCSVGenerator.write(rows: n, to: csv)
        if postgres { return try runOnPostgreSQL(csv: csv, rows: n, dir: dir) }
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

extension ImportBench {
    /// The same file into the county store (one transaction, every row through ``PGPoolStore``
    /// with its history) against psql's `\\copy` into a plain table, and into an office file,
    /// in the same run.
    func runOnPostgreSQL(csv: String, rows n: Int, dir: String) throws {
        var county: [Double] = [], copy: [Double] = [], file: [Double] = []
        let context = OperationContext(operatorName: "bench", now: Date(timeIntervalSince1970: 1_795_222_800))
        for i in 0..<max(1, options.quick ? 1 : options.runs) {
            let location = try StoreBench.freshDatabase()
            guard let store = try StoreLocation(location).open() as? PGStore else { throw ValidationError("\(location) is not a county store") }
            let (report, t) = try measure { try PGPoolImporter(store, context: context).run(path: csv) { print($0) } }
            guard report.committed, report.created == n else { throw ValidationError("import failed: \(report)") }
            county.append(t)
            let plain = try StoreBench.freshDatabase()
            let database = String(plain.dropFirst("postgresql:///".count))
            try shell(["psql", "-q", "-d", database, "-c", "CREATE TABLE t (id text, name text, gender text, birth_year text, community text, street text, categories text, intake text, recommended_by text, phone text, household text, work_unit text, term_start text, term_end text, status text)"], quiet: true)
            let (_, c) = try measure { try shell(["psql", "-q", "-d", database, "-c", "\\copy t FROM '\(csv)' WITH (FORMAT csv, HEADER true)"], quiet: true) }
            copy.append(c)
            let db = dir + "/import-pg-\(i).sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let (_, f) = try measure { try PoolImporter(try PingliDatabase(path: db), context: context).run(path: csv) { print($0) } }
            file.append(f)
            StoreBench.dropDatabases()
        }
        let o = median(county), c = median(copy), f = median(file)
        print("rows       county store s  psql \\copy into a plain table s  ratio   office file s")
        print(String(format: "%-9d  %14.2f  %31.2f  %5.2f×  %13.2f", n, o, c, o / c, f))
        try options.writeJSON(["measure": "import", "store": "postgresql", "rows": n, "county_seconds": county, "psql_copy_seconds": copy,
                               "office_file_seconds": file, "ratio_copy": o / c])
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
