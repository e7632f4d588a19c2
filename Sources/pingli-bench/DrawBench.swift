import ArgumentParser
import Foundation
import PingliKit

/// Measure 2: the fair draw on the synthetic instances, against sortition-algorithms maximin (CBC).
struct DrawBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "Leximin draw on synthetic pools (500 / 5,000 / 50,000; panel 12) against sortition-algorithms 0.12.15 maximin.")

    @OptionGroup var options: BenchOptions
    @Option(parsing: .upToNextOption, help: "Pool sizes.") var sizes: [Int] = [500, 5_000, 50_000]
    @Option(help: "Panel size.") var panel: Int = 12
    @Flag(help: "Skip sortition-algorithms (no PyPI, or no time).") var noAnchor = false
    @Option(help: "Give sortition-algorithms at most this many seconds per size.") var anchorTimeout: Int = 1200
    @Option(help: "issue3 (3 features, ~10% households), office (issue 16: 4 features, every value bounded, ~15% households) or assembly (6 features, 25 values, quotas ±1, ~15% households; use --panel 110 --sizes 1727).") var shape: String = "issue3"
    @Option(help: "Instances per size (seeds 1…N); the median is reported.") var seeds: Int = 1
    @Option(help: "Instead of the draw: solve its first stage (households set aside) for at most this many seconds, printing the level reached and the upper bound proved every 10 s (where the time goes on instances too big to finish).")
    var watch: Int?

    func run() throws {
        let dir = try options.workDir()
        let sizes = options.quick ? [60, 200] : self.sizes
        let python = noAnchor || options.quick ? nil : try SortitionAnchor.prepare(in: dir)
        var results: [[String: Any]] = []
        print("size      pingli s   min prob      max prob    rounds  anchor s    anchor min   speed×    peak MiB")
        guard ["issue3", "office", "assembly"].contains(shape) else { throw ValidationError("--shape is issue3, office or assembly") }
        for n in sizes {
          for seed in 1...max(1, seeds) {
            let (fp, pp) = switch shape {
            case "office": try SyntheticInstance.write(n: n, size: panel, seed: UInt64(seed), to: dir, features: SyntheticInstance.office,
                                                       householdShare: 0.15, tag: "office-")
            case "assembly": try SyntheticInstance.write(n: n, size: panel, seed: UInt64(seed), to: dir, features: SyntheticInstance.assembly,
                                                         householdShare: 0.15, tag: "assembly-", slack: 1)
            default: try SyntheticInstance.write(n: n, size: panel, seed: seeds > 1 ? UInt64(seed) : UInt64(n), to: dir)
            }
            let instance = try SortitionInstance.read(features: fp, people: pp, householdColumns: ["household"])
            if let watch {
                results.append(try Self.watch(instance, panel: panel, seconds: watch, people: n, seed: seed))
                continue
            }
            var times: [Double] = []
            var lottery: DrawRecord.Lottery?
            var probabilities: [String: Double] = [:]
            let counting = CountingSolver(CBCSolver())
            for _ in 0..<max(1, options.quick ? 1 : options.runs) {
                let (r, t) = try measure { try instance.select(size: panel, seed: SortitionInstance.seed("bench"), solver: counting) }
                times.append(t)
                lottery = r.lottery
                probabilities = r.probabilities
            }
            let runs = Double(max(1, options.quick ? 1 : options.runs))
            print(String(format: "          integer programs: %.0f a draw, %.3f s in them (%.0f%%), largest %d variables × %d rows",
                         Double(counting.calls) / runs, counting.seconds / runs, 100 * counting.seconds / times.reduce(0, +),
                         counting.largest.variables, counting.largest.rows))
            // The leximin profile beyond the minimum: the lowest distinct levels and how many people are at each.
            let levels = leximinLevels(Array(probabilities.values)).prefix(3)
            print("          leximin levels: " + levels.map { String(format: "%.6f%% (%d people)", $0.key * 100, $0.value.count) }.joined(separator: ", ")
                  + "; path: " + (lottery!.rounding == FairLottery.dependentRounding ? "households apart by dependent rounding" : lottery!.householdClasses.isEmpty ? "no shared households" : "exact household model"))
            var anchor: (seconds: Double, minimum: Double)?
            if let python { anchor = try SortitionAnchor.run(python: python, features: fp, people: pp, size: panel, timeout: anchorTimeout) }
            let ours = median(times)
            let row: [String: Any] = [
                "people": n, "shape": shape, "seed": seed, "pingli_seconds": ours, "pingli_runs": times, "min_probability": lottery!.minimumProbability,
                "max_probability": lottery!.maximumProbability, "rounds": lottery!.rounds,
                "levels": levels.map { ["probability": $0.key, "people": $0.value.count] },
                "integer_programs": Double(counting.calls) / runs, "seconds_in_integer_programs": counting.seconds / runs,
                "anchor_seconds": anchor?.seconds ?? NSNull(), "anchor_min_probability": anchor?.minimum ?? NSNull(),
                "speedup": anchor.map { $0.seconds / ours } ?? NSNull(), "peak_mib": peakMemoryMiB(),
            ]
            results.append(row)
            print(String(format: "%-8d  %8.3f  %10.6f%%  %10.6f%%  %6d  %8@  %11@  %7@  %8.0f", n, ours, lottery!.minimumProbability * 100,
                         lottery!.maximumProbability * 100, lottery!.rounds,
                         anchor.map { String(format: "%.2f", $0.seconds) } ?? "—",
                         anchor.map { String(format: "%.6f%%", $0.minimum * 100) } ?? "—",
                         anchor.map { String(format: "%.1f", $0.seconds / ours) } ?? "—", peakMemoryMiB()))
          }
        }
        try options.writeJSON(["measure": "draw", "panel": panel, "results": results])
    }
}

