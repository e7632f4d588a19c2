import Foundation
import Testing
@testable import PingliKit

@Suite("Draw")
struct DrawTests {
    @Test("HMAC-DRBG matches the NIST CAVP vector (SHA-256, no reseed, COUNT 0)")
    func drbgKnownAnswer() {
        func bytes(_ h: String) -> [UInt8] {
            let c = Array(h.utf8)
            return stride(from: 0, to: c.count, by: 2).map { UInt8(String(decoding: c[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        }
        var drbg = HMACDRBG(seed: bytes("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488")
                            + bytes("659ba96c601dc69fc902940805ec0ca8"))
        _ = drbg.generate(128)
        #expect(hex(drbg.generate(128)) == "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8")
    }

    @Test func uniformIsInRangeAndCoversIt() {
        var drbg = HMACDRBG(seed: Array("x".utf8))
        var seen = Set<UInt64>()
        for _ in 0..<500 { let v = drbg.uniform(below: 7); #expect(v < 7); seen.insert(v) }
        #expect(seen.count == 7)
    }

    func prepared(_ n: Int = 40, seed: UInt64 = 5, size: Int = 5) throws -> PreparedDraw {
        let people = DrawFixtures.people(n, seed: seed)
        return try DrawEngine.prepare(spec: DrawFixtures.spec(size: size, quotas: DrawFixtures.quotas),
                                      eligible: people, excluded: [], day: Day("2026-11-21")!, solver: CBCSolver())
    }

    let secrets = ["A": "苹果 42", "B": "river-stone-7", "moderator": "1968"]

    @Test("identical inputs give the identical panel; one changed secret changes the seed")
    func determinism() throws {
        let p = try prepared()
        let a = try DrawEngine.draw(p, hearingID: "H-2026-0001", mode: .commitReveal, contributions: DrawFixtures.contributions(secrets))
        let b = try DrawEngine.draw(try prepared(), hearingID: "H-2026-0001", mode: .commitReveal, contributions: DrawFixtures.contributions(secrets))
        #expect(a == b)
        var changed = secrets
        changed["B"] = "river-stone-8"
        let c = try DrawEngine.draw(p, hearingID: "H-2026-0001", mode: .commitReveal, contributions: DrawFixtures.contributions(changed))
        #expect(c.seed.value != a.seed.value)
        let d = try DrawEngine.draw(p, hearingID: "H-2026-0002", mode: .commitReveal, contributions: DrawFixtures.contributions(secrets))
        #expect(d.seed.value != a.seed.value, "the hearing id is part of the seed")
    }

    @Test func revealMustMatchCommitment() throws {
        var contributions = DrawFixtures.contributions(secrets)
        contributions[0].secret += "!"
        #expect(throws: SeedError.mismatch(label: contributions[0].label)) {
            try DrawEngine.draw(try prepared(), hearingID: "H-1", mode: .commitReveal, contributions: contributions)
        }
        #expect(throws: SeedError.badCommitment(label: "X")) { try DrawSeed.verify(secret: "s", commitment: "abc", label: "X") }
    }

    @Test("quotas and the household rule hold on many random instances and seeds")
    func quotasHold() throws {
        for instance in 1...8 {
            let people = DrawFixtures.people(30 + instance * 7, seed: UInt64(instance), householdShare: 3)
            let spec = DrawFixtures.spec(size: 5 + instance % 2, quotas: DrawFixtures.quotas)
            let p = try DrawEngine.prepare(spec: spec, eligible: people, excluded: [], day: Day("2026-11-21")!, solver: CBCSolver())
            let total = p.probabilities.values.reduce(0, +)
            #expect(abs(total - Double(spec.panelSize)) < 1e-6, "probabilities sum to the panel size")
            for s in 0..<15 {
                let r = try DrawEngine.draw(p, hearingID: "H-\(instance)", mode: .spoken,
                                            contributions: [SeedContribution(label: "A", commitment: nil, secret: "\(s)")])
                let panel = r.panel.map { id in people.first { $0.id == id }! }
                #expect(Set(r.panel).count == spec.panelSize)
                let legal = panel.filter { $0.categories.contains("legal-professional") }.count
                #expect((1...2).contains(legal))
                #expect((1...3).contains(panel.filter { $0.gender == "female" }.count))
                #expect(Dictionary(grouping: panel, by: \.community).values.allSatisfy { $0.count <= 2 })
                let households = panel.compactMap(\.household)
                #expect(Set(households).count == households.count)
                #expect(Set(r.alternates).isDisjoint(with: r.panel))
            }
        }
    }

    @Test("a record verifies; every kind of edit is caught")
    func verification() throws {
        let record = try DrawEngine.draw(try prepared(), hearingID: "H-2026-0007", mode: .commitReveal,
                                         contributions: DrawFixtures.contributions(secrets))
        #expect(DrawVerifier.verify(record, solver: CBCSolver()).allSatisfy { $0.passed })
        func failing(_ edit: (inout DrawRecord) -> Void) -> [String] {
            var r = record
            edit(&r)
            return DrawVerifier.verify(r, solver: CBCSolver()).filter { !$0.passed }.map(\.name)
        }
        #expect(failing { $0.panel.swapAt(0, 1) } == ["panel"])
        #expect(failing { $0.alternates.reverse() } == ["alternates"])
        #expect(failing { $0.seed.contributions[0].secret = "other" }.contains("reveals match commitments"))
        #expect(failing { $0.pool.eligible.removeLast() }.contains("pool hash"))
        #expect(failing { $0.hearingID = "H-2026-0008" } == ["seed"])
        #expect(failing { $0.lottery.compositions[0].weight += 1 }.contains("lottery panels meet the quotas"))
        // A lottery that favours someone is not leximin: move all weight to one composition.
        #expect(failing { r in
            let w = r.lottery.weightTotal
            r.lottery.compositions = [DrawRecord.Composition(weight: w, take: r.lottery.compositions[0].take)]
        }.contains("lottery is leximin-fair"))
        // Round trip through JSON keeps it verifiable.
        let data = try JSONEncoder().encode(record)
        let back = try JSONDecoder().decode(DrawRecord.self, from: data)
        #expect(DrawVerifier.verify(back, solver: CBCSolver()).allSatisfy { $0.passed })
    }

    @Test func moreAlternatesKeepTheFirstOnes() throws {
        let record = try DrawEngine.draw(try prepared(), hearingID: "H-1", mode: .spoken,
                                         contributions: [SeedContribution(label: "A", commitment: nil, secret: "7")])
        let more = try DrawEngine.drawMoreAlternates(record, more: 3)
        #expect(Array(more.alternates.prefix(record.alternates.count)) == record.alternates)
        #expect(more.alternates.count == record.alternates.count + 3)
        #expect(more.panel == record.panel)
        #expect(DrawVerifier.verify(more, solver: CBCSolver()).allSatisfy { $0.passed })
    }

    @Test("impossible quotas are refused with the smallest relaxation")
    func infeasibleQuotas() throws {
        let people = DrawFixtures.people(20, seed: 3).map { c -> Candidate in var c = c; c.categories = ["resident"]; return c }
        let spec = DrawFixtures.spec(size: 5, quotas: DrawFixtures.quotas)
        #expect {
            _ = try DrawEngine.prepare(spec: spec, eligible: people, excluded: [], day: Day("2026-11-21")!, solver: CBCSolver())
        } throws: { error in
            guard case let DrawError.quotasInfeasible(list) = error else { return false }
            return list == [QuotaRelaxation(quota: "category = legal-professional", current: "min 1", proposed: "min 0",
                                            attribute: .category, value: "legal-professional", newMin: 0)]
        }
        #expect(throws: DrawError.notEnoughEligible(have: 3, need: 5)) {
            _ = try DrawEngine.prepare(spec: spec, eligible: Array(people.prefix(3)), excluded: [], day: Day("2026-11-21")!, solver: CBCSolver())
        }
    }

