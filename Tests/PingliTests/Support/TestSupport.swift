import Foundation
import GRDB
@testable import PingliKit

/// A fresh folder under the system temp dir, removed when the test's value goes away.
final class TempDir: @unchecked Sendable {
    let path: String

    init(_ name: String = "pingli-test") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = file(name)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let p = file(name)
        try! Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
}

enum Fixtures {
    /// 2026-11-21 09:00 in Beijing.
    static let now = Date(timeIntervalSince1970: 1_795_222_800)
    static func context(_ name: String = "测试员") -> OperationContext {
        OperationContext(operatorName: name, now: now, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    }

    static let header = "id,name,gender,birth_year,community,street,categories,intake,recommended_by,phone,household,work_unit,term_start,term_end,status"

    static func row(_ n: Int, name: String? = nil, categories: String = "居民代表", phone: String? = nil,
                    year: String = "1970", status: String = "active") -> String {
        "R-\(String(format: "%06d", n)),\(name ?? "代表\(n)"),女,\(year),东风社区,中市街道,\(categories),自荐,,\(phone ?? "1380000\(String(format: "%04d", n))"),H\(n),单位\(n),2025-01-01,2027-12-31,\(status)"
    }

    static func csv(_ rows: [String]) -> String { ([header] + rows).joined(separator: "\n") + "\n" }

    static func representative(_ id: String = "", name: String = "王丽", status: RepresentativeStatus = .active) -> Representative {
        Representative(id: id, name: name, gender: .female, birthYear: 1972, community: "东风社区", street: "中市街道",
                       categories: ["resident"], intake: .selfNominated, phone: nil, household: "H1",
                       termStart: Day("2025-01-01"), termEnd: Day("2027-12-31"), status: status)
    }
}

/// Encodes UTF-8 text as GB18030 with glibc's iconv (what Excel writes in a Chinese locale).
func gb18030(_ text: String) -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")!
    defer { iconv_close(cd) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 4 + 16)
    var inLeft = input.count, outLeft = output.count
    input.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
            var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
            _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        }
    }
    return output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
}

/// Runs the real `pingli` binary built beside the test bundle.
struct PingliRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Pingli {
    static var binary: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // swift test runs the .xctest bundle from the build folder; the binary is its sibling.
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let p = candidate.appendingPathComponent("pingli").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/pingli").path
    }

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    currentDirectory: String? = nil) throws -> PingliRun {
        var env = ProcessInfo.processInfo.environment
        env["PINGLI_NOW"] = env["PINGLI_NOW"] ?? "2026-11-21T01:00:00Z"
        env["TZ"] = "Asia/Shanghai"
        env["PINGLI_OPERATOR"] = "测试员"
        env["PINGLI_HISTORY"] = ""
        // Tests read English messages unless they ask for Chinese, whatever the machine's locale.
        env["PINGLI_LANG"] = "en"
        for (k, v) in environment { env[k] = v }
        return try Subprocess.run(binary, arguments, stdin: stdin, environment: env, currentDirectory: currentDirectory)
    }
}

/// Runs a program to its end, with its output.
enum Subprocess {
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment, currentDirectory: String? = nil) throws -> PingliRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return PingliRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }
}
