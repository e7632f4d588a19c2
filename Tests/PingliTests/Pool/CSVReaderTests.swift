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

    @Test("the UTF-8 check agrees with the standard library on 50,000 random and mutated inputs")
    func utf8CheckAgrees() {
        var m = Mutator(seed: 6_006, tokens: [])
        let samples: [[UInt8]] = [Array("张三,女,1970,东风社区".utf8), Array("😀 ok".utf8), [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                  [0xE0, 0x80, 0x80], [0xC0, 0xAF], [0xF0, 0x9F, 0x98], [0xEF, 0xBF, 0xBD]]
        for n in 0..<50_000 {
            let input = n < samples.count ? samples[n] : n % 2 == 0 ? m.mutate(samples[m.int(samples.count)])
                : (0..<m.int(12)).map { _ in UInt8(0x7F + m.int(0x81)) }
            let ours = input.withUnsafeBufferPointer { UTF8Check.isValid($0) }
            let stdlib = String(validating: input, as: UTF8.self) != nil
            if ours != stdlib { Issue.record("disagree on \(input.map { String($0, radix: 16) })"); break }
        }
    }
}