    @Test("conflict rules exclude with reasons; household tokens hide the key")
    func exclusions() throws {
        func member(_ id: String, name: String, community: String, household: String, unit: String, relations: [DeclaredRelation] = []) -> PoolMember {
            var r = Fixtures.representative(id, name: name)
            r.community = community; r.household = household; r.workUnit = unit; r.relations = relations
            return PoolMember(representative: r, training: [TrainingRecord(date: Day("2026-01-01")!, topic: "t", hours: 8)], service: [])
        }
        let pool = [
            member("R-1", name: "甲", community: "东风社区", household: "H1", unit: "U1"),
            member("R-2", name: "乙", community: "西湖社区", household: "H2", unit: "U2"),
            member("R-3", name: "丙", community: "西湖社区", household: "H3", unit: "法院"),
            member("R-4", name: "丁", community: "西湖社区", household: "H4", unit: "U4", relations: [DeclaredRelation(name: "张三", relation: "表兄")]),
            member("R-5", name: "戊", community: "南门社区", household: "H5", unit: "U5"),
            member("R-6", name: "己", community: "南门社区", household: "H5", unit: "U6"),
            member("R-7", name: "庚", community: "北关社区", household: "H7", unit: "U7"),
        ]
        let parties = [Party(label: "A", name: "张三", role: .applicant, community: "东风社区", household: "H2", workUnit: "法院")]
        var spec = DrawFixtures.spec(size: 3, quotas: [])
        spec.conflicts = ConflictRules(partyCommunity: true, household: true, declaredRelation: true, workUnit: true)
        let (eligible, excluded) = DrawEligibility.split(pool: pool, parties: parties, spec: spec, rules: EligibilityRules(),
                                                         on: Day("2026-11-21")!, excludedPanel: ["R-7"])
        #expect(eligible.map(\.id) == ["R-5", "R-6"])
        let codes = Dictionary(uniqueKeysWithValues: excluded.map { ($0.id, $0.codes) })
        #expect(codes["R-1"] == ["party-community"])
        #expect(codes["R-2"] == ["household"])
        #expect(codes["R-3"] == ["work-unit"])
        #expect(codes["R-4"] == ["declared-relation"])
        #expect(codes["R-7"] == ["earlier-panel"])
        #expect(eligible[0].household == "G1" && eligible[1].household == "G1")
        spec.conflicts = ConflictRules(partyCommunity: false, household: false, declaredRelation: false, workUnit: false)
        let relaxed = DrawEligibility.split(pool: pool, parties: parties, spec: spec, rules: EligibilityRules(), on: Day("2026-11-21")!)
        #expect(relaxed.eligible.count == 7, "each conflict rule can be switched off")
    }

