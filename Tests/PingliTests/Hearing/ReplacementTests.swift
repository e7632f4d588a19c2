import Foundation
import Testing
@testable import PingliKit

/// A challenged or absent member is replaced by someone who fits, whenever anyone eligible
/// does: the alternates are extended along the same seeded shuffle when none listed fits.
@Suite("Replacements that always fit")
struct ReplacementTests {
    let dir = TempDir("pingli-replace")

    /// A drawn hearing over `people` under `spec`, built with the decider and reducer alone.
    func drawn(_ people: [Candidate], _ spec: PanelSpec, id: String, seed: String) throws -> (HearingState, [HearingEvent]) {
        var s = HearingState(id: id)
        var events: [HearingEvent] = []
        func apply(_ d: HearingDecision) { events += s.record(d) }
        let facts = HearingFacts(today: Day("2026-11-21")!)
        apply(try HearingDecider.open(id: id, caseRef: "C-1", kind: .publicHearing, spec: spec, place: nil))
        apply(try HearingDecider.decide(s, .addParty(Party(label: "A", name: "张三", role: .applicant)), facts: facts))
        apply(try HearingDecider.decide(s, .seed(label: "A", text: seed), facts: facts))
        apply(try HearingDecider.decide(s, .seed(label: "moderator", text: "1968"), facts: facts))
        let prepared = try DrawEngine.prepare(spec: spec, eligible: people, excluded: [], day: Day("2026-11-21")!, solver: CBCSolver())
        let record = try DrawEngine.draw(prepared, hearingID: id, mode: .spoken, contributions: HearingDecider.contributions(s))
        apply(try HearingDecider.decide(s, .draw(record), facts: facts))
        return (s, events)
    }

    @Test("any seat, on random pools with households: the replacement fits, is the same every time, and re-derives independently")
    func anySeat() throws {
        var scarce = 0, extended = 0
        for instance in 0..<10 {
            // Few legal professionals, so the one on the panel is often the only one.
            var people = DrawFixtures.people(16 + instance, seed: UInt64(300 + instance), householdShare: 3)
            for i in people.indices { people[i].categories = i % 6 == 0 ? ["legal-professional"] : ["resident"] }
            let spec = DrawFixtures.spec(size: 4, alternates: 1, quotas: [
                Quota(attribute: .category, value: "legal-professional", min: 1, max: 2),
                Quota(attribute: .community, value: nil, min: 0, max: 2),
            ])
            guard let (s, events) = try? drawn(people, spec, id: "H-R-\(instance)", seed: "\(instance)") else { continue }
            for seat in s.seats {
                let facts = HearingFacts(today: Day("2026-11-21")!)
                let command = HearingCommand.challenge(seat: seat.number, by: "A", reason: "回避")
                let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
                let others = s.seats.filter { $0.number != seat.number }.compactMap { byID[$0.representative] }
                let seated = Set(s.seats.map(\.representative))
                let anyoneFits = people.contains { !seated.contains($0.id) && QuotaCheck.holds(others + [$0], spec: spec) }
                guard let d = try? HearingDecider.decide(s, command, facts: facts) else {
                    #expect(!anyoneFits, "instance \(instance) seat \(seat.number): refused while someone eligible fits")
                    continue
                }
                #expect(anyoneFits)
                #expect(try HearingDecider.decide(s, command, facts: facts) == d, "deterministic from the seed")
                guard case let .challenged(_, _, _, rep)? = d.events.last else { Issue.record("no challenge recorded"); continue }
                var after = s
                let all = events + after.record(d)
                let panel = after.seats.compactMap { byID[$0.representative] }
                #expect(QuotaCheck.holds(panel, spec: spec), "instance \(instance) seat \(seat.number): the new panel keeps the quotas")
                #expect(!s.seats.map(\.representative).contains(rep))
                if byID[seat.representative]!.categories == ["legal-professional"] && s.seats.filter({ byID[$0.representative]!.categories == ["legal-professional"] }).count == 1 {
                    scarce += 1
                }
                if d.events.count == 2 { extended += 1 }
                // The Python checker re-derives the extension and the replacement from docs/draw.md.
                let path = dir.write("t-\(instance)-\(seat.number).json", String(decoding: try JSONEncoder().encode(TranscriptDocument(state: after, events: all)), as: UTF8.self))
                let v = try Subprocess.run("/usr/bin/env", ["python3", IndependentVerifierTests.script, path])
                #expect(v.status == 0, "instance \(instance) seat \(seat.number): \(v.stderr)")
            }
        }
        #expect(scarce > 0, "the only member of a min-1 category was challenged")
        #expect(extended > 0, "some replacements needed the alternates extended")
    }

    @Test("when nobody eligible fits, the refusal names the quota that blocks and records nothing")
    func nobodyFits() throws {
        var people = DrawFixtures.people(8, seed: 41, householdShare: 100)
        for i in people.indices { people[i].categories = i == 0 ? ["legal-professional"] : ["resident"]; people[i].household = nil }
        let spec = DrawFixtures.spec(size: 3, alternates: 2, quotas: [Quota(attribute: .category, value: "legal-professional", min: 1, max: 3)])
        let (s, _) = try drawn(people, spec, id: "H-N", seed: "7")
        let seat = s.seats.first { $0.representative == "R-000" }!
        #expect {
            try HearingDecider.decide(s, .absent(seat: seat.number, reason: "生病"), facts: HearingFacts(today: Day("2026-11-21")!))
        } throws: { "\($0)".contains("nobody left fits category=legal-professional ∈ [1, 3]") }
    }
}
