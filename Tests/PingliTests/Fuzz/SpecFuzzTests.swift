import Foundation
import Testing
@testable import PingliKit

/// Mutated panel specifications: the loader either returns a spec that makes sense or throws
/// a ``SpecError`` that points inside the file. Never a crash, never another kind of error.
@Suite("Fuzzing: the TOML spec loader")
struct SpecFuzzTests {
    static let panels = Pingli.repositoryRoot + "/Panels"

    /// Parses as the file the input was mutated from (its `name` must match the file name).
    static func parse(_ bytes: [UInt8], file: String = "fuzz.toml") throws -> PanelSpec {
        let text = String(decoding: bytes, as: UTF8.self)
        let name = text.split(separator: "\n").first { $0.hasPrefix("name = \"") }.map { String($0.dropFirst(8).prefix { $0 != "\"" }) } ?? "fuzz"
        return try PanelSpecLoader.parse(text, file: file, defaultName: name, sha256: "")
    }

    static func check(_ bytes: [UInt8], file: String = "fuzz.toml") -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        do {
            let spec = try parse(bytes, file: file)
            if !(1...51).contains(spec.panelSize) { return "accepted panel_size \(spec.panelSize)" }
            if !(0...50).contains(spec.alternates) { return "accepted alternates \(spec.alternates)" }
            if spec.kind != .instantMediation && spec.options.count < 2 { return "accepted \(spec.options.count) vote options" }
            return nil
        } catch let error as SpecError {
            guard error.file == file, (1...(lines + 1)).contains(error.line), error.column >= 0, !error.message.isEmpty else {
                return "error outside the file: \(error)"
            }
            return nil
        } catch {
            return "untyped error \(type(of: error)): \(error)"
        }
    }

    @Test("6,000 mutations of the shipped specs: a sensible spec or a SpecError inside the file")
    func mutations() throws {
        let names = try PanelSpecLoader.available(in: Self.panels)
        let originals = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: Self.panels + "/" + $0 + ".toml"))) }
        var m = Mutator(seed: 7_007, tokens: ["=", " = ", "[", "]", "[[quota]]\n", "[voting]\n", "{", "}", "\"", "'''", "\"\"\"", "#",
                                               "panel_size = ", "alternates = ", "min = ", "max = ", "each_max = ", "attribute = \"age\"",
                                               "value = \"60-120\"", "\"60-20\"", "\"-5-3\"", "rule = \"unanimity\"", "tie = ", "options = []",
                                               "inf", "-inf", "nan", "1979-05-27T07:32:00Z", "0x7FFFFFFFFFFFFFFF", "1_000", "true", "[]", "{}"])
        var failures: [String] = []
        var accepted = 0, refused = 0, semantic = 0
        let regressions = RegressionCorpus.inputs("spec").map(\.bytes)
        for n in 0..<(FuzzBudget.iterations(6_000) + regressions.count) {
            let original = originals[m.int(originals.count)]
            let input = n < regressions.count ? regressions[n] : m.int(2) == 0 ? m.mutate(original) : Self.mutateValues(original, &m)
            FuzzBudget.record(input)
            if let failure = Self.check(input) {
                failures.append("\(failure) — input \(RegressionCorpus.describe(input))")
                if failures.count >= 3 { break }
            } else if (try? Self.parse(input)) != nil {
                accepted += 1
            } else {
                refused += 1
                do { _ = try Self.parse(input) } catch {
                    if !"\(error)".contains("not valid TOML") { semantic += 1 }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(accepted > 50 && semantic > 1_000, "mutations reach both outcomes (accepted \(accepted), refused \(refused), \(semantic) of them by the spec reader)")
    }

    static let values = ["0", "-1", "1", "2", "7", "51", "52", "-9223372036854775808", "9223372036854775807", "1e9", "3.5", "nan",
                         "true", "\"\"", "\"female\"", "\"male\"", "\"age\"", "\"60-120\"", "\"120-60\"", "\"x-y\"", "\"category\"",
                         "\"community\"", "\"street\"", "\"gender\"", "\"unanimity\"", "\"two-thirds\"", "\"revote\"", "\"no-verdict\"",
                         "\"instant-mediation\"", "\"rehearing\"", "[]", "[\"18-39\"]", "[\"18-39\", \"30-50\"]", "{}", "1979-05-27",
                         "[{ key = \"a\", label = \"甲\" }]", "[{ key = \"a\", label = \"甲\" }, { key = \"a\", label = \"乙\" }]"]

    /// Structure-aware mutations that keep the TOML valid, so the spec reader's own checks
    /// are what gets exercised: new values for keys, dropped or repeated lines, extra keys.
    static func mutateValues(_ input: [UInt8], _ m: inout Mutator) -> [UInt8] {
        var lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0...m.int(1) {
            let i = m.int(lines.count)
            switch m.int(5) {
            case 0, 1:
                if let eq = lines[i].firstIndex(of: "="), !lines[i].hasPrefix("#"), !lines[i].hasPrefix("  {") {
                    lines[i] = String(lines[i][...eq]) + " " + values[m.int(values.count)]
                }
            case 2: lines.remove(at: i)
            case 3: lines.insert(lines[m.int(lines.count)], at: i)
            default:
                let key = ["min", "max", "each_max", "value", "attribute", "panel_size", "alternates", "cooling_off_days", "rule", "tie", "kind", "bogus"][m.int(12)]
                lines.insert("\(key) = \(values[m.int(values.count)])", at: i)
            }
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test("non-UTF-8 spec files are refused with a location")
    func bytesOnDisk() throws {
        let dir = TempDir("pingli-fuzz-spec")
        var m = Mutator(seed: 9_119, tokens: [])
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: Self.panels + "/hearing-5.toml")))
        for n in 0..<300 {
            let path = dir.write("s\(n).toml", bytes: m.mutate(original) + [0xFF, 0xFE])
            do {
                _ = try PanelSpecLoader.load(path: path)
                Issue.record("accepted bytes that are not UTF-8")
            } catch let error as SpecError {
                #expect(error.file == path && error.line >= 1)
            }
        }
    }
}
