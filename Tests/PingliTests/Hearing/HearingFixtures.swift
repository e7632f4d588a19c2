import Foundation
import GRDB
@testable import PingliKit

/// A database with the sample pool, everyone trained, and helpers to run hearings.
struct HearingWorld {
    let dir = TempDir("pingli-hearing")
    let database: PingliDatabase
    let store: HearingService
    let context = Fixtures.context("主持人王")

    init() throws {
        database = try PingliDatabase(path: dir.file("h.sqlite"))
        var issues: [ImportIssue] = []
        _ = try PoolImporter(database, context: context).run(path: Pingli.repositoryRoot + "/Panels/sample-pool.csv") { issues.append($0) }
        precondition(issues.isEmpty)
        try PoolStore(database).setRule(.minimumTrainingHours, "0")
        store = HearingService(database)
    }

    func spec(_ name: String) throws -> PanelSpec { try PanelSpecLoader.load(named: name, in: Pingli.repositoryRoot + "/Panels") }

    @discardableResult
    func run(_ id: String, _ command: HearingCommand) throws -> HearingState { try store.execute(id, command, context: context).0 }

    /// Runs a challenge or absence (the alternates extend themselves when none listed fits).
    @discardableResult
    func replace(_ id: String, _ command: HearingCommand) throws -> HearingState { try run(id, command) }

    /// Opens a hearing-7 with two parties, commit-reveal, draws and confirms the panel.
    func drawnHearing(confirm: Bool = true) throws -> String {
        let s = try store.open(caseRef: "SQ-2026-0815", kind: .publicHearing, spec: try spec("hearing-7"), place: "中市街道评理室", context: context)
        try run(s.id, .addParty(Party(label: "A", name: "张三", role: .applicant, community: "东风社区", household: "HX1")))
        try run(s.id, .addParty(Party(label: "B", name: "李四", role: .respondent, community: "西湖社区")))
        let secrets = ["A": "苹果 42", "B": "河石 7", "moderator": "1968"]
        for (label, secret) in secrets.sorted(by: { $0.key < $1.key }) { try run(s.id, .commit(label: label, commitment: DrawSeed.commitment(to: secret))) }
        for (label, secret) in secrets.sorted(by: { $0.key < $1.key }) { try run(s.id, .reveal(label: label, secret: secret)) }
        try store.drawPanel(s.id, context: context)
        if confirm { try run(s.id, .confirm) }
        return s.id
    }
}
