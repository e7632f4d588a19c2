import Foundation
import Testing
@testable import PingliKit

@Suite("pingli draw, verify-draw and select (the real binary)")
struct DrawCLITests {
    let dir = TempDir()

    @Test func drawVerifyAndTamper() throws {
        let db = dir.file("d.sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        let preview = try Pingli.run(["draw", "preview", "--db", db, "--spec", "hearing-7", "--party", "A:张三:applicant:东风社区"])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("入选概率"))
        #expect(preview.stdout.contains("与申请方A同社区（东风社区）"))
        let out = dir.file("record.json")
        let secret = "河石 7"
        let run = try Pingli.run(["draw", "run", "--db", db, "--spec", "hearing-7", "--hearing", "H-2026-0001",
                                  "--party", "A:张三:applicant:东风社区", "--commit", "A=\(DrawSeed.commitment(to: secret))",
                                  "--secret", "A=\(secret)", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let ok = try Pingli.run(["verify-draw", out])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("verifies"))
        // Swap two seats in the file: verification fails with status 1 and says which check.
        var record = try JSONDecoder().decode(DrawRecord.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        record.panel.swapAt(0, 1)
        try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: out))
        let bad = try Pingli.run(["verify-draw", out])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("✗ FAILED panel"))
        try Data("not json".utf8).write(to: URL(fileURLWithPath: out))
        #expect(try Pingli.run(["verify-draw", out]).status == 2)
        let wrong = try Pingli.run(["draw", "run", "--db", db, "--hearing", "H-1", "--commit", "A=\(DrawSeed.commitment(to: "x"))",
                                    "--secret", "A=y", "--out", dir.file("r2.json")])
        #expect(wrong.status != 0 && wrong.stderr.contains("does not match its commitment"))
    }

    @Test func selectReadsAndWritesSortitionFiles() throws {
        let features = dir.write("features.csv", "feature,value,min,max,min_flex,max_flex\ngender,female,2,3,0,5\ngender,male,2,3,0,5\nregion,north,1,3,0,5\nregion,south,1,3,0,5\n")
        var people = "id,name,gender,region,address\n"
        for i in 0..<30 { people += "p\(i),人\(i),\(i % 3 == 0 ? "male" : "female"),\(i % 2 == 0 ? "north" : "south"),addr\(i / 2 * (i % 5 == 0 ? 1 : 0) + (i % 5 == 0 ? 0 : i * 10))\n" }
        let peoplePath = dir.write("people.csv", people)
        let args = ["select", "--people", peoplePath, "--features", features, "--size", "5", "--seed", "abc123",
                    "--household-columns", "address", "--selected", dir.file("sel.csv"), "--remaining", dir.file("rem.csv"),
                    "--probabilities", dir.file("prob.csv")]
        let run = try Pingli.run(args)
        #expect(run.status == 0, "\(run.stderr)")
        let selected = try String(contentsOfFile: dir.file("sel.csv"), encoding: .utf8).split(separator: "\n")
        let remaining = try String(contentsOfFile: dir.file("rem.csv"), encoding: .utf8).split(separator: "\n")
        #expect(selected.first == "id,name,gender,region,address", "columns are carried through")
        #expect(selected.count == 6 && remaining.count == 26)
        let probs = try String(contentsOfFile: dir.file("prob.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        let total = probs.compactMap { Double($0.split(separator: ",")[1]) }.reduce(0, +)
        #expect(abs(total - 5) < 1e-6)
        let again = try Pingli.run(args)
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: dir.file("sel.csv"), encoding: .utf8).split(separator: "\n") == selected, "same seed, same panel")
        let bad = dir.write("bad.csv", "id,gender,region\nq1,other,north\n")
        let err = try Pingli.run(["select", "--people", bad, "--features", features, "--size", "1", "--seed", "1",
                                  "--selected", dir.file("s2.csv"), "--remaining", dir.file("r2.csv")])
        #expect(err.status != 0 && err.stderr.contains("\(bad):2: gender 'other' is not a value in the features file"))
    }
}
