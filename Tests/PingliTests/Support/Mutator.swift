import Foundation
@testable import PingliKit

/// Seeded byte-level mutations of valid inputs, in the manner of a fuzzer's mutators: flips,
/// inserted and deleted runs, duplicated and spliced lines, and tokens that matter to the
/// format being fuzzed. Seeds make every failing input reproducible; the failing bytes are
/// also printed so they can be kept under `Fixtures/Regressions`.
struct Mutator {
    var random: TestRandom
    /// Tokens worth inserting for this format (quotes, separators, brackets, odd numbers).
    var tokens: [[UInt8]]

    static let common: [[UInt8]] = [
        [0x00], [0xFF], [0xEF, 0xBB, 0xBF], [0xC3], [0xE4, 0xB8], [0x0D], [0x0A], [0x0D, 0x0A], [0x09], [0x22], [0x27], [0x5C],
        Array("-9223372036854775808".utf8), Array("99999999999999999999999".utf8), Array("-1".utf8), Array("0".utf8),
        Array("1e400".utf8), Array("NaN".utf8), Array("😀".utf8), Array("\u{3000}".utf8), Array(String(repeating: "长", count: 300).utf8),
    ]

    init(seed: UInt64, tokens: [String]) {
        random = TestRandom(state: seed)
        self.tokens = Self.common + tokens.map { Array($0.utf8) }
    }

    mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : random.int(n) }

    /// One to four mutations of `input`.
    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...int(4) {
            let at = int(bytes.count + 1)
            switch int(9) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] ^= UInt8(1 << int(8))
            case 1:
                bytes.insert(UInt8(int(256)), at: at)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, at + 1 + int(16))
                bytes.removeSubrange(min(at, bytes.count - 1)..<end)
            case 3, 4:
                bytes.insert(contentsOf: tokens[int(tokens.count)], at: at)
            case 5:
                // Duplicate or drop a whole line.
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                guard !lines.isEmpty else { break }
                let i = int(lines.count)
                if int(2) == 0 { lines.insert(lines[i], at: int(lines.count)) } else { lines.remove(at: i) }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 6 where bytes.count > 2:
                // Splice a run of the input somewhere else.
                let start = int(bytes.count - 1), length = 1 + int(min(32, bytes.count - start - 1))
                bytes.insert(contentsOf: bytes[start..<(start + length)], at: at)
            case 7 where !bytes.isEmpty:
                bytes = Array(bytes.prefix(at))
            default:
                bytes.insert(contentsOf: Array(repeating: UInt8(int(128)), count: 1 + int(64)), at: at)
            }
        }
        return bytes
    }
}

/// Inputs that once crashed or misbehaved, kept as files under
/// `Tests/PingliTests/Fixtures/Regressions/<target>/` and replayed on every run.
enum RegressionCorpus {
    static func inputs(_ target: String) -> [(name: String, bytes: [UInt8])] {
        let dir = Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Regressions/" + target
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0 != "README.md" }.sorted().compactMap { name in
            FileManager.default.contents(atPath: dir + "/" + name).map { (name, Array($0)) }
        }
    }

    /// A printable form of a failing input, to paste into a regression file.
    static func describe(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}

/// How long the fuzzers run. The suite's budget is fixed; `PINGLI_FUZZ_SCALE=N` multiplies it
/// for a longer hunt, and `PINGLI_FUZZ_TRACE=FILE` writes each input there before trying it,
/// so an input that kills the process (a C assertion, a trap) is left behind to keep.
enum FuzzBudget {
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["PINGLI_FUZZ_SCALE"] ?? "") ?? 1)
    static let trace = ProcessInfo.processInfo.environment["PINGLI_FUZZ_TRACE"]

    static func iterations(_ base: Int) -> Int { base * scale }

    static func record(_ input: [UInt8]) {
        if let trace { _ = FileManager.default.createFile(atPath: trace, contents: Data(input)) }
    }
}
