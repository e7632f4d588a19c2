import Foundation

/// The 评理笔录 (or 调解笔录 for an instant mediation) as the parties sign it: header, panel and
/// parties, every event in the record's order, the tally, the result, signatures and refused
/// corrections, and on the last page the sealed record hash with a QR code to check the paper
/// against the record (`pingli verify`).
public enum RecordDocument {
    public static func build(_ s: HearingState, _ events: [HearingEvent], names: [String: String], office: OfficeProfile?,
                             caseTitle: String?, recorder: String, timeZone: TimeZone = .current) -> PrintedDocument {
        let mediation = s.kind == .instantMediation
        let title = mediation ? "调解笔录" : "评理笔录"
        func party(_ label: String) -> String { TranscriptRenderer.partyName(label, s) }
        func rep(_ id: String) -> String { names[id] ?? id }
        let moderator = events.first?.operatorName ?? ""
        let end = events.last { if case .closed = $0.body { return true }; return false }?.at
        var blocks: [PrintedDocument.Block] = [.title(title)]
        if let office { blocks.append(.subtitle(office.name)) }
        blocks.append(.subtitle("编号：\(s.id)"))
        blocks.append(.fields([
            .init("事由", s.caseRef + (caseTitle.map { "　\($0)" } ?? "")),
            .init("时间", localTime(s.openedAt, timeZone) + (end.map { " 至 " + localTime($0, timeZone) } ?? "（未闭会）")),
            .init("地点", s.place ?? "—"),
            .init("程序", (s.spec?.title ?? s.kind.label) + (s.rehearingOf.map { "（复议，原评理会 \($0)，原评理团成员回避）" } ?? "")
                  + (s.escalatedFrom.map { "（由即时评议调解 \($0) 转入）" } ?? "")),
            .init("是否公开", mediation ? "不公开" : "公开"),
            .init("主持人", moderator),
            .init("记录人", recorder),
        ]))
        blocks.append(.heading("涉事各方"))
        blocks.append(.table(headers: ["标签", "身份", "姓名", "社区"],
                             rows: s.parties.map { [$0.label, $0.role.label, $0.name, $0.community ?? ""] }, widths: [0.12, 0.2, 0.3, 0.38]))
        blocks.append(.heading(mediation ? "参与调解的议事代表" : "评理团"))
        if s.seats.isEmpty {
            blocks.append(.paragraph("（尚未组成）"))
        } else {
            blocks.append(.table(headers: ["席位", "代表编号", "姓名"], rows: s.seats.map { ["\($0.number)号", $0.representative, rep($0.representative)] },
                                 widths: [0.2, 0.4, 0.4]))
            if let d = s.draw {
                blocks.append(.paragraph("随机抽取：种子 \(d.seed.value)（\(d.seed.mode.rawValue)），候选人库哈希 \(d.poolHash)，规则《\(d.spec.title)》（\(d.spec.name)）。"))
            } else if s.named {
                blocks.append(.paragraph("由主持人指定。"))
            }
        }
        blocks.append(.heading("经过"))
        for e in events {
            blocks.append(.paragraph("\(e.seq). [\(localTime(e.at, timeZone))] \(TranscriptRenderer.line(e, state: s, names: names))"))
        }
        blocks.append(.heading("结果"))
        if let t = s.tally {
            blocks.append(.table(headers: ["选项", "票数"], rows: (s.spec?.options ?? []).map { [$0.label, String(t.counts[$0.key] ?? 0)] },
                                 widths: [0.7, 0.3]))
            blocks.append(.paragraph("计票：第 \(t.round) 轮，\(t.rule.label)，应投 \(t.panelSize) 票，实投 \(t.voted) 票。"))
        }
        blocks += resultBlocks(s)
        blocks.append(.heading("签名情况"))
        for p in s.parties {
            switch s.signatures[p.label] {
            case .some(.none): blocks.append(.paragraph("\(party(p.label))：已签名。"))
            case let .some(.some(c)): blocks.append(.paragraph("\(party(p.label))：拒绝签名，要求更正：\(c)"))
            case .none: blocks.append(.paragraph("\(party(p.label))：未签名。"))
            }
        }
        let hash = s.sealedHash ?? s.headHash
        blocks.append(.space(8))
        blocks.append(.qr(text: "pingli-verify:\(s.id):\(hash)",
                          caption: (s.sealedHash != nil ? "笔录哈希（封存）：" : "笔录哈希（尚未封存）：") + hash
                            + "\n核验：pingli verify \(s.id)；或扫描二维码，与电子笔录的哈希比对。"))
        let signers = s.parties.map { "\($0.role.label)\($0.label) \($0.name)" } + ["主持人", "记录人"]
        return PrintedDocument(title: "\(title) \(s.id)", author: office?.name ?? moderator, blocks: blocks,
                               footer: ["以上笔录已向当事人宣读（或经当事人阅读），确认无误。"], footerSignatures: signers)
    }

    /// Everything the result holds: the verdict, or every field of the agreement, or where it went.
    static func resultBlocks(_ s: HearingState) -> [PrintedDocument.Block] {
        var out: [PrintedDocument.Block] = []
        if let v = s.verdict { out.append(.paragraph("评判结果：\(v)")) }
        if let a = s.agreement {
            var fields: [PrintedDocument.Field] = []
            if let f = a.facts { fields.append(.init("事实与争议", f)) }
            if let r = a.responsibility { fields.append(.init("各方责任", r)) }
            fields.append(.init("协议内容", a.terms))
            if let p = a.performance { fields.append(.init("履行方式", p)) }
            if let p = a.place { fields.append(.init("履行地点", p)) }
            if let d = a.deadline { fields.append(.init("履行期限", d)) }
            out.append(.fields(fields))
        }
        if let e = s.escalatedTo { out.append(.paragraph("调解未成，转入评理大会 \(e)。")) }
        if let w = s.withdrawal { out.append(.paragraph((s.terminated ? "调解组织终止评理：" : "申请方撤回：") + w)) }
        if out.isEmpty { out.append(.paragraph("（尚无结果）")) }
        return out
    }

    static func localTime(_ at: String?, _ timeZone: TimeZone) -> String { at.map { Timestamp.localMinute($0, in: timeZone) } ?? "—" }
}
