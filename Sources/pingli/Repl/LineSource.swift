import CEdit
import Foundation
import PingliKit

/// Where console lines come from: a terminal with line editing, or plain text.
protocol LineSource: AnyObject {
    /// The name used in error messages (`<stdin>` or a file path).
    var name: String { get }
    /// Whether to show prompts and use terminal conventions.
    var interactive: Bool { get }
    /// The next line and its 1-based number, or nil at the end.
    func next(prompt: () -> String) -> (text: String, line: Int)?
}

/// Lines of a file or a pipe, without prompts.
final class TextLineSource: LineSource {
    let name: String
    let interactive = false
    private var lines: [Substring]
    private var index = 0
    private let handle: FileHandle?
    private var lineNumber = 0

    /// All of `path` (a script) at once.
    init(path: String) throws {
        // Through a file handle, not FileManager.contents: that returns nil for devices and
        // pipes (`--script /dev/null`, `--script <(…)`).
        guard let file = FileHandle(forReadingAtPath: path), let data = try? file.readToEnd() ?? Data() else {
            throw ValidationErrorLike("cannot read \(path): check that it exists and is readable")
        }
        try? file.close()
        name = path
        lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        handle = nil
    }

    /// Standard input read line by line, so each command runs as soon as its line arrives.
    init(standardInput: Void) {
        name = "<stdin>"
        lines = []
        handle = FileHandle.standardInput
    }

    func next(prompt: () -> String) -> (text: String, line: Int)? {
        if handle != nil {
            guard let line = readLine(strippingNewline: true) else { return nil }
            lineNumber += 1
            return (line.hasSuffix("\r") ? String(line.dropLast()) : line, lineNumber)
        }
        guard index < lines.count else { return nil }
        index += 1
        let line = lines[index - 1]
        return (String(line.hasSuffix("\r") ? line.dropLast() : line), index)
    }
}

/// A terminal with libedit: line editing, history, TAB completion.
final class TerminalLineSource: LineSource {
    let name = "<terminal>"
    let interactive = true
    private var lineNumber = 0
    private let historyPath: String?

    init(historyPath: String?) {
        self.historyPath = historyPath
        pingli_edit_setup("pingli")
        using_history()
        if let historyPath {
            Self.createPrivately(historyPath)
            _ = read_history(historyPath)
        }
        pingli_edit_set_completion(completeCallback)
    }

    func next(prompt: () -> String) -> (text: String, line: Int)? {
        guard let raw = readline(prompt()) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        lineNumber += 1
        if !line.trimmed.isEmpty {
            add_history(line)
            if let historyPath { _ = write_history(historyPath) }
        }
        return (line, lineNumber)
    }

    /// The history file holds what was said in hearings: create it readable by its owner only.
    static func createPrivately(_ path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
        if fd >= 0 { fchmod(fd, 0o600); close(fd) }
    }

    /// `$PINGLI_HISTORY`, else `$XDG_STATE_HOME/pingli/history`, else `~/.local/state/pingli/history`;
    /// nil (no history) when the variable is set empty or to /dev/null.
    static func historyPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let p = environment["PINGLI_HISTORY"] { return p.isEmpty || p == "/dev/null" ? nil : p }
        if let x = environment["XDG_STATE_HOME"], !x.isEmpty { return x + "/pingli/history" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/pingli/history"
    }
}

/// Completion candidates for the word being typed, given the line so far.
nonisolated(unsafe) var completionProvider: ((_ line: String, _ word: String) -> [String])?
nonisolated(unsafe) private var completionMatches: [String] = []
nonisolated(unsafe) private var completionIndex = 0

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { text, state in
    if state == 0 {
        let word = text.map { String(cString: $0) } ?? ""
        let line = pingli_edit_line_buffer().map { String(cString: $0) } ?? ""
        completionMatches = completionProvider?(line, word).filter { $0.hasPrefix(word) } ?? []
        completionIndex = 0
    }
    guard completionIndex < completionMatches.count else { return nil }
    completionIndex += 1
    return strdup(completionMatches[completionIndex - 1])
}

private let completeCallback: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
    pingli_edit_no_default_completion()
    return rl_completion_matches(text, completionGenerator)
}

/// A plain error with a message, for the console's own checks.
struct ValidationErrorLike: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
