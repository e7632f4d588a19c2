import Foundation

/// Between a worksheet and the CSV files the importer and exporter speak: the pool's rules
/// for columns, values and errors stay in one place, whichever format the office uses.
public enum WorksheetCSV {
    /// Writes `sheet` as UTF-8 CSV at `path`; returns, for each CSV line a row starts on, the
    /// worksheet row it came from (so an error names the row Excel shows).
    public static func write(_ sheet: Worksheet, toCSV path: String) throws -> [Int: Int] {
        var writer = try CSVWriter(path: path, byteOrderMark: false)
        var map: [Int: Int] = [:]
        var line = 1
        var lastRow = 0
        for (number, cells) in sheet.rows {
            // Keep gaps as blank lines (the reader skips them), so line numbers stay close to rows.
            while lastRow + 1 < number { try writer.write([]); line += 1; lastRow += 1 }
            map[line] = number
            try writer.write(cells)
            line += 1 + cells.reduce(0) { $0 + CSVWriter.escape($1).filter { $0 == "\n" }.count }
            lastRow = number
        }
        try writer.close()
        return map
    }

    /// Every record of the CSV file at `path`.
    public static func rows(fromCSV path: String) throws -> [[String]] {
        let reader = try CSVReader(path: path, encoding: .utf8)
        var rows: [[String]] = []
        while let r = try reader.next() { rows.append(r.fields) }
        return rows
    }

    /// Whether `path` names a workbook (by its extension).
    public static func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }
}
