import Foundation
import Testing
@testable import PingliKit

@Suite("CSV reading")
struct CSVReaderTests {
    func records(_ bytes: [UInt8], encoding: TextEncodingChoice = .auto) throws -> (CSVReader, [CSVRecord]) {
        let dir = TempDir()
        let path = dir.write("t.csv", bytes: bytes)
        let reader = try CSVReader(path: path, encoding: encoding)
        var out: [CSVRecord] = []
        while let r = try reader.next() { out.append(r) }
        return (reader, out)
    }

    @Test func quotingAndLineNumbers() throws {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",z\n3,,\n"
        let (_, rs) = try records(Array(text.utf8))
        #expect(rs.map(\.line) == [1, 2, 4, 6])
        #expect(rs[1].fields == ["1", "x, y", "say \"hi\""])
        #expect(rs[2].fields == ["2", "two\nlines", "z"])
        #expect(rs[3].fields == ["3", "", ""])
        #expect(rs.allSatisfy { $0.problem == nil })
    }

    @Test func lastLineWithoutNewlineAndUnclosedQuote() throws {
        let (_, rs) = try records(Array("a,b\n1,2".utf8))
        #expect(rs.last?.fields == ["1", "2"])
        let (_, bad) = try records(Array("a,b\n1,\"open\n".utf8))
        #expect(bad.last?.problem?.contains("never closed") == true)
    }

    @Test func byteOrderMarkIsDropped() throws {
        let (reader, rs) = try records([0xEF, 0xBB, 0xBF] + Array("姓名,性别\n王丽,女\n".utf8))
        #expect(reader.encoding == .utf8)
        #expect(rs[0].fields == ["姓名", "性别"])
    }

    @Test func gb18030IsDetectedAndDecoded() throws {
        let (reader, rs) = try records(gb18030("姓名,社区\n欧阳娜娜,东风社区\n"))
        #expect(reader.encoding == .gb18030)
        #expect(rs[1].fields == ["欧阳娜娜", "东风社区"])
    }

    @Test func undecodableBytesAreReportedOnTheirLine() throws {
        let bytes = Array("a,b\n1,ok\n2,".utf8) + [0xFF, 0xFE] + Array("\n3,ok\n".utf8)
        let (_, rs) = try records(bytes, encoding: .utf8)
        #expect(rs.map(\.line) == [1, 2, 3, 4])
        #expect(rs[2].problem?.contains("column 2") == true)
        #expect(rs[3].problem == nil)
    }

    @Test func recordsLongerThanTheReadChunk() throws {
        let long = String(repeating: "长", count: 600_000) // 1.8 MB in one field, across chunk boundaries
        let (_, rs) = try records(Array("a,b\n\"\(long)\",x\n".utf8))
        #expect(rs[1].fields[0].count == 600_000)
        #expect(rs[1].fields[1] == "x")
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: CSVError.self) { try CSVReader(path: "/nonexistent/x.csv") }
    }
}
