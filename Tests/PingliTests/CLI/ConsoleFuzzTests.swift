import Foundation
import Testing
@testable import PingliKit

@Suite("Console fuzzing")
struct ConsoleFuzzTests {
    /// Random lines: raw bytes, real commands with random arguments, broken quotes and options.
    static func lines(count: Int, seed: UInt64) -> [UInt8] {
        var r = TestRandom(state: seed)
        let words = ConsoleCommands.names.filter { $0 != "quit" && $0 != "exit" && $0 != ".read" } + ["votte", "", "--", "<<", "\\"]
        let args = ["A", "B", "moderator", "1", "3", "7", "0", "-1", "99999999999999999999", "applicant", "partial", "E1", "E9",
                    "--reason", "--by", "--role", "--kind", "--spec", "--file", "/nonexistent", "\"未闭合", "'单引号'", "张三 李四",
                    "--reason=理由", "\u{3000}", "😀", "H-2026-0001", "R-000001", "hearing", "mediation"]
        var out: [UInt8] = []
        for _ in 0..<count {
            switch r.int(4) {
            case 0:
                for _ in 0..<r.int(40) {
                    let b = UInt8(r.int(256))
                    out.append(b == 0x0A ? 0x20 : b)
                }
            default:
                var line = words[r.int(words.count)]
                for _ in 0..<r.int(5) { line += " " + args[r.int(args.count)] }
                out += Array(line.utf8)
            }
            out.append(0x0A)
        }
        return out
    }

    @Test("10,000 random lines into a live hearing: no crash, status 0, the record still verifies")
    func randomLines() throws {
        let dir = TempDir("pingli-fuzz")
        let db = dir.file("fuzz.sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        let setup = "open F-1 --kind hearing\nparty add A 甲 --role applicant\nparty add B 乙 --role respondent\nseed A 1\nseed B 2\nseed moderator 3\ndraw\nconfirm\nstart\n"
        let input = Data(setup.utf8) + Data(Self.lines(count: 10_000, seed: 20261121))
        let path = dir.file("fuzz.txt")
        try input.write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Pingli.binary)
        process.arguments = ["repl", "--db", db]
        process.environment = ProcessInfo.processInfo.environment.merging(["PINGLI_NOW": "2026-11-21T01:00:00Z", "PINGLI_HISTORY": ""]) { $1 }
        process.standardInput = FileHandle(forReadingAtPath: path)
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "no crash")
        #expect(process.terminationStatus == 0)
        #expect(errors.contains("<stdin>:"), "errors are reported with their line")
        let store = HearingService(try PingliDatabase(path: db))
        for h in try store.list() {
            let rows = try store.rows(h.id)
            let v = HearingVerification.verify(hearingID: h.id, rows: rows.rows, sealedHash: rows.sealedHash, solver: CBCSolver())
            #expect(v.exitStatus == 0, "\(h.id): \(v.chain) \(v.drawChecks.filter { !$0.passed })")
        }
    }

    @Test("the line splitter and the command parser never crash on random input")
    func parserProperties() {
        var r = TestRandom(state: 7)
        for _ in 0..<20_000 {
            let bytes = (0..<r.int(60)).map { _ in UInt8(r.int(256)) }
            let line = String(decoding: bytes, as: UTF8.self)
            if let words = try? ShellWords(line).words {
                _ = try? ConsoleCommands.parse(words)
                // Only a quoted "" or '' can make an empty word.
                #expect(!words.contains("") || line.contains("\"") || line.contains("'"))
            }
        }
    }
}
