import Foundation
import Testing
import ZIPFoundation
@testable import PingliKit

/// Excel's own format in and out: the pool imports from and exports to .xlsx with the same
/// all-or-nothing rules as CSV, and errors name the sheet and row Excel shows.
@Suite("Excel workbooks (.xlsx)")
struct XLSXTests {
    let dir = TempDir("pingli-xlsx")

    /// A workbook shaped as Excel saves one: shared strings, numbers, a date-formatted serial.
    func excelStyleWorkbook(_ path: String, gender row4: String) throws {
        let strings = ["编号", "姓名", "性别", "出生年份", "社区", "街道", "类别", "来源", "任期开始", "任期结束", "状态", "电话",
                       "王丽", "女", "东风社区", "中市街道", "居民代表", "自荐", "在库", "李强", "男", "专业人才", row4, "2027-12-31", "R-000001"]
        func s(_ text: String) -> Int { strings.firstIndex(of: text)! }
        func cell(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"s\"><v>\(s(text))</v></c>" }
        let header = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"].enumerated().map { cell("\($1)1", strings[$0]) }.joined()
        func person(_ r: Int, _ id: String?, _ name: String, _ gender: String, _ category: String, phone: String) -> String {
            "<row r=\"\(r)\">" + (id.map { cell("A\(r)", $0) } ?? "") + cell("B\(r)", name) + cell("C\(r)", gender)
                + "<c r=\"D\(r)\"><v>1972</v></c>" + cell("E\(r)", "东风社区") + cell("F\(r)", "中市街道") + cell("G\(r)", category)
                + cell("H\(r)", "自荐") + "<c r=\"I\(r)\" s=\"1\"><v>45658</v></c>" + cell("J\(r)", "2027-12-31") + cell("K\(r)", "在库")
                + "<c r=\"L\(r)\"><v>\(phone)</v></c></row>"
        }
        let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + "<row r=\"1\">\(header)</row>" + person(2, "R-000001", "王丽", "女", "居民代表", phone: "13900001111")
            + person(4, nil, "李强", row4, "专业人才", phone: "13900002222") + "</sheetData></worksheet>"
        let shared = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + strings.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"
        let workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"代表名单\" sheetId=\"1\" r:id=\"rId3\"/></sheets></workbook>"
        let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet7.xml\"/></Relationships>"
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in [("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels), ("xl/worksheets/sheet7.xml", sheet),
                             ("xl/sharedStrings.xml", shared), ("xl/styles.xml", styles)] {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, n in
                data.subdata(in: Int(p)..<Int(p) + n)
            }
        }
    }

    @Test("a workbook as Excel writes it: shared strings, numbers, dates; a bad row refuses the whole sheet by sheet and row")
    func excelStyleImport() throws {
        let db = dir.file("x.sqlite")
        let bad = dir.file("代表名单-错.xlsx")
        try excelStyleWorkbook(bad, gender: "未知")
        let refused = try Pingli.run(["pool", "import", bad, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("代表名单-错.xlsx:代表名单!4: gender (性别) '未知'"), "\(refused.stderr)")
        #expect(try PoolStore(try PingliDatabase(path: db)).list().isEmpty, "nothing imported")
        let good = dir.file("代表名单.xlsx")
        try excelStyleWorkbook(good, gender: "男")
        let imported = try Pingli.run(["pool", "import", good, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let pool = try PoolStore(try PingliDatabase(path: db)).list()
        #expect(pool.count == 2)
        let wang = try #require(pool.first { $0.id == "R-000001" })
        #expect(wang.termStart == Day("2025-01-01") && wang.birthYear == 1972 && wang.phone == "13900001111")
    }

    @Test("export → import round trip with Chinese headers gives the same pool")
    func roundTrip() throws {
        let a = dir.file("a.sqlite"), b = dir.file("b.sqlite"), book = dir.file("议事代表库.xlsx")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", a]).status == 0)
        #expect(try Pingli.run(["pool", "export", book, "--headers", "zh", "--db", a]).status == 0)
        let sheet = try XLSXReader.firstSheet(path: book)
        #expect(sheet.name == "议事代表库" && sheet.rows.first?.cells.first == "编号" && sheet.rows.count == 73)
        let back = try Pingli.run(["pool", "import", book, "--db", b])
        #expect(back.status == 0, "\(back.stderr)")
        let ca = dir.file("a.csv"), cb = dir.file("b.csv")
        #expect(try Pingli.run(["pool", "export", ca, "--db", a]).status == 0)
        #expect(try Pingli.run(["pool", "export", cb, "--db", b]).status == 0)
        #expect(try String(contentsOfFile: ca, encoding: .utf8) == String(contentsOfFile: cb, encoding: .utf8))
        let notABook = dir.write("fake.xlsx", "编号,姓名\n")
        let r = try Pingli.run(["pool", "import", notABook, "--db", b])
        #expect(r.status != 0 && r.stderr.contains("is not a readable .xlsx workbook"), "\(r.stderr)")
    }

    @Test("a workbook that is not there is named as missing, a file that is not a workbook as such")
    func unreadable() throws {
        #expect(throws: CSVError.self) { _ = try XLSXReader.firstSheet(path: dir.file("没有.xlsx")) }
        do { _ = try XLSXReader.firstSheet(path: dir.file("没有.xlsx")) } catch { #expect("\(error)".contains("cannot open"), "\(error)") }
        let text = dir.write("文本.xlsx", "编号,姓名\n")
        do {
            _ = try XLSXReader.firstSheet(path: text)
            Issue.record("a CSV file was read as a workbook")
        } catch {
            #expect(error is XLSXError && "\(error)".contains("save it from Excel or WPS as .xlsx"), "\(error)")
        }
    }
}
