import ArgumentParser
import Foundation
import PingliKit

/// `pingli draw …`: the fair draw of a panel from the office's pool, outside a hearing.
struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "Show selection probabilities, or draw a panel, from the pool (hearings draw from the REPL).",
        subcommands: [Preview.self, Run.self])

    struct Options: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @Option(help: "The panel specification (a file NAME.toml in Panels/).") var spec: String = "hearing-7"
        @Option(help: "The Panels folder.") var panels: String?
        @Option(name: .customLong("party"), help: ArgumentHelp(
            "A party: LABEL:NAME:ROLE[:COMMUNITY[:HOUSEHOLD[:WORK_UNIT]]], ROLE applicant|respondent|other. Repeat.",
            valueName: "PARTY"))
        var parties: [String] = []

        func load() throws -> (PanelSpec, [Party], any PingliStore, OperationContext) {
            let spec = try PanelSpecLoader.load(named: self.spec, in: try PanelsDirectory.locate(explicit: panels))
            let parties = try self.parties.map(Self.parseParty)
            return (spec, parties, try store.open(), try store.context())
        }

        static func parseParty(_ text: String) throws -> Party {
            let p = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmed }
            guard p.count >= 3, !p[0].isEmpty, !p[1].isEmpty, let role = Party.Role(rawValue: p[2]) else {
                throw ValidationError(Message("say.draw-party-format", text))
            }
            func at(_ i: Int) -> String? { i < p.count && !p[i].isEmpty ? p[i] : nil }
            return Party(label: p[0], name: p[1], role: role, community: at(3), household: at(4), workUnit: at(5))
        }
    }

    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every eligible representative's selection probability, and who is excluded and why.")
        @OptionGroup var options: Options

        func run() throws {
            let (spec, parties, db, context) = try options.load()
            let (prepared, excluded) = try DrawPreparation.prepare(pool: db.representatives, spec: spec, parties: parties, day: context.today, solver: CBCSolver())
            let names = Dictionary(uniqueKeysWithValues: try db.representatives.list().map { ($0.id, $0.name) })
            print(DrawReport.probabilities(prepared, names: names))
            print("")
            print(DrawReport.excluded(excluded, names: names))
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a panel with secrets the participants give, and write the draw record.",
            discussion: "Each --secret LABEL=SECRET is checked against --commit LABEL=SHA256 when given (commit-reveal); without commitments the draw is recorded as spoken numbers.")
        @OptionGroup var options: Options
        @Option(help: "The hearing (or other) id the draw is for; part of the seed.") var hearing: String
        @Option(name: .customLong("commit"), help: "LABEL=SHA256HEX, recorded before secrets were revealed. Repeat.") var commits: [String] = []
        @Option(name: .customLong("secret"), help: "LABEL=SECRET. Repeat, one per participant.") var secrets: [String] = []
        @Option(help: "Write the draw record (JSON) here.") var out: String

        func run() throws {
            let (spec, parties, db, context) = try options.load()
            func pairs(_ list: [String], _ option: String) throws -> [String: String] {
                var d: [String: String] = [:]
                for item in list {
                    guard let eq = item.firstIndex(of: "="), eq != item.startIndex else { throw ValidationError(Message("say.label-value", option, item)) }
                    d[String(item[..<eq])] = String(item[item.index(after: eq)...])
                }
                return d
            }
            let secretMap = try pairs(secrets, "--secret"), commitMap = try pairs(commits, "--commit")
            guard !secretMap.isEmpty else { throw ValidationError(Message("say.draw-needs-secret")) }
            let mode: SeedMode = commitMap.isEmpty ? .spoken : .commitReveal
            if mode == .commitReveal, Set(commitMap.keys) != Set(secretMap.keys) {
                throw ValidationError(Message("say.draw-commit-and-secret", Catalogue.list(commitMap.keys.sorted()), Catalogue.list(secretMap.keys.sorted())))
            }
            let (prepared, _) = try DrawPreparation.prepare(pool: db.representatives, spec: spec, parties: parties, day: context.today, solver: CBCSolver())
            let record = try DrawEngine.draw(prepared, hearingID: hearing, mode: mode, contributions: secretMap.keys.sorted().map {
                SeedContribution(label: $0, commitment: commitMap[$0], secret: secretMap[$0]!)
            })
            try DrawReport.write(record, to: out)
            let names = Dictionary(uniqueKeysWithValues: try db.representatives.list().map { ($0.id, $0.name) })
            print(DrawReport.panel(record, names: names))
            print(Message("say.draw-record-written", out))
        }
    }
}

