import Crypto
import Foundation
import TOMLKit

/// A problem in a panel specification, with where it is.
public struct SpecError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    /// `file:line:column: message`, as compilers print, so editors jump to it.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads `Panels/*.toml` into ``PanelSpec`` values, refusing anything doubtful.
public enum PanelSpecLoader {
    /// Loads the spec called `name` (file `name.toml`) from `directory`.
    public static func load(named name: String, in directory: String) throws -> PanelSpec {
        let path = directory + "/" + name + ".toml"
        guard FileManager.default.fileExists(atPath: path) else {
            let known = (try? available(in: directory)) ?? []
            throw SpecError(file: path, line: 0, column: 0,
                            message: Message("draw.spec-none", name, known.joined(separator: ", ")).description)
        }
        return try load(path: path)
    }

    /// The spec names in `directory` (files ending in `.toml`).
    public static func available(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func load(path: String) throws -> PanelSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecError(file: path, line: 0, column: 0, message: Message("draw.spec-unreadable").description)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(file: path, line: 1, column: 1, message: Message("draw.spec-not-utf8").description)
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text, file: path, defaultName: stem,
                         sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
    }

    /// Parses spec text; `file` is only used in messages.
    public static func parse(_ text: String, file: String, defaultName: String, sha256: String) throws -> PanelSpec {
        try SpecPrecheck.check(text, file: file)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SpecError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                            message: Message("draw.spec-not-toml", error.description).description)
        }
        var reader = SpecReader(file: file, locator: SourceLocator(text))
        return try reader.read(table, defaultName: defaultName, sha256: sha256)
    }
}

/// Finds the line and column of a key in TOML source, for messages about values that
/// parsed but make no sense (TOMLKit keeps positions only for syntax errors).
struct SourceLocator {
    private var entries: [(table: String, index: Int, key: String, line: Int, column: Int)] = []
    private var tables: [(table: String, index: Int, line: Int)] = []

    init(_ text: String) {
        var current = ""
        var index = 0
        var counts: [String: Int] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmed
            if line.hasPrefix("[[") , let end = line.range(of: "]]") {
                current = String(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]).trimmed
                index = counts[current, default: 0]
                counts[current] = index + 1
                tables.append((current, index, n + 1))
            } else if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                current = String(line[line.index(after: line.startIndex)..<end]).trimmed
                index = 0
                tables.append((current, 0, n + 1))
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = String(line[..<eq]).trimmed.trimmingQuotes
                let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
                entries.append((current, index, key, n + 1, indent + 1))
            }
        }
    }

    /// The position of `key` in `table` (its `index`-th occurrence for `[[table]]`), else of
    /// the table header, else line 1.
    func locate(table: String = "", index: Int = 0, key: String? = nil) -> (Int, Int) {
        if let key, let e = entries.first(where: { $0.table == table && $0.index == index && $0.key == key }) {
            return (e.line, e.column)
        }
        if let t = tables.first(where: { $0.table == table && $0.index == index }) { return (t.line, 1) }
        return (1, 1)
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        (hasPrefix("\"") && hasSuffix("\"") && count >= 2) ? String(dropFirst().dropLast()) : self
    }
}
