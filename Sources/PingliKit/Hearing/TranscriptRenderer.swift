/// The 笔录 as readable Markdown: header, every event in order as prose, tally, result,
/// signatures and the record hash.
public enum TranscriptRenderer {
    public static func markdown(_ s: HearingState, _ events: [HearingEvent], names: [String: String]) -> String {
        func party(_ label: String) -> String { partyName(label, s) }
        func rep(_ id: String) -> String { repName(id, names) }
        var out: [String] = []
        out.append("# \(s.kind.label)笔录")
        out.append("")
        out.append("- 评理会编号：\(s.id)")
        out.append("- 案件编号：\(s.caseRef)")
        out.append("- 程序：\(s.spec?.title ?? s.kind.label)")
        if let place = s.place { out.append("- 地点：\(place)") }
        if let at = s.openedAt { out.append("- 开始时间：\(at)") }
        if let e = s.escalatedFrom { out.append("- 由即时评议调解 \(e) 转入") }
        if let r = s.rehearingOf { out.append("- 复议：原评理会 \(r)（原评理团成员回避）") }
        out.append("- 主持人：\(events.first?.operatorName ?? "")")
        out.append("- 涉事各方：" + (s.parties.isEmpty ? "—" : s.parties.map { party($0.label) }.joined(separator: "；")))
        out.append("- 评理团：" + (s.seats.isEmpty ? "—" : s.seats.map { "\($0.number)号 \(rep($0.representative))" }.joined(separator: "；")))
        out.append("")
        out.append("## 经过")
        out.append("")
        for e in events {
            out.append("\(e.seq). [\(e.at)] \(line(e, state: s, names: names))")
        }
        out.append("")
        out.append("## 结果")
        out.append("")
        if let t = s.tally {
            out.append("| 选项 | 票数 |")
            out.append("|---|---:|")
            for o in s.spec?.options ?? [] { out.append("| \(o.label) | \(t.counts[o.key] ?? 0) |") }
            out.append("")
        }
        if let v = s.verdict { out.append("评判结果：\(v)") }
        if let a = s.agreement {
            out.append("调解协议：\(a.terms)")
            if let f = a.facts { out.append("- 事实与争议：\(f)") }
            if let r = a.responsibility { out.append("- 各方责任：\(r)") }
            if let p = a.performance { out.append("- 履行方式：\(p)") }
            if let p = a.place { out.append("- 履行地点：\(p)") }
            if let d = a.deadline { out.append("- 履行期限：\(d)") }
        }
        if let e = s.escalatedTo { out.append("转入评理大会 \(e)") }
        if let w = s.withdrawal { out.append((s.terminated ? "终止：" : "申请方撤回：") + w) }
        if s.verdict == nil && s.agreement == nil && s.escalatedTo == nil && s.withdrawal == nil { out.append("（尚无结果）") }
        out.append("")
        out.append("## 签名")
        out.append("")
        for p in s.parties {
            switch s.signatures[p.label] {
            case .some(.none): out.append("- \(party(p.label))：已签名")
            case let .some(.some(c)): out.append("- \(party(p.label))：拒绝签名（要求更正：\(c)）")
            case .none: out.append("- \(party(p.label))：未签名")
            }
        }
        out.append("")
        out.append(s.sealedHash.map { "笔录哈希（封存）：`\($0)`" } ?? "笔录哈希（当前）：`\(s.headHash)`（尚未封存）")
        return out.joined(separator: "\n") + "\n"
    }


