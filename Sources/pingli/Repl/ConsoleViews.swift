import Foundation
import PingliKit

extension Console {
    func printStatus() throws {
        let s = try store.state(try hearing())
        print("\(s.id)  \(s.kind.label)  案件 \(s.caseRef)  阶段 \(s.stage.rawValue)（\(s.stage.label)）")
        print("涉事方：" + (s.parties.isEmpty ? "—" : s.parties.map { "\($0.label) \($0.name)（\($0.role.label)）" }.joined(separator: "；")))
        if !s.seats.isEmpty { print("评理团：\(s.seats.count) 席" + (s.confirmed ? "（已确认）" : "（未确认）")) }
        if s.stage == .setup {
            let missing = s.seedLabels.filter { s.secrets[$0] == nil }
            if !s.parties.isEmpty {
                print("随机数：" + (s.seedMode?.rawValue ?? "尚未开始") + (missing.isEmpty ? "，已齐，可 draw" : "，待：\(missing.joined(separator: ", "))"))
            }
        }
        if s.stage == .voting { print("投票：\(s.votes.count)/\(s.seats.count)（未投：\(s.missingVotes.map(String.init).joined(separator: ", "))；计票前不公布）") }
        print("可用命令：\(s.stage.allowed(kind: s.kind).map { ConsoleCommands.word(for: $0) }.joined(separator: ", "))")
        print("笔录哈希：\(s.sealedHash ?? s.headHash)" + (s.sealedHash == nil ? "（未封存，\(s.lastSeq) 条）" : "（已封存）"))
    }

    func printShow() throws {
        let s = try store.state(try hearing())
        try printStatus()
        if !s.seats.isEmpty {
            let probabilities = s.draw?.probabilities ?? [:]
            print("")
            print(TextTable(headers: ["席位", "编号", "姓名", "入选概率"], rows: s.seats.map {
                ["\($0.number)", $0.representative, names[$0.representative] ?? "", probabilities[$0.representative].map { String(format: "%.4f%%", $0 * 100) } ?? "指定"]
            }, rightAligned: [3]).render())
            if !s.alternates.isEmpty { print("候补（依次）：" + s.alternates.map { "\($0) \(names[$0] ?? "")" }.joined(separator: "、")) }
        }
        if !s.evidence.isEmpty {
            print("")
            print(TextTable(headers: ["证据", "提交方", "名称"], rows: s.evidence.map { [$0.id, $0.party, $0.title] }).render())
        }
        if let t = s.tally, s.stage != .voting {
            print("")
            print(TextTable(headers: ["选项", "票数"], rows: (s.spec?.options ?? []).map { [$0.label, String(t.counts[$0.key] ?? 0)] }, rightAligned: [1]).render())
            print("结果：" + (t.outcome.flatMap { o in s.spec?.options.first { $0.key == o }?.label } ?? "未形成评判结果"))
        }
        if let v = s.verdict { print("评判结果：\(v)") }
        if let a = s.agreement { print("调解协议：\(a.terms)") }
    }

    func printHelp(_ topic: String?) {
        if let topic {
            guard let command = ConsoleCommands.command(topic) else {
                print("no command '\(topic)'" + (ConsoleCommands.suggestion(for: topic).map { " — did you mean '\($0)'?" } ?? ""))
                return
            }
            print("\(command.usage)\n  \(command.summary)\n  例 example: \(command.example)\n  例（中文）: \(command.chineseExample)")
            return
        }
        for group in ConsoleCommand.Group.allCases {
            print(group.rawValue)
            let rows = ConsoleCommands.all.filter { $0.group == group }.map { ["  " + $0.name, $0.chineseName ?? "", $0.summary] }
            print(TextTable(headers: ["", "", ""], rows: rows).render().split(separator: "\n").dropFirst(2).joined(separator: "\n"))
        }
        print("Text may be quoted, or simply the rest of the line. A line ending in \\ continues; `CMD … <<` takes the lines up to a lone `.`.")
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
