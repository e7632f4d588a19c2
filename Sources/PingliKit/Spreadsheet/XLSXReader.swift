import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One worksheet's cells as text, by row number (1-based, as Excel shows them).
public struct Worksheet: Sendable {
    public var name: String
    public var rows: [(number: Int, cells: [String])]
}

/// Why a workbook cannot be read.
public enum XLSXError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return Message("pool.not-xlsx", path, reason).description
        }
    }
}

/// Reads the first worksheet of an Office Open XML workbook (what Excel and WPS save by default):
/// shared and inline strings, numbers, booleans, and dates (numbers in a date format, written
/// back as YYYY-MM-DD). Formulas are read as their cached values.
public enum XLSXReader {
    public static func firstSheet(path: String) throws -> Worksheet {
        func fail(_ reason: String) -> XLSXError { .unreadable(path: path, reason: reason) }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            // A file that is not there is not a damaged workbook: say so as the CSV reader does.
            if access(path, R_OK) != 0 { throw CSVError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            throw fail("not a zip archive")
        }
        func part(_ name: String) throws -> Data? {
            guard let entry = archive[name] else { return nil }
            var data = Data()
            do { _ = try archive.extract(entry) { data.append($0) } } catch { throw fail("\(name) is damaged") }
            return data
        }
        guard let workbook = try part("xl/workbook.xml") else { throw fail("no xl/workbook.xml") }
        let sheets = XMLElements(workbook, names: ["sheet"])
        guard let first = sheets.first, let sheetName = first.attributes["name"] else { throw fail("the workbook has no sheet") }
        var target = "worksheets/sheet1.xml"
        if let rid = first.attributes["r:id"], let rels = try part("xl/_rels/workbook.xml.rels"),
           let rel = XMLElements(rels, names: ["Relationship"]).first(where: { $0.attributes["Id"] == rid }), let t = rel.attributes["Target"] {
            target = t
        }
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetXML = try part(sheetPath) else { throw fail("no \(sheetPath)") }
        let shared = try part("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let dateStyles = try part("xl/styles.xml").map(DateStyles.parse) ?? []
        let parser = SheetParser(shared: shared, dateStyles: dateStyles)
        let xml = XMLParser(data: sheetXML)
        xml.delegate = parser
        guard xml.parse() else { throw fail("\(sheetPath): \(xml.parserError.map { "\($0)" } ?? "malformed XML")") }
        return Worksheet(name: sheetName, rows: parser.rows)
    }

    /// `A` → 0, `Z` → 25, `AA` → 26 (the letters of a cell reference).
    static func column(_ reference: String) -> Int? {
        var n = 0, seen = false
        for u in reference.unicodeScalars {
            guard u.value >= 65 && u.value <= 90 else { break }
            n = n * 26 + Int(u.value - 64)
            seen = true
        }
        return seen ? n - 1 : nil
    }

    /// An Excel date serial (days since 1899-12-30) as YYYY-MM-DD.
    static func date(serial: Double) -> String? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        let base = Day("1899-12-30")!
        return base.adding(days: Int(serial.rounded(.down))).description
    }
}

/// Elements of some names and their attributes, from a small XML part.
private func XMLElements(_ data: Data, names: Set<String>) -> [(name: String, attributes: [String: String])] {
    final class Collect: NSObject, XMLParserDelegate {
        let names: Set<String>
        var found: [(name: String, attributes: [String: String])] = []
        init(_ names: Set<String>) { self.names = names }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            if names.contains(name) { found.append((name, attributes)) }
        }
    }
    let c = Collect(names)
    let p = XMLParser(data: data)
    p.delegate = c
    _ = p.parse()
    return c.found
}

/// The shared string table: each `<si>`'s text (its runs joined; phonetic guides left out).
private enum SharedStrings {
    static func parse(_ data: Data) -> [String] {
        final class Parser: NSObject, XMLParserDelegate {
            var strings: [String] = []
            var current = "", inText = false, phonetic = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                switch name {
                case "si": current = ""
                case "rPh": phonetic += 1
                case "t": inText = phonetic == 0
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "si": strings.append(current)
                case "rPh": phonetic -= 1
                case "t": inText = false
                default: break
                }
            }
        }
        let p = Parser()
        let x = XMLParser(data: data)
        x.delegate = p
        _ = x.parse()
        return p.strings
    }
}

/// Which cell styles (`s` attribute, an index into `cellXfs`) show a number as a date.
private enum DateStyles {
    static let builtIn: Set<Int> = Set([14, 15, 16, 17, 22] + Array(27...36) + Array(50...58))

    static func parse(_ data: Data) -> Set<Int> {
        final class Parser: NSObject, XMLParserDelegate {
            var customDates: Set<Int> = []
            var inCellXfs = false
            var xfs: [Int] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                if name == "numFmt", let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                    // A date format shows y, m-with-d or d outside quoted literals.
                    var inQuote = false, text = ""
                    for ch in code.lowercased() { if ch == "\"" { inQuote.toggle() } else if !inQuote { text.append(ch) } }
                    if text.contains("y") || text.contains("d") { customDates.insert(id) }
                }
                if name == "cellXfs" { inCellXfs = true }
                if name == "xf" && inCellXfs { xfs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0) }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "cellXfs" { inCellXfs = false }
            }
        }
        let p = Parser()
        let x = XMLParser(data: data)
        x.delegate = p
        _ = x.parse()
        return Set(p.xfs.enumerated().filter { builtIn.contains($0.element) || p.customDates.contains($0.element) }.map(\.offset))
    }
}

/// A worksheet's `<sheetData>`, row by row.
private final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    let dateStyles: Set<Int>
    var rows: [(number: Int, cells: [String])] = []
    private var row: [String] = [], rowNumber = 0
    private var column = 0, type = "", style = 0, value = "", inValue = false

    init(shared: [String], dateStyles: Set<Int>) {
        self.shared = shared
        self.dateStyles = dateStyles
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            row = []
        case "c":
            column = attributes["r"].flatMap(XLSXReader.column) ?? row.count
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            var text = value
            switch type {
            case "s": text = Int(value).flatMap { $0 < shared.count ? shared[$0] : nil } ?? ""
            case "b": text = value == "1" ? "TRUE" : "FALSE"
            case "n":
                if dateStyles.contains(style), let serial = Double(value), let d = XLSXReader.date(serial: serial) { text = d }
                else if let d = Double(value), d == d.rounded(), abs(d) < 1e15 { text = String(Int64(d)) }
            default: break
            }
            while row.count < column { row.append("") }
            if column < row.count { row[column] = text } else { row.append(text) }
        case "row": rows.append((rowNumber, row))
        default: break
        }
    }
}
