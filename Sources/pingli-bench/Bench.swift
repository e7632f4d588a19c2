import ArgumentParser
import Foundation
import PingliKit

/// `pingli-bench`: measures Pingli against the anchors named in BENCHMARKS.md.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pingli-bench",
        abstract: "Benchmarks against their anchors; prints a table and writes JSON.",
        subcommands: [DrawBench.self, ImportBench.self, AppendBench.self, DeliveryBench.self, IntakeBench.self, DocumentBench.self, ReplBench.self, ScalingBench.self, ScalingPoint.self, StoreBench.self, StoreWorker.self])
}

/// Options every measure takes.
struct BenchOptions: ParsableArguments {
    @Flag(help: "Tiny sizes, a few seconds: proves the bench still runs (the test suite uses it).") var quick = false
    @Option(help: "Repetitions per size; the median is reported.") var runs: Int = 3
    @Option(help: "Write results as JSON here.") var json: String?
    @Option(help: "Working folder (default: a new temporary folder).") var work: String?

    func workDir() throws -> String {
        let dir = work ?? FileManager.default.temporaryDirectory.appendingPathComponent("pingli-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func writeJSON(_ value: [String: Any]) throws {
        guard let json else { return }
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: json))
    }
}

/// Wall-clock time of `body`, in seconds.
func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
}

/// Runs a program and returns its exit status and standard output.
@discardableResult
func shell(_ arguments: [String], environment: [String: String] = [:], quiet: Bool = false) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe()
    p.standardOutput = out
    if quiet { p.standardError = FileHandle.nullDevice }
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Peak resident memory of this process so far, in MiB (from /proc/self/status VmHWM).
func peakMemoryMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return .nan }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}