    /// One event as a sentence of the record.
    public static func line(_ e: HearingEvent, state s: HearingState, names: [String: String]) -> String {
        func party(_ label: String) -> String { partyName(label, s) }
        func rep(_ id: String) -> String { repName(id, names) }
        func seatName(_ n: Int) -> String {
            s.seats.first { $0.number == n }.map { "\(n)号评理员\(rep($0.representative))" } ?? "\(n)号席"
        }
        let optionLabel = Dictionary(uniqueKeysWithValues: (s.spec?.options ?? []).map { ($0.key, $0.label) })
        switch e.body {
        case let .opened(caseRef, kind, spec, _, _, _, _): return "开启\(kind.label)，案件 \(caseRef)，依据《\(spec.title)》（\(spec.name)）。"
        case let .partyAdded(p): return "登记涉事方：\(party(p.label))。"
        case let .specChanged(spec, reason): return "主持人将评理规则改为《\(spec.title)》（\(spec.name)），理由：\(reason)。此前提供的随机数作废，各方重新提供。"
        case let .committed(label, c): return "\(party(label))提交随机数承诺 \(c.prefix(16))…。"
        case let .revealed(label, secret): return "\(party(label))公开随机数「\(secret)」，与承诺相符。"
        case let .spoken(label, text): return "\(party(label))当场报出随机数「\(text)」。"
        case let .panelDrawn(r):
            return "随机抽取评理团（种子 \(r.seed.value.prefix(16))…，可抽取 \(r.pool.eligible.count) 人，入选概率 \(percent(r.lottery.minimumProbability))–\(percent(r.lottery.maximumProbability))）：" +
                r.panel.enumerated().map { "\($0.offset + 1)号 \(rep($0.element))" }.joined(separator: "，") + "；候补依次为 " + r.alternates.map(rep).joined(separator: "、") + "。"
        case let .alternatesExtended(r): return "同一抽签续抽候补，完整候补名单依次为 " + r.alternates.map(rep).joined(separator: "、") + "（已递补者不再递补）。"
        case let .representativesNamed(ids): return "主持人指定议事代表：" + ids.map(rep).joined(separator: "、") + "。"
        case let .challenged(seat, by, reason, by2): return "\(party(by))申请\(seat)号评理员回避，理由：\(reason)。由候补 \(rep(by2)) 递补。"
        case let .absent(seat, reason, by2): return "\(seat)号评理员缺席（\(reason)），由候补 \(rep(by2)) 递补。"
        case let .panelConfirmed(members): return "确认评理团：" + members.enumerated().map { "\($0.offset + 1)号 \(rep($0.element))" }.joined(separator: "，") + "。"
        case .sessionStarted: return "宣布开始。"
        case let .statement(p, t): return "\(party(p))陈述理由：\(t)"
        case let .evidence(id, p, title, d, f):
            return "\(party(p))举证 \(id)「\(title)」" + (d.map { "：\($0)" } ?? "") + (f.map { "（附件 \($0.name)，\($0.size) 字节，SHA-256 \($0.sha256.prefix(16))…）" } ?? "") + "。"
        case let .response(id, p, t): return "\(party(p))对证据 \(id) 质证：\(t)"
        case let .debate(p, t): return "\(party(p))辩论：\(t)"
        case let .question(seat, t): return "\(seatName(seat))提问：\(t)"
        case let .answer(p, t): return "\(party(p))回答：\(t)"
        case let .note(t): return "记录：\(t)"
        case let .adjourned(r): return "休会，原因：\(r)。"
        case .resumed: return "继续。"
        case let .vote(seat, o, r): return "\(seatName(seat))投票：\(optionLabel[o] ?? o)" + (r.map { "，理由：\($0)" } ?? "") + "。"
        case let .votingClosed(missing): return "主持人宣布投票结束" + (missing.isEmpty ? "。" : "，未投票席位：\(missing.map(String.init).joined(separator: "、"))。")
        case let .tallied(t):
            return "计票（第 \(t.round) 轮，\(t.rule.label)）：" + (s.spec?.options ?? []).map { "\($0.label) \(t.counts[$0.key] ?? 0) 票" }.joined(separator: "，")
                + "。" + (t.outcome.map { "结果：\(optionLabel[$0] ?? $0)" + (t.basis == "tie-rule" ? "（按平票规则）" : "") + "。" }
                          ?? (t.basis == "revote" ? "未达多数，重新投票。" : "未形成评判结果。"))
        case let .verdict(o, t): return "宣布评判结果" + (o.map { "（\(optionLabel[$0] ?? $0)）" } ?? "") + "：\(t)"
        case let .agreed(a):
            return "达成调解协议：\(a.terms)" + (a.performance.map { "；履行方式：\($0)" } ?? "") + (a.deadline.map { "；履行期限：\($0)" } ?? "") + "。"
        case let .escalated(to): return "调解未成，转入评理大会 \(to)。"
        case .readBack: return "向涉事各方宣读笔录。"
        case let .signed(p): return "\(party(p))确认无误并签名。"
        case let .refusedToSign(p, c): return "\(party(p))拒绝签名，要求更正：\(c)"
        case let .corrected(seq, t): return "更正第 \(seq) 条记录：\(t)"
        case let .withdrawn(r): return "申请方撤回，评理终结，理由：\(r)。"
        case let .terminated(r): return "调解组织终止评理，理由：\(r)。"
        case .closed: return "闭会，笔录封存。"
            }
    }

    static func partyName(_ label: String, _ s: HearingState) -> String {
        guard let p = s.parties.first(where: { $0.label == label }) else {
            return label == "moderator" ? "主持人" : (label == "member" ? "评理员本人" : label)
        }
        return "\(p.role.label)\(p.label)（\(p.name)）"
    }

    static func repName(_ id: String, _ names: [String: String]) -> String { names[id].map { "\($0)（\(id)）" } ?? id }

    static func percent(_ p: Double) -> String {
        let v = (p * 10000).rounded() / 100
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }
}
