import Foundation
@testable import PingliKit

/// A `pingli repl` process fed line by line through a pipe, its output read as it comes.
final class LiveConsole: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var buffer = ""

    init(arguments: [String], environment: [String: String] = [:], executable: String = Pingli.binary) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PINGLI_NOW"] = "2026-11-21T01:00:00Z"
        env["TZ"] = "Asia/Shanghai"
        env["PINGLI_OPERATOR"] = "测试员"
        env["PINGLI_HISTORY"] = ""
        // Tests read English messages unless they ask for Chinese, whatever the machine's locale.
        env["PINGLI_LANG"] = "en"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] h in
            let data = h.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.buffer += String(decoding: data, as: UTF8.self)
            self.lock.unlock()
        }
        try process.run()
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return buffer }

    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// Types `keys` as they are (no line feed): a TAB, half a word.
    func type(_ keys: String) { input.fileHandleForWriting.write(Data(keys.utf8)) }

    /// Waits until `predicate` holds for the output so far, or `timeout` seconds pass.
    @discardableResult
    func wait(timeout: Double = 20, until predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(text) { return true }
            usleep(2_000)
        }
        return predicate(text)
    }

    /// The sequence numbers the console has acknowledged (`  N. …` lines).
    var acknowledged: [Int] {
        text.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("  "), let dot = line.firstIndex(of: ".") else { return nil }
            return Int(line[line.index(line.startIndex, offsetBy: 2)..<dot])
        }
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
    }

    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }
}