extension DrawBench {
    /// Runs the first leximin stage with progress reports and a time limit.
    static func watch(_ instance: SortitionInstance, panel: Int, seconds: Int, people: Int, seed: Int) throws -> [String: Any] {
        let rows = instance.features.map { SlotModel.QuotaRow(name: "\($0.feature) = \($0.value)", min: $0.min, max: $0.max) }
        let model = SlotModel(ids: instance.ids, households: instance.ids.map { _ in nil }, panelSize: panel, rows: rows,
                              membership: instance.membership)
        let counting = CountingSolver(CBCSolver())
        let start = DispatchTime.now().uptimeNanoseconds
        final class Last: @unchecked Sendable { var report: LeximinProgress?; var printed = 0.0 }
        let last = Last()
        @Sendable func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        @Sendable func line(_ p: LeximinProgress) -> String {
            String(format: "%7.1f s  round %d, %d of %d slots fixed, level %.6f%%, upper bound %@, %d columns (%d by swaps), %d integer programs (%.1f s in them)",
                   elapsed(), p.round, p.fixedSlots, p.slots, p.level * 100, p.upperBound.map { String(format: "%.6f%%", $0 * 100) } ?? "—",
                   p.columns, p.swapColumns, p.pricingCalls, counting.seconds)
        }
        var leximin = Leximin(model: model, solver: counting)
        leximin.progress = { p in
            last.report = p
            if elapsed() - last.printed >= 10 { last.printed = elapsed(); FileHandle.standardOutput.write(Data((line(p) + "\n").utf8)) }
            return elapsed() < Double(seconds)
        }
        print("\(people) people, panel \(panel), seed \(seed): \(model.slots.count) slots, \(rows.count) quota rows (households set aside)")
        var finished = false
        do { _ = try leximin.solve(); finished = true } catch SolverError.failed { }
        if let p = last.report { print((finished ? "finished: " : "stopped:  ") + line(p)) }
        return ["people": people, "seed": seed, "watch_seconds": elapsed(), "finished": finished, "slots": model.slots.count,
                "level": last.report?.level ?? NSNull(), "upper_bound": last.report?.upperBound ?? NSNull(),
                "rounds": last.report?.round ?? 0, "integer_programs": counting.calls, "seconds_in_integer_programs": counting.seconds,
                "peak_mib": peakMemoryMiB()]
    }
}

/// The distinct probability levels, lowest first, with how many people are at each; values
/// closer than 1e-7 (the LP's tolerance shows in the last digits) are one level.
func leximinLevels(_ values: [Double]) -> [(key: Double, value: [Double])] {
    var levels: [(key: Double, value: [Double])] = []
    for v in values.sorted() {
        if let last = levels.last, v - last.value[0] < 1e-7 { levels[levels.count - 1].value.append(v) } else { levels.append((v, [v])) }
    }
    return levels
}

/// Counts the integer programs a draw solves, their sizes and the time spent in them (where the
/// time goes, issue 16).
final class CountingSolver: IntegerSolver, @unchecked Sendable {
    let base: any IntegerSolver
    private(set) var calls = 0
    private(set) var seconds = 0.0
    private(set) var largest = (variables: 0, rows: 0)

    init(_ base: any IntegerSolver) { self.base = base }

    func maximize(_ p: IntegerProgram) throws -> [Double] {
        calls += 1
        largest = (max(largest.variables, p.objective.count), max(largest.rows, p.rows.count))
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try base.maximize(p)
    }
}
