import Crypto
import Foundation
import Testing
@testable import PingliKit

/// `docs/verifier/verify_draw.py`, the second implementation of the draw (Python standard
/// library, written from docs/draw.md), re-derives every draw the suite produces, and names
/// the step when one byte is changed.
@Suite("The independent draw verifier (docs/verifier/verify_draw.py)")
struct IndependentVerifierTests {
    static let script = Pingli.repositoryRoot + "/docs/verifier/verify_draw.py"
    let dir = TempDir("pingli-pyverify")

    func verify(_ path: String) throws -> PingliRun {
        try Subprocess.run("/usr/bin/env", ["python3", Self.script, path])
    }

    func write(_ name: String, _ record: DrawRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return dir.write(name, String(decoding: try encoder.encode(record), as: UTF8.self))
    }

    @Test("every hearing of the console scripts: commit-reveal and spoken seeds, challenges, absences, draw-more, mediation, escalation, re-hearing")
    func scriptedHearings() throws {
        for (script, hearings) in [("full-hearing", 1), ("mediation-agreement", 1), ("mediation-escalated", 2), ("rehearing", 2)] {
            let db = dir.file(script + ".sqlite")
            #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
            #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
            let text = try String(contentsOfFile: Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Scripts/\(script).pingli", encoding: .utf8)
            let run = try Pingli.run(["repl", "--db", db, "--bail"], stdin: text)
            #expect(run.status == 0, "\(script): \(run.stderr)")
            for n in 1...hearings {
                let id = "H-2026-000\(n)"
                let t = try Pingli.run(["transcript", id, "--db", db, "--format", "json"])
                let path = dir.write("\(script)-\(n).json", t.stdout)
                let v = try verify(path)
                #expect(v.status == 0, "\(script) \(id): \(v.stdout) \(v.stderr)")
            }
        }
    }

    @Test("draws on random pools with households, on both sampling paths, and their extensions")
    func bothHouseholdPaths() throws {
        var paths: Set<String> = []
        for instance in 0..<16 {
            let people = DrawFixtures.people(9 + instance % 6 + (instance % 2) * 20, seed: UInt64(100 + instance), householdShare: instance % 2 == 0 ? 2 : 5)
            let spec = DrawFixtures.spec(size: 3 + instance % 3, alternates: 3, quotas: DrawFixtures.quotas)
            guard let prepared = try? DrawEngine.prepare(spec: spec, eligible: people, excluded: [], day: Day("2026-11-21")!, solver: CBCSolver())
            else { continue }
            let mode: SeedMode = instance % 2 == 0 ? .commitReveal : .spoken
            let secrets = ["A": "苹果 \(instance)", "moderator": "\(1968 + instance)"]
            let contributions = secrets.map { SeedContribution(label: $0.key, commitment: mode == .commitReveal ? DrawSeed.commitment(to: $0.value) : nil, secret: $0.value) }
            let record = try DrawEngine.draw(prepared, hearingID: "H-TEST-\(instance)", mode: mode, contributions: contributions)
            paths.insert(record.lottery.rounding ?? (record.lottery.householdClasses.isEmpty ? "no shared household" : "household classes"))
            let v = try verify(try write("r\(instance).json", record))
            #expect(v.status == 0, "instance \(instance): \(v.stderr)")
            let more = try DrawEngine.drawMoreAlternates(record, more: 2)
            let w = try verify(try write("m\(instance).json", more))
            #expect(w.status == 0, "instance \(instance), more alternates: \(w.stderr)")
        }
        #expect(paths.contains(FairLottery.dependentRounding) && paths.contains("household classes"), "both household paths were exercised: \(paths)")
    }

    @Test("one changed byte of the seed, one weight or one panel member is found and named")
    func tampering() throws {
        let people = DrawFixtures.people(14, seed: 7, householdShare: 3)
        let prepared = try DrawEngine.prepare(spec: DrawFixtures.spec(size: 5, quotas: DrawFixtures.quotas), eligible: people,
                                              excluded: [], day: Day("2026-11-21")!, solver: CBCSolver())
        let record = try DrawEngine.draw(prepared, hearingID: "H-T", mode: .spoken,
                                         contributions: [SeedContribution(label: "moderator", commitment: nil, secret: "42")])
        #expect(try verify(try write("ok.json", record)).status == 0)
        var seed = record
        seed.seed.value = String(seed.seed.value.dropLast()) + (seed.seed.value.hasSuffix("0") ? "1" : "0")
        var weight = record
        weight.lottery.compositions[0].weight += 1
        weight.lottery.weightTotal += 1
        var member = record
        member.panel[0] = record.alternates[0]
        var secret = record
        secret.seed.contributions[0].secret = "43"
        for (name, changed, step) in [("seed", seed, "seed:"), ("weight", weight, "probabilities:"), ("member", member, "panel"),
                                      ("secret", secret, "seed:")] {
            let v = try verify(try write(name + ".json", changed))
            #expect(v.status == 1 && v.stderr.contains("MISMATCH " + step), "\(name): \(v.status) \(v.stderr)")
        }
    }

    @Test("a changed replacement in a transcript is found")
    func changedReplacement() throws {
        let db = dir.file("t.sqlite")
        #expect(try Pingli.run(["pool", "import", Pingli.repositoryRoot + "/Panels/sample-pool.csv", "--db", db]).status == 0)
        #expect(try Pingli.run(["pool", "rules", "min-training-hours", "0", "--db", db]).status == 0)
        let text = try String(contentsOfFile: Pingli.repositoryRoot + "/Tests/PingliTests/Fixtures/Scripts/full-hearing.pingli", encoding: .utf8)
        #expect(try Pingli.run(["repl", "--db", db, "--bail"], stdin: text).status == 0)
        let json = try Pingli.run(["transcript", "H-2026-0001", "--db", db, "--format", "json"]).stdout
        var doc = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        var events = doc["events"] as! [[String: Any]]
        let i = events.firstIndex { $0["type"] as? String == "challenged" }!
        var payload = events[i]["payload"] as! [String: Any]
        let drawn = events.first { $0["type"] as? String == "panel-drawn" }!
        let record = (drawn["payload"] as! [String: Any])["record"] as! [String: Any]
        payload["replaced_by"] = (record["alternates"] as! [String]).last!
        events[i]["payload"] = payload
        doc["events"] = events
        let path = dir.write("changed.json", String(decoding: try JSONSerialization.data(withJSONObject: doc), as: UTF8.self))
        let v = try verify(path)
        #expect(v.status == 1 && v.stderr.contains("replacement of seat"), "\(v.stderr)")
    }
}

/// The test vectors published in docs/draw.md (`docs/verifier/example-*.vectors.json`) are what
/// Pingli computes, step by step, and what the Python checker computes.
@Suite("Draw test vectors")
struct DrawVectorTests {
    struct Vectors: Codable, Equatable {
        var seedText: String
        var poolHash: String
        var drbgFirstOutputs: [String]
        var weightDraw: Int64
        var composition: Int
        var selected: [String]
        var panel: [String]
        var alternates: [String]
    }

