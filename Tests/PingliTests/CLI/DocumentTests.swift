import Foundation
import Testing
@testable import PingliKit

/// Printed documents read back with poppler: the text is all there, the CJK font is embedded,
/// A4, the page count, and page 1 looks like the reviewed reference (a font falling back to
/// empty boxes would not).
@Suite("Printed documents (PDF)", .serialized)
struct DocumentTests {
    let dir = TempDir("pingli-documents")
    var db: String { dir.file("office.sqlite") }
    static let reference = Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/record-page1.pgm"

    func prepare() throws {
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        #expect(try Pingli.run(["office", "set", "--name", "中市街道人民调解委员会", "--address", "中市街道办事处二楼", "--seal", "中市街道人民调解委员会", "--db", db]).status == 0)
    }

    func script(_ name: String) throws -> String {
        try String(contentsOfFile: Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Scripts/\(name).pingli", encoding: .utf8)
    }

    func tool(_ name: String, _ args: [String]) throws -> String {
        let r = try Subprocess.run("/usr/bin/env", [name] + args)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        return r.stdout
    }

    /// pdftotext's text with all white space removed (it wraps lines where the layout does).
    func flatText(_ pdf: String) throws -> String { try tool("pdftotext", ["-enc", "UTF-8", pdf, "-"]).filter { !$0.isWhitespace } }

    @Test("the 评理笔录: every statement, the verdict, the case ref and the record hash; CJK font embedded; A4; page 1 as reviewed")
    func record() throws {
        try prepare()
        #expect(try Pingli.run(["repl", "--db", db, "--bail"], stdin: try script("full-hearing")).status == 0)
        let pdf = dir.file("record.pdf")
        let made = try Pingli.run(["transcript", "H-2026-0001", "--format", "pdf", "--out", pdf, "--recorder", "李记录", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        let text = try flatText(pdf)
        let database = try PingliDatabase(path: db)
        let state = try HearingService(database).state("H-2026-0001")
        for e in try HearingService(database).events("H-2026-0001") {
            if case let .statement(_, t) = e.body { #expect(text.contains(t.filter { !$0.isWhitespace }), "statement missing: \(t)") }
            if case let .debate(_, t) = e.body { #expect(text.contains(t.filter { !$0.isWhitespace }), "debate missing: \(t)") }
        }
        for expected in [state.verdict!, "SQ-2026-0815", state.sealedHash!, "评理笔录", "中市街道人民调解委员会", "李记录",
                         "以上笔录已向当事人宣读（或经当事人阅读），确认无误", "拒绝签名"] {
            #expect(text.contains(expected.filter { !$0.isWhitespace }), "missing: \(expected)")
        }
        let info = try tool("pdfinfo", [pdf])
        #expect(info.contains("595.276 x 841.89 pts (A4)"))
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }!.split(separator: " ").last!)!
        #expect(made.stdout.contains(": \(pages) pages") && pages >= 2, "\(made.stdout)")
        #expect(text.contains("第\(pages)页共\(pages)页") && text.contains("第1页共\(pages)页"))
        let fonts = try tool("pdffonts", [pdf])
        #expect(fonts.split(separator: "\n").contains { $0.contains("WenQuanYiMicroHei") && $0.contains(" yes yes ") }, "\(fonts)")

        // Page 1 against the reviewed reference, in grey at 30 dpi.
        _ = try tool("pdftoppm", ["-gray", "-r", "30", "-f", "1", "-l", "1", "-singlefile", pdf, dir.file("page1")])
        let page = try PGM(path: dir.file("page1.pgm"))
        if ProcessInfo.processInfo.environment["PINGLI_UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.removeItem(atPath: Self.reference)
            try FileManager.default.copyItem(atPath: dir.file("page1.pgm"), toPath: Self.reference)
        }
        let reference = try PGM(path: Self.reference)
        #expect(page.width == reference.width && page.height == reference.height)
        let difference = page.meanDifference(reference)
        #expect(difference < 2.0, "page 1 differs from the reviewed reference by \(difference) grey levels on average (PINGLI_UPDATE_SNAPSHOTS=1 after a deliberate change)")
        #expect(page.inkFraction > 0.03, "page 1 has text on it")
    }

    @Test("the 人民调解协议书 holds every field; an agreement without them is refused naming them, and no file is left")
    func agreement() throws {
        try prepare()
        #expect(try Pingli.run(["repl", "--db", db, "--bail"], stdin: try script("mediation-agreement")).status == 0)
        let pdf = dir.file("agreement.pdf")
        let made = try Pingli.run(["agreement", "H-2026-0001", "--out", pdf, "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        let text = try flatText(pdf)
        for expected in ["人民调解协议书", "乙方一周内移走车辆；物业重新划线", "乙方车辆长期停放在甲方车位", "乙方负主要责任", "物业公司负责划线",
                         "东风社区停车场", "2026-11-28", "本协议一式3份", "签名或捺印", "人民调解员", "人民调解委员会印章", "司法确认", "王五", "赵六"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        // A script that leaves fields out is refused at `agree`, naming them.
        let lacking = try Pingli.run(["repl", "--db", db], stdin: """
            open WY-2 --kind mediation
            party add 甲 张 --role applicant
            name R-000001 R-000002 R-000003
            confirm
            start
            agree --terms 赔偿500元 --deadline 2026-12-01
            """)
        #expect(lacking.stderr.contains("--facts") && lacking.stderr.contains("--responsibility") && lacking.stderr.contains("--place"), "\(lacking.stderr)")
        // A record made before the fields existed cannot be printed.
        let world = try DeliveryWorld(hearings: 1)
        let old = dir.file("old.pdf")
        let unnamed = try Pingli.run(["agreement", "H-2026-0001", "--out", old, "--db", world.world.database.path])
        #expect(unnamed.status == 1 && unnamed.stderr.contains("pingli office set"), "\(unnamed.stderr)")
        #expect(try Pingli.run(["office", "set", "--name", "某调委会", "--db", world.world.database.path]).status == 0)
        let refused = try Pingli.run(["agreement", "H-2026-0001", "--out", old, "--db", world.world.database.path])
        #expect(refused.status == 1 && refused.stderr.contains("--facts") && refused.stderr.contains("--place") && !FileManager.default.fileExists(atPath: old),
                "\(refused.stderr)")
    }

    @Test("notices: one per party and panel member, each naming its person, the time and the place")
    func notices() throws {
        try prepare()
        #expect(try Pingli.run(["repl", "--db", db, "--bail"], stdin: try script("full-hearing")).status == 0)
        let out = dir.file("notices")
        let made = try Pingli.run(["notice", "H-2026-0001", "--out", out, "--date", "2026-11-25", "--time", "09:30", "--place", "中市街道评理室", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.count == 2 + 7, "\(files)")
        let a = try flatText(out + "/notice-A.pdf")
        #expect(a.contains("张三") && a.contains("2026-11-2509:30") && a.contains("中市街道评理室") && a.contains("证据材料"))
        let seat = try flatText(out + "/notice-seat-1.pdf")
        #expect(seat.contains("1号评理员") && seat.contains("回避"))
    }
}

/// A binary PGM (P5) image as pdftoppm -gray writes it.
struct PGM {
    var width: Int, height: Int, pixels: [UInt8]

    init(path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var fields: [String] = [], i = 0, current = ""
        while fields.count < 4 && i < data.count {
            let c = Character(UnicodeScalar(data[i]))
            if c.isWhitespace { if !current.isEmpty { fields.append(current); current = "" } } else { current.append(c) }
            i += 1
        }
        guard fields.count == 4, fields[0] == "P5", let w = Int(fields[1]), let h = Int(fields[2]) else { throw TestFailure("\(path) is not a P5 PGM") }
        width = w; height = h
        pixels = Array(data[i..<min(data.count, i + w * h)])
    }

    func meanDifference(_ other: PGM) -> Double {
        guard pixels.count == other.pixels.count, !pixels.isEmpty else { return .infinity }
        return Double(zip(pixels, other.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(pixels.count)
    }

    /// The share of pixels darker than mid-grey.
    var inkFraction: Double { Double(pixels.filter { $0 < 128 }.count) / Double(max(1, pixels.count)) }
}
