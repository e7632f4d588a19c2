import Foundation
import Testing
@testable import PingliKit

/// When a spec's quotas cannot be met, the hearing stays open: the moderator switches to another
/// spec with a reason, everyone gives their randomness again, and the draw goes on.
@Suite("Switching a hearing's spec before the draw")
struct SpecSwitchTests {
    let dir = TempDir("pingli-spec")

    /// Panels with one spec the sample pool cannot meet (seven seats, at most one per community,
    /// six communities), and an office database with the sample pool.
    func impossibleOffice(_ name: String) throws -> (panels: String, db: String) {
        let panels = dir.file("Panels")
        if !FileManager.default.fileExists(atPath: panels) {
            try FileManager.default.copyItem(atPath: Pingli.repositoryRoot + "/Panels", toPath: panels)
            var toml = try String(contentsOfFile: panels + "/hearing-7.toml", encoding: .utf8)
            toml = toml.replacingOccurrences(of: "name = \"hearing-7\"", with: "name = \"impossible-7\"")
                .replacingOccurrences(of: "each_max = 2", with: "each_max = 1")
            try toml.write(toFile: panels + "/impossible-7.toml", atomically: true, encoding: .utf8)
        }
        let db = dir.file(name)
        #expect(try Pingli.run(["pool", "import", panels + "/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        return (panels, db)
    }

    @Test("an impossible spec, the switch with its reason in the record, fresh randomness, a verified draw")
    func switchAfterInfeasibleDraw() throws {
        let (panels, db) = try impossibleOffice("s.sqlite")
        let env = ["PINGLI_PANELS": panels]
        let first = try Pingli.run(["repl", "--db", db], stdin: """
            open SQ-2026-0900 --kind hearing --spec impossible-7
            party add A 张三 --role applicant
            seed A 11
            seed moderator 22
            draw
            """, environment: env)
        #expect(first.stderr.contains("no panel of the eligible representatives meets the quotas"), "\(first.stderr)")
        #expect(first.stderr.contains("`spec NAME --reason TEXT`"))
        let second = try Pingli.run(["repl", "--db", db, "--bail"], stdin: """
            resume H-2026-0001
            draw
            """, environment: env)
        #expect(second.status != 0, "the old spec still cannot be drawn")
        let third = try Pingli.run(["repl", "--db", db], stdin: """
            resume H-2026-0001
            换规则 hearing-7 --理由 每社区限一人无法组成七人评理团
            seed A 33
            draw
            seed moderator 44
            draw
            verify
            """, environment: env)
        #expect(third.stderr.contains("the draw waits for numbers from: moderator"), "randomness given before the switch is void: \(third.stderr)")
        #expect(third.stdout.contains("verified"))
        let json = try Pingli.run(["transcript", "H-2026-0001", "--db", db, "--format", "json"]).stdout
        let doc = try JSONDecoder().decode(TranscriptDocument.self, from: Data(json.utf8))
        let state = HearingState.replay(id: doc.hearingID, try doc.events.map(HearingEvent.init))
        #expect(state.spec?.name == "hearing-7" && state.stage == .drawn)
        // Only randomness given after the switch counts.
        #expect(state.draw?.seed.contributions.map(\.secret) == ["33", "44"])
        let md = try Pingli.run(["transcript", "H-2026-0001", "--db", db]).stdout
        #expect(md.contains("主持人将评理规则改为《评理大会（7人评理团）》（hearing-7），理由：每社区限一人无法组成七人评理团"), "\(md)")
        let path = dir.write("t.json", json)
        let v = try Subprocess.run("/usr/bin/env", ["python3", IndependentVerifierTests.script, path])
        #expect(v.status == 0, "\(v.stderr)")
    }

    @Test("the smallest relaxation applied from the console: recorded with the reason, shown in the transcript and the draw record, and the draw verifies (Pingli and the Python checker)")
    func relaxation() throws {
        let (panels, db) = try impossibleOffice("r.sqlite")
        let env = ["PINGLI_PANELS": panels]
        let run = try Pingli.run(["repl", "--db", db], stdin: """
            open SQ-2026-0901 --kind hearing --spec impossible-7
            party add A 张三 --role applicant
            seed A 11
            seed moderator 22
            draw
            放宽 --理由 本街道仅六个社区，经双方同意放宽
            seed A 33
            seed moderator 44
            draw
            verify
            """, environment: env)
        #expect(run.stderr.contains("`relax --reason TEXT`"), "the refusal offers the relaxation: \(run.stderr)")
        #expect(run.stdout.contains("verified"), "\(run.stdout) \(run.stderr)")
        let json = try Pingli.run(["transcript", "H-2026-0001", "--db", db, "--format", "json"]).stdout
        let doc = try JSONDecoder().decode(TranscriptDocument.self, from: Data(json.utf8))
        let state = HearingState.replay(id: doc.hearingID, try doc.events.map(HearingEvent.init))
        #expect(state.spec?.name == "impossible-7+relaxed" && state.stage == .drawn)
        #expect(state.draw?.spec.name == "impossible-7+relaxed" && state.draw?.spec.sha256 == state.spec?.sha256, "the draw record names the relaxed rules")
        let eachMax = state.spec?.quotas.first { $0.value == nil }?.max
        #expect(eachMax == 2, "the limit per community raised by the smallest step: \(String(describing: eachMax))")
        let md = try Pingli.run(["transcript", "H-2026-0001", "--db", db]).stdout
        #expect(md.contains("本街道仅六个社区，经双方同意放宽（放宽配额：") && md.contains("（放宽配额）"), "\(md)")
        let path = dir.write("relaxed.json", json)
        let v = try Subprocess.run("/usr/bin/env", ["python3", IndependentVerifierTests.script, path])
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        #expect(try Pingli.run(["verify", "H-2026-0001", "--db", db]).status == 0)
    }
}