    @Test("Pingli's steps equal the published vectors", arguments: ["classes", "rounding"])
    func pingliMatches(example: String) throws {
        let base = Pingli.repositoryRoot + "/docs/verifier/example-\(example)"
        let record = try JSONDecoder().decode(DrawRecord.self, from: Data(contentsOf: URL(fileURLWithPath: base + ".json")))
        let vectors = try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: URL(fileURLWithPath: base + ".vectors.json")))
        #expect(record.lottery.rounding == (example == "rounding" ? FairLottery.dependentRounding : nil))
        #expect(example == "rounding" || !record.lottery.householdClasses.isEmpty)
        #expect(try DrawEngine.poolHash(record.pool) == vectors.poolHash)
        let seed = DrawSeed.compute(hearingID: record.hearingID, poolHash: record.poolHash, specHash: record.spec.sha256,
                                    mode: record.seed.mode, contributions: record.seed.contributions)
        #expect(hex(seed) == hex(SHA256.hash(data: Array(vectors.seedText.utf8))) && hex(seed) == record.seed.value)
        var drbg = HMACDRBG(seed: seed)
        #expect((0..<3).map { _ in hex(drbg.generate(8)) } == vectors.drbgFirstOutputs)
        let t = try LotterySampler.trace(record.lottery, eligible: record.pool.eligible.map(\.id), seed: seed,
                                         panelSize: record.spec.panelSize, alternates: record.alternates.count)
        #expect(t.weightDraw == vectors.weightDraw && t.composition == vectors.composition)
        #expect(t.selected == vectors.selected && t.panel == vectors.panel && t.alternates == vectors.alternates)
        #expect(t.panel == record.panel && t.alternates == record.alternates)
        #expect(DrawVerifier.verify(record, solver: CBCSolver()).allSatisfy { $0.passed })
    }

    @Test("the Python checker's steps equal the published vectors", arguments: ["classes", "rounding"])
    func pythonMatches(example: String) throws {
        let base = Pingli.repositoryRoot + "/docs/verifier/example-\(example)"
        let run = try Subprocess.run("/usr/bin/env", ["python3", IndependentVerifierTests.script, "--trace", base + ".json"])
        #expect(run.status == 0, "\(run.stderr)")
        let got = try JSONDecoder().decode(Vectors.self, from: Data(run.stdout.utf8))
        let vectors = try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: URL(fileURLWithPath: base + ".vectors.json")))
        #expect(got == vectors)
    }
}