    @Test("a party is a representative by id, or by name with household or phone, never by name alone")
    func partyWhoIsARepresentative() throws {
        var rep = Fixtures.representative("D00171", name: "王建国")
        rep.community = "西城社区"; rep.household = "HW-9"; rep.phone = "13900001111"
        let pool = [PoolMember(representative: rep, training: [TrainingRecord(date: Day("2026-01-01")!, topic: "t", hours: 8)], service: [])]
        var spec = DrawFixtures.spec(size: 1, quotas: [])
        spec.conflicts = ConflictRules(partyCommunity: false, household: false, declaredRelation: false, workUnit: false)
        func excluded(_ party: Party) -> [String] {
            DrawEligibility.split(pool: pool, parties: [party], spec: spec, rules: EligibilityRules(), on: Day("2026-11-21")!)
                .excluded.first?.codes ?? []
        }
        #expect(excluded(Party(label: "A", name: "王建国", role: .applicant, community: "东城社区")).isEmpty, "same name, nothing else: another person")
        #expect(excluded(Party(label: "A", name: "王建国", role: .applicant, household: "HX-1")).isEmpty)
        #expect(excluded(Party(label: "A", name: "王建国", role: .applicant, representative: "D00171")) == ["is-party"])
        #expect(excluded(Party(label: "A", name: "王建", role: .applicant, representative: "D00171")) == ["is-party"], "the id decides")
        #expect(excluded(Party(label: "A", name: "王建国", role: .applicant, representative: "D00172")).isEmpty)
        #expect(excluded(Party(label: "A", name: "王建国", role: .applicant, phone: "13900001111")) == ["is-party"])
        #expect(excluded(Party(label: "A", name: "王建国", role: .applicant, household: "HW-9")) == ["is-party"])
    }
}

@Suite("Panel specifications")
struct SpecTests {
    static let shipped = ["instant-mediation-3", "hearing-5", "hearing-7", "hearing-9", "rehearing-11"]

    @Test("the shipped specs load", arguments: shipped)
    func shippedSpecsLoad(name: String) throws {
        let spec = try PanelSpecLoader.load(named: name, in: Pingli.repositoryRoot + "/Panels")
        #expect(spec.name == name)
        #expect(spec.sha256.count == 64)
        if spec.kind != .instantMediation {
            #expect(spec.panelSize % 2 == 1)
            #expect(spec.options.map(\.key) == ["applicant", "respondent", "partial", "abstain"])
        }
    }

    func error(_ text: String) -> SpecError? {
        do { _ = try PanelSpecLoader.parse(text, file: "bad.toml", defaultName: "bad", sha256: ""); return nil } catch let e as SpecError { return e } catch { return nil }
    }

    let base = """
        kind = "public-hearing"
        panel_size = 5

        [voting]
        options = [ { key = "a", label = "A" }, { key = "b", label = "B" } ]

        """

    @Test func badSpecsNameLineAndColumn() {
        #expect(error("kind = \"public-hearing\"\npanel_size = 4\n")?.description.hasPrefix("bad.toml:2:1: panel_size 4 is even") == true)
        #expect(error("panelsize = 5\n" + base)?.description.contains("bad.toml:1:1: unknown key 'panelsize' (did you mean 'panel_size'?)") == true)
        #expect(error(base + "rulee = \"unanimity\"\n")?.description.contains("bad.toml:6:1: unknown key 'rulee' (did you mean 'rule'?)") == true)
        #expect(error(base + "[[quota]]\nattribute = \"category\"\nvalue = \"legal-professional\"\nmin = 3\nmax = 2\n")?.description
                .hasPrefix("bad.toml:9:1: need 0 ≤ min ≤ max") == true)
        #expect(error(base + "[[quota]]\nattribute = \"colour\"\nvalue = \"x\"\n")?.description.hasPrefix("bad.toml:7:1: 'attribute' is 'colour'") == true)
        #expect(error("kind = \"public-hearing\"\npanel_size = = 5\n")?.line == 2, "syntax errors keep TOML's position")
        #expect(error(base + "[[quota]]\nattribute = \"gender\"\nvalue = \"other\"\n")?.message.contains("male or female") == true)
        #expect(error("kind = \"public-hearing\"\npanel_size = 5\n")?.message.contains("missing [voting]") == true)
        #expect(error(base.replacingOccurrences(of: "[voting]", with: "[voting]\ntie = \"partial\""))?.message.contains("needs an option with key \"partial\"") == true)
    }
}
