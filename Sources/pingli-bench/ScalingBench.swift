import ArgumentParser
import Foundation
import PingliKit

/// Measure 6: how import and draw costs grow at 10× and 100× their base sizes. Each point
/// runs in a child process of its own, so its peak memory is its own.
struct ScalingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling", abstract: "Import and draw at 1×, 10× and 100× the base sizes: time and peak memory.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Base pool-import size (rows).") var importRows: Int = 1_000_000
    @Option(help: "Base draw size (people; the largest draw instance).") var drawPeople: Int = 50_000
    @Option(parsing: .upToNextOption, help: "Multiples of the base sizes.") var factors: [Int] = [1, 10, 100]
    @Option(parsing: .upToNextOption, help: "Which measures: import, draw.") var measures: [String] = ["import", "draw"]

    func run() throws {
        let dir = try options.workDir()
        let factors = options.quick ? [1, 10] : self.factors
        var results: [[String: Any]] = []
        print("measure  size          load s    work s    µs/item   peak MiB")
        for measure in measures {
            for f in factors {
                let n = (measure == "import" ? (options.quick ? 1_000 : importRows) : (options.quick ? 500 : drawPeople)) * f
                var inputs: [String]
                if measure == "import" {
                    let csv = dir + "/scale-\(n).csv"
                    try PoolCSVGenerator.write(rows: n, to: csv)
                    inputs = [csv]
                } else {
                    let (fp, pp) = try SyntheticInstance.write(n: n, size: 12, seed: UInt64(n), to: dir)
                    inputs = [fp, pp]
                }
                defer { for path in inputs + [dir + "/scale-\(n).sqlite"] { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } } }
                let (status, out) = try shell([CommandLine.arguments[0], "scaling-point", measure, String(n), dir] + inputs)
                guard status == 0, let data = out.split(separator: "\n").last.map({ Data($0.utf8) }),
                      let point = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let load = point["load_seconds"] as? Double, let work = point["work_seconds"] as? Double,
                      let peak = point["peak_mib"] as? Double else {
                    throw ValidationError("the \(measure) point at \(n) failed: \(out)")
                }
                print(measure.padding(toLength: 7, withPad: " ", startingAt: 0) + String(format: "  %-11d  %7.2f  %8.2f  %9.2f  %9.0f", n, load, work, (load + work) / Double(n) * 1e6, peak))
                results.append(["measure": measure, "size": n, "factor": f, "load_seconds": load, "work_seconds": work, "peak_mib": peak])
            }
        }
        try options.writeJSON(["measure": "scaling", "results": results])
    }
}

/// One point of the scaling measure, in its own process (not for direct use).
struct ScalingPoint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scaling-point", shouldDisplay: false)

    @Argument var kind: String
    @Argument var size: Int
    @Argument var work: String
    @Argument var inputs: [String]

    func run() throws {
        var load = 0.0, spent = 0.0
        switch kind {
        case "import":
            let database = try PingliDatabase(path: work + "/scale-\(size).sqlite")
            let context = OperationContext(operatorName: "bench", now: Date(timeIntervalSince1970: 1_795_222_800))
            let (report, t) = try measure { try PoolImporter(database, context: context).run(path: inputs[0]) { FileHandle.standardError.write(Data("\($0)\n".utf8)) } }
            guard report.committed, report.created == size else { throw ValidationError("import failed: \(report)") }
            spent = t
        case "draw":
            let (instance, l) = try measure { try SortitionInstance.read(features: inputs[0], people: inputs[1], householdColumns: ["household"]) }
            load = l
            let (_, t) = try measure { try instance.select(size: 12, seed: SortitionInstance.seed("bench"), solver: CBCSolver()) }
            spent = t
        default:
            throw ValidationError("unknown measure \(kind)")
        }
        let json = try JSONSerialization.data(withJSONObject: ["load_seconds": load, "work_seconds": spent, "peak_mib": peakMemoryMiB()])
        print(String(decoding: json, as: UTF8.self))
    }
}
