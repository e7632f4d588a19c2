import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text encodings Pingli reads CSV files in.
public enum TextEncodingChoice: String, Sendable, CaseIterable, Codable {
    /// A UTF-8 byte-order mark means UTF-8; otherwise UTF-8 if the opening megabyte is valid
    /// UTF-8, else GB18030 (what Excel saves in a Chinese locale) if that decodes.
    case auto
    case utf8
    case gb18030
}

/// Converts GB18030 bytes to UTF-8 in chunks with glibc's iconv.
///
/// Bytes that are not GB18030 become 0xFF in the output, which is never valid UTF-8, so the
/// CSV layer reports the line they stand on instead of silently substituting a character.
final class GB18030Converter {
    private let cd: iconv_t
    private var pending: [UInt8] = []

    init() throws {
        let cd = iconv_open("UTF-8", "GB18030")
        if cd == iconv_t(bitPattern: -1) {
            throw CSVError.io("this system's iconv cannot convert GB18030 (glibc's gconv modules missing?)")
        }
        self.cd = cd!
    }

    deinit { iconv_close(cd) }

    /// Converts `input` (appended to any incomplete sequence left from the last call).
    /// With `final`, an incomplete trailing sequence becomes 0xFF.
    func convert(_ input: ArraySlice<UInt8>, final: Bool) -> [UInt8] {
        var source = pending
        source.append(contentsOf: input)
        pending.removeAll(keepingCapacity: true)
        var output = [UInt8](repeating: 0, count: source.count * 2 + 16)
        var produced = 0
        source.withUnsafeMutableBufferPointer { src in
            var inPtr = src.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
            var inLeft = src.count
            while inLeft > 0 {
                let outCapacity = output.count - produced
                var outLeft = outCapacity
                let rc: Int = output.withUnsafeMutableBufferPointer { out in
                    var outPtr: UnsafeMutablePointer<CChar>? =
                        UnsafeMutableRawPointer(out.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                }
                produced += outCapacity - outLeft
                if rc != -1 { break }
                switch errno {
                case E2BIG:
                    output.append(contentsOf: [UInt8](repeating: 0, count: output.count))
                case EINVAL:
                    if final {
                        if produced >= output.count { output.append(0) }
                        output[produced] = 0xFF
                        produced += 1
                        inLeft = 0
                    } else {
                        let start = src.count - inLeft
                        pending = Array(src[start...])
                        inLeft = 0
                    }
                default: // EILSEQ: mark and skip one byte
                    if produced >= output.count { output.append(0) }
                    output[produced] = 0xFF
                    produced += 1
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                }
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}

enum UTF8Check {
    /// True when `bytes` is valid UTF-8, allowing a sequence cut off at the very end.
    static func isValidPrefix(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let need: Int
            if b & 0xE0 == 0xC0, b >= 0xC2 { need = 1 }
            else if b & 0xF0 == 0xE0 { need = 2 }
            else if b & 0xF8 == 0xF0, b <= 0xF4 { need = 3 }
            else { return false }
            var k = 1
            while k <= need {
                if i + k >= end { return true }
                if bytes[i + k] & 0xC0 != 0x80 { return false }
                k += 1
            }
            i += need + 1
        }
        return true
    }

    /// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
    /// nothing above U+10FFFF). Written out rather than `String(validating:as:)`, whose
    /// generic body costs a metadata lookup per call: a tenth of a large import.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool { i + k < n && bytes[i + k] >= lo && bytes[i + k] <= hi }
            switch b {
            case 0xC2...0xDF: guard cont(1) else { return false }; i += 2
            case 0xE0: guard cont(1, 0xA0), cont(2) else { return false }; i += 3
            case 0xE1...0xEC, 0xEE, 0xEF: guard cont(1), cont(2) else { return false }; i += 3
            case 0xED: guard cont(1, 0x80, 0x9F), cont(2) else { return false }; i += 3
            case 0xF0: guard cont(1, 0x90), cont(2), cont(3) else { return false }; i += 4
            case 0xF1...0xF3: guard cont(1), cont(2), cont(3) else { return false }; i += 4
            case 0xF4: guard cont(1, 0x80, 0x8F), cont(2), cont(3) else { return false }; i += 4
            default: return false
            }
        }
        return true
    }

    /// Picks UTF-8 or GB18030 for the opening bytes of a file.
    static func sniff(_ head: ArraySlice<UInt8>) -> TextEncodingChoice {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if isValidPrefix(head) { return .utf8 }
        if let converter = try? GB18030Converter() {
            let out = converter.convert(head, final: false)
            if !out.contains(0xFF) { return .gb18030 }
        }
        return .utf8
    }
}