/// `pingli verify-draw RECORD.json`.
struct VerifyDrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-draw",
        abstract: "Recompute a draw record on this machine and fail loudly on any difference.",
        discussion: "Exit status: 0 verified, 1 a check failed, 2 the record cannot be read.")
    @Argument(help: "The draw record (JSON).") var record: String

    func run() throws {
        let record: DrawRecord
        do { record = try DrawReport.read(record: self.record) } catch {
            Shell.warn("\(self.record): \(error)")
            throw ExitCode(2)
        }
        let checks = DrawVerifier.verify(record, solver: CBCSolver())
        for c in checks { print("\(c.passed ? "✓" : "✗ FAILED") \(c.name): \(c.detail)") }
        if checks.allSatisfy(\.passed) {
            print(Message("say.draw-verifies", record.hearingID, record.panel.joined(separator: " ")))
        } else {
            Shell.warn(Message("say.draw-not-verify", self.record, checks.filter { !$0.passed }.map(\.name).joined(separator: ", ")))
            throw ExitCode(1)
        }
    }
}

/// Text for draws, shared by the commands and the REPL.
enum DrawReport {
    static func probabilities(_ p: PreparedDraw, names: [String: String]) -> String {
        let rows = p.probabilities.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map { id, prob in
            [id, names[id] ?? "", String(format: "%.4f%%", prob * 100)]
        }
        let total = p.probabilities.values.reduce(0, +)
        return "\(p.spec.title)：可抽取 \(p.pool.eligible.count) 人，入选概率 最低 \(String(format: "%.4f%%", p.lottery.minimumProbability * 100))，最高 \(String(format: "%.4f%%", p.lottery.maximumProbability * 100))（合计 \(String(format: "%.4f", total)) = 席位 \(p.spec.panelSize)）\n"
            + TextTable(headers: ["编号", "姓名", "入选概率"], rows: rows, rightAligned: [2]).render()
    }

    static func excluded(_ list: [ExcludedPerson], names: [String: String]) -> String {
        "不可抽取 \(list.count) 人\n" + TextTable(headers: ["编号", "姓名", "原因"],
            rows: list.map { [$0.id, names[$0.id] ?? "", $0.reasons.joined(separator: "；")] }).render()
    }

    static func panel(_ r: DrawRecord, names: [String: String]) -> String {
        var rows = r.panel.enumerated().map { ["\($0.offset + 1)", $0.element, names[$0.element] ?? "", String(format: "%.4f%%", (r.probabilities[$0.element] ?? 0) * 100)] }
        rows += r.alternates.enumerated().map { ["候补\($0.offset + 1)", $0.element, names[$0.element] ?? "", String(format: "%.4f%%", (r.probabilities[$0.element] ?? 0) * 100)] }
        return "评理团（种子 \(r.seed.value.prefix(16))…）\n" + TextTable(headers: ["席位", "编号", "姓名", "入选概率"], rows: rows, rightAligned: [3]).render()
    }

    static func write(_ record: DrawRecord, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(record).write(to: URL(fileURLWithPath: path))
    }

    static func read(record path: String) throws -> DrawRecord {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError(Message("say.file-unreadable", path)) }
        return try JSONDecoder().decode(DrawRecord.self, from: data)
    }
}
