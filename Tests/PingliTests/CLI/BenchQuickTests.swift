import Foundation
import Testing
@testable import PingliKit

/// `pingli-bench --quick` for every measure, so the benchmarks cannot rot.
@Suite("pingli-bench --quick")
struct BenchQuickTests {
    @Test(arguments: [["draw", "--no-anchor"], ["import"], ["append"], ["delivery"], ["intake"], ["document"], ["repl"], ["scaling"]])
    func quick(arguments: [String]) throws {
        try Self.run(arguments)
    }

    /// The county store's measures, on the test cluster.
    @Test(.enabled(if: Backend.postgresAvailable), arguments: [["store", "--processes", "2"], ["intake", "--postgres"], ["import", "--postgres"]])
    func quickOnPostgreSQL(arguments: [String]) throws {
        try Self.run(arguments)
    }

    static func run(_ arguments: [String]) throws {
        let dir = TempDir("pingli-bench")
        let bench = URL(fileURLWithPath: Pingli.binary).deletingLastPathComponent().appendingPathComponent("pingli-bench").path
        let json = dir.file("out.json")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bench)
        p.arguments = arguments + ["--quick", "--work", dir.path, "--json", json]
        p.currentDirectoryURL = URL(fileURLWithPath: Pingli.repositoryRoot)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(arguments): \(text)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(object?["measure"] as? String == arguments[0])
    }
}
