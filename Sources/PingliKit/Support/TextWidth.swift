/// Terminal column widths for mixed Chinese and Latin text.
///
/// East Asian wide and fullwidth characters take two columns; combining marks take none.
/// Tables padded with `count` misalign as soon as a name is Chinese, so every table in
/// Pingli pads with these functions.
public enum TextWidth {
    /// The number of terminal columns `text` occupies.
    public static func columns(_ text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars { total += columns(scalar) }
        return total
    }

    static func columns(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F
            || (0xFE00...0xFE0E).contains(v) || (0x20D0...0x20FF).contains(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    // Ranges of East_Asian_Width W and F (Unicode 15), merged where adjacent.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF,
        0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E,
        0x1F191...0x1F19A, 0x1F200...0x1F2FF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
        0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD,
        0x30000...0x3FFFD,
    ]

    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// `text` padded with spaces on the right to `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let w = columns(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }

    /// `text` padded with spaces on the left to `width` columns (for numbers).
    public static func padLeft(_ text: String, to width: Int) -> String {
        let w = columns(text)
        return w >= width ? text : String(repeating: " ", count: width - w) + text
    }
}

/// A plain-text table whose columns line up for Chinese and Latin text alike.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns aligned to the right (numbers).
    public var rightAligned: Set<Int>

    public init(headers: [String], rows: [[String]] = [], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// The table as lines joined by newlines, with a rule under the header.
    public func render() -> String {
        var widths = headers.map(TextWidth.columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], TextWidth.columns(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for i in 0..<widths.count {
                let cell = i < cells.count ? cells[i] : ""
                let last = i == widths.count - 1
                if rightAligned.contains(i) {
                    parts.append(TextWidth.padLeft(cell, to: widths[i]))
                } else {
                    parts.append(last ? cell : TextWidth.pad(cell, to: widths[i]))
                }
            }
            return parts.joined(separator: "  ")
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}
