extension String {
    /// The text without leading and trailing white space (including the ideographic space
    /// U+3000 that Chinese input methods type). Foundation's `trimmingCharacters(in:)`
    /// bridges through NSString on Linux and was most of an import's time, so this looks
    /// at raw UTF-8 first and only asks Unicode properties about non-ASCII ends.
    public var trimmed: String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return "" }
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return self }
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && scalars[start].isSpace { start = scalars.index(after: start) }
        while end > start && scalars[scalars.index(before: end)].isSpace { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[start..<end])
    }
}

extension Unicode.Scalar {
    /// White space per Unicode's White_Space property, spelled out: asking the property
    /// tables for every Chinese character was a measurable part of an import.
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

extension Substring {
    /// See ``Swift/String/trimmed``.
    public var trimmed: String { String(self).trimmed }
}

/// Zero-padded decimal text without `String(format:)` (slow on Linux, and locale-bound).
@inlinable
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
