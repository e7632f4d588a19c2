import Foundation
import PingliKit

extension Console {
    func printStatus() throws {
        let s = try store.state(try hearing())
        let zh = Language.current == .zh
        print(Message("say.status-head", s.id, s.kind.label, s.caseRef, s.stage.rawValue, s.stage.label))
        print(Message("say.status-parties", s.parties.isEmpty ? "—" : s.parties.map { "\($0.label) \($0.name)（\($0.role.label)）" }.joined(separator: zh ? "；" : "; ")))
        if !s.seats.isEmpty { print(Message(s.confirmed ? "say.status-panel-confirmed" : "say.status-panel", s.seats.count)) }
        if s.stage == .setup {
            let missing = s.seedLabels.filter { s.secrets[$0] == nil }
            if !s.parties.isEmpty {
                let mode = s.seedMode?.rawValue ?? Message("say.status-seed-not-begun").description
                print(missing.isEmpty ? Message("say.status-seed-ready", mode) : Message("say.status-seed-waiting", mode, Catalogue.list(missing)))
            }
        }
        if s.stage == .voting {
            print(Message("say.status-votes", s.votes.count, s.seats.count, Catalogue.list(s.missingVotes.map(String.init))))
        }
        print(Message("say.status-allowed", Catalogue.list(s.stage.allowed(kind: s.kind).map { ConsoleCommands.word(for: $0, chinese: zh) })))
        print(s.sealedHash.map { Message("say.status-hash-sealed", $0) } ?? Message("say.status-hash-open", s.headHash, s.lastSeq))
    }

    func printShow() throws {
        let s = try store.state(try hearing())
        try printStatus()
        if !s.seats.isEmpty {
            let probabilities = s.draw?.probabilities ?? [:]
            print("")
            let named = Message("say.show-named").description
            print(TextTable(headers: Message.columns("say.show-panel-headers"), rows: s.seats.map {
                ["\($0.number)", $0.representative, names[$0.representative] ?? "", probabilities[$0.representative].map { String(format: "%.4f%%", $0 * 100) } ?? named]
            }, rightAligned: [3]).render())
            if !s.alternates.isEmpty { print(Message("say.show-alternates", Catalogue.list(s.alternates.map { "\($0) \(names[$0] ?? "")" }))) }
        }
        if !s.evidence.isEmpty {
            print("")
            print(TextTable(headers: Message.columns("say.show-evidence-headers"), rows: s.evidence.map { [$0.id, $0.party, $0.title] }).render())
        }
        if let t = s.tally, s.stage != .voting {
            print("")
            print(TextTable(headers: Message.columns("say.show-tally-headers"), rows: (s.spec?.options ?? []).map { [$0.label, String(t.counts[$0.key] ?? 0)] }, rightAligned: [1]).render())
            print(t.outcome.flatMap { o in s.spec?.options.first { $0.key == o }?.label }.map { Message("say.show-result", $0) } ?? Message("say.show-no-result"))
        }
        if let v = s.verdict { print(Message("say.show-verdict", v)) }
        if let a = s.agreement { print(Message("say.show-agreement", a.terms)) }
    }

    func printHelp(_ topic: String?) {
        if let topic {
            guard let command = ConsoleCommands.command(topic) else {
                print(ConsoleCommands.suggestion(for: topic).map { Message("say.help-no-command-suggest", topic, $0) } ?? Message("say.help-no-command", topic))
                return
            }
            print(Message("say.help-command", command.usage, command.summary, command.example, command.chineseExample, Catalogue.list(command.names)))
            return
        }
        for group in ConsoleCommand.Group.allCases {
            print(Message("help.group-\(group.rawValue)"))
            let rows = ConsoleCommands.all.filter { $0.group == group }.map {
                Language.current == .zh ? ["  " + ($0.chineseName ?? $0.name), $0.name, $0.summary] : ["  " + $0.name, $0.chineseName ?? "", $0.summary]
            }
            print(TextTable(headers: ["", "", ""], rows: rows).render().split(separator: "\n").dropFirst(2).joined(separator: "\n"))
        }
        print(Message("say.help-footer"))
    }

    /// Completion candidates for TAB, from the command table and the current hearing.
    func completions(line: String, word: String) -> [String] {
        ConsoleCompletion.candidates(line: line, context: completionContext())
    }

    func completionContext() -> ConsoleCompletion.Context {
        let state = current.flatMap { try? store.state($0) }
        return ConsoleCompletion.Context(
            partyLabels: state?.parties.map(\.label) ?? [], seats: state?.seats.map { String($0.number) } ?? [],
            ballotOptions: state?.spec?.options.map(\.key) ?? [], evidence: state?.evidence.map(\.id) ?? [],
            hearings: ((try? store.list()) ?? []).map(\.id),
            specs: (try? PanelSpecLoader.available(in: PanelsDirectory.locate(explicit: panels))) ?? [])
    }
}
