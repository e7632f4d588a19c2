import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What went wrong reading a CSV file.
public enum CSVError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case io(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return Message("pool.cannot-open", path, reason).description
        case let .io(message): return message
        }
    }
}

/// One record of a CSV file.
public struct CSVRecord: Sendable {
    /// The 1-based line the record starts on.
    public var line: Int
    public var fields: [String]
    /// Set when the record could not be read as written: bytes that are not text in the
    /// file's encoding, or a quote left open at the end of the file.
    public var problem: String?
}

/// Reads an RFC 4180 CSV file record by record, in constant memory.
///
/// Accepts UTF-8 (with or without a byte-order mark) and GB18030; `,` separates fields,
/// `"` quotes them (`""` inside quotes is a quote), records end with LF or CRLF and may
/// span lines inside quotes. Line numbers count physical lines, as an editor shows them.
public final class CSVReader {
    public let path: String
    /// The encoding in use: the one asked for, or the one `auto` detected.
    public private(set) var encoding: TextEncodingChoice

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var pos = 0
    private var eof = false
    private var line = 1
    private var converter: GB18030Converter?
    private static let chunkSize = 1 << 20

    /// Opens `path` for reading; `auto` looks at the opening megabyte to choose the encoding.
    public init(path: String, encoding: TextEncodingChoice = .auto) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CSVError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        self.encoding = encoding
        let head = try readRaw()
        if encoding == .auto { self.encoding = UTF8Check.sniff(head[...]) }
        if self.encoding == .gb18030 {
            let c = try GB18030Converter()
            converter = c
            buffer = c.convert(head[...], final: eof)
        } else {
            buffer = head
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        }
    }

    deinit { close(fd) }

    private func readRaw() throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        var filled = 0
        while filled < chunk.count {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CSVError.io("\(path): read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { eof = true; break }
            filled += n
        }
        chunk.removeSubrange(filled...)
        return chunk
    }

    /// Appends the next chunk of decoded bytes; returns false at the end of the file.
    private func refill() throws -> Bool {
        if eof { return false }
        if pos > 0 {
            buffer.removeSubrange(0..<pos)
            pos = 0
        }
        let raw = try readRaw()
        if let converter {
            buffer.append(contentsOf: converter.convert(raw[...], final: eof))
        } else {
            buffer.append(contentsOf: raw)
        }
        return !raw.isEmpty || !buffer.isEmpty
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> CSVRecord? {
        while true {
            if let record = try parseRecord() {
                if record.fields.count == 1 && record.fields[0].isEmpty && record.problem == nil { continue }
                return record
            }
            return nil
        }
    }

    private enum Outcome { case record(CSVRecord), needMore, end }

    private func parseRecord() throws -> CSVRecord? {
        while true {
            switch scan() {
            case let .record(r): return r
            case .end: return nil
            case .needMore:
                if try !refill() {
                    // The scan asked for more but the file ended: scan once more as final.
                    if case let .record(r) = scan(final: true) { return r }
                    return nil
                }
            }
        }
    }

    /// Scans one record starting at `pos`; commits `pos` and `line` only on success.
    private func scan(final: Bool = false) -> Outcome {
        let end = buffer.count
        if pos >= end { return eof || final ? .end : .needMore }
        return buffer.withUnsafeBufferPointer { buf -> Outcome in
            var i = pos
            var lines = 0
            var fields: [String] = []
            fields.reserveCapacity(16)
            var problem: String?
            var quoted: [UInt8] = []
            func add(_ slice: UnsafeBufferPointer<UInt8>.SubSequence) {
                let bytes = UnsafeBufferPointer(rebasing: slice)
                if UTF8Check.isValid(bytes) {
                    fields.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    if problem == nil {
                        problem = Message("pool.bad-bytes", fields.count + 1, encoding == .gb18030 ? "GB18030" : "UTF-8").description
                    }
                    fields.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            while true {
                // One field.
                if i < end && buf[i] == UInt8(ascii: "\"") {
                    quoted.removeAll(keepingCapacity: true)
                    i += 1
                    var closed = false
                    while i < end {
                        let b = buf[i]
                        if b == UInt8(ascii: "\"") {
                            if i + 1 < end && buf[i + 1] == UInt8(ascii: "\"") { quoted.append(b); i += 2; continue }
                            if i + 1 >= end && !eof && !final { return .needMore }
                            i += 1; closed = true; break
                        }
                        if b == UInt8(ascii: "\n") { lines += 1 }
                        quoted.append(b); i += 1
                    }
                    if !closed {
                        if !eof && !final { return .needMore }
                        problem = problem ?? Message("pool.quote-open").description
                    }
                    // Text after the closing quote up to the separator is kept, as spreadsheets do.
                    while i < end && buf[i] != UInt8(ascii: ",") && buf[i] != UInt8(ascii: "\n") {
                        if buf[i] != UInt8(ascii: "\r") { quoted.append(buf[i]) }
                        i += 1
                    }
                    quoted.withUnsafeBufferPointer { add($0[...]) }
                } else {
                    let start = i
                    while i < end && buf[i] != UInt8(ascii: ",") && buf[i] != UInt8(ascii: "\n") { i += 1 }
                    var stop = i
                    if stop > start && buf[stop - 1] == UInt8(ascii: "\r") && (i >= end || buf[i] == UInt8(ascii: "\n")) { stop -= 1 }
                    if i >= end && !eof && !final { return .needMore }
                    add(buf[start..<stop])
                }
                if i >= end {
                    if !eof && !final { return .needMore }
                    break
                }
                if buf[i] == UInt8(ascii: ",") { i += 1; continue }
                // newline
                i += 1
                lines += 1
                break
            }
            let record = CSVRecord(line: line, fields: fields, problem: problem)
            pos = i
            line += lines
            return .record(record)
        }
    }
}

/// Writes CSV records as RFC 4180 text in UTF-8, quoting only where needed.
public struct CSVWriter {
    private let handle: FileHandle
    private var pending: [UInt8] = []

    /// Creates (or truncates) `path`; `byteOrderMark` helps Excel recognise UTF-8.
    public init(path: String, byteOrderMark: Bool) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) ,
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CSVError.cannotOpen(path: path, reason: "cannot create the file (check the folder exists and is writable)")
        }
        self.handle = handle
        if byteOrderMark { pending += [0xEF, 0xBB, 0xBF] }
    }

    /// Quotes `field` when it holds a separator, quote, or line break.
    public static func escape(_ field: String) -> String {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    public mutating func write(_ fields: [String]) throws {
        pending.append(contentsOf: fields.map(Self.escape).joined(separator: ",").utf8)
        pending.append(UInt8(ascii: "\n"))
        if pending.count > 1 << 16 { try flush() }
    }

    public mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    public mutating func close() throws {
        try flush()
        try handle.close()
    }
}
