import Foundation
import Testing
@testable import PingliKit

@Suite("Support types")
struct SupportTests {
    @Test func days() {
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2024-02-29")?.description == "2024-02-29")
        #expect(Day("2026/1/5")?.description == "2026-01-05")
        #expect(Day("2026.12.31") == Day(year: 2026, month: 12, day: 31))
        #expect(Day("2026-1/5") == nil)
        #expect(Day("2025-01-99999999999999999999999") == nil, "a long run of digits is refused, not an overflow")
        #expect(Day("99999999999999999999-01-01") == nil)
        #expect(Day("26-01-05") == nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("") == nil)
        let d = Day("2026-11-21")!
        #expect(Day(ordinal: d.ordinal) == d)
        #expect(d.adding(days: 41).description == "2027-01-01")
        #expect(Day("1970-01-01")!.ordinal == 0)
        #expect(Day(Date(timeIntervalSince1970: 1_795_222_800), in: TimeZone(identifier: "Asia/Shanghai")!) == d)
    }

    @Test func timestamps() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_222_800.25)) == "2026-11-21T01:00:00.250Z")
        #expect(Timestamp.parse("2026-11-21T01:00:00.250Z")?.timeIntervalSince1970 == 1_795_222_800.25)
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func widths() {
        #expect(TextWidth.columns("abc") == 3)
        #expect(TextWidth.columns("王丽") == 4)
        #expect(TextWidth.columns("Ａ１") == 4, "fullwidth forms are wide")
        #expect(TextWidth.columns("e\u{301}") == 1, "combining marks take no column")
        let table = TextTable(headers: ["编号", "姓名"], rows: [["R-1", "欧阳娜娜"], ["R-22", "Li"]]).render()
        let lines = table.split(separator: "\n").map(String.init)
        let nameColumn = lines.filter { !$0.hasPrefix("-") }.map { line -> Int in
            let prefix = line.prefix { !"姓欧L".contains($0) }
            return TextWidth.columns(String(prefix))
        }
        #expect(Set(nameColumn).count == 1, "names start in the same column: \(lines)")
    }

    @Test func trimming() {
        #expect("  王丽\u{3000}".trimmed == "王丽")
        #expect("\tabc\r\n".trimmed == "abc")
        #expect("a b".trimmed == "a b")
        #expect("   ".trimmed == "")
    }

    @Test func phones() {
        #expect(RepresentativeParser.normalizePhone("138-0000-1234") == "13800001234")
        #expect(RepresentativeParser.normalizePhone("+86 138 0000 1234") == "13800001234")
        #expect(RepresentativeParser.normalizePhone("（0564）3331234") == "05643331234")
        #expect(RepresentativeParser.normalizePhone("call me") == nil)
        #expect(RepresentativeParser.normalizePhone("12345") == nil)
        #expect(Redact.phone("13800001234") == "138****1234")
    }

    @Test func columnOrdinalsFollowDeclarationOrder() {
        for (i, c) in PoolColumn.allCases.enumerated() { #expect(c.ordinal == i) }
    }

    @Test func relations() {
        let list = DeclaredRelation.parseList("张三(配偶)；李四（同事）、王五")
        #expect(list == [DeclaredRelation(name: "张三", relation: "配偶"), DeclaredRelation(name: "李四", relation: "同事"),
                         DeclaredRelation(name: "王五", relation: "")])
        #expect(DeclaredRelation.format(list) == "张三(配偶);李四(同事);王五")
    }
}
