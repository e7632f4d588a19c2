import Foundation
import PingliKit

/// How cases read on the terminal: lists, one case, and the line after a command.
enum CaseViews {
    static func deadline(_ c: CaseSummary, today: Day) -> String {
        guard let d = c.nextDeadline else { return "" }
        let left = today.days(until: d)
        if left < 0 { return "\(d)（已超期 \(-left) 天）" }
        if left == 0 { return "\(d)（今天到期）" }
        return "\(d)（剩 \(left) 天）"
    }

    static func list(_ list: [CaseSummary], today: Day, format: OutputFormat) -> String {
        switch format {
        case .table:
            // In a county store the office holding each case comes first (an office's file has none).
            let offices = list.contains { $0.office != nil }
            let table = TextTable(headers: (offices ? ["组织"] : []) + ["案件", "事由", "类别", "状态", "承办人", "签收", "期限", "轮次"],
                                  rows: list.map { (offices ? [$0.office ?? "—"] : [])
                                      + [$0.ref, $0.title, $0.category, $0.status.label, $0.moderator ?? "", $0.receivedOn.description,
                                         deadline($0, today: today), String($0.round)] },
                                  rightAligned: [offices ? 8 : 7]).render()
            let overdue = list.filter { $0.isOverdue(today: today) }.count
            return table + "\n\(list.count) case\(list.count == 1 ? "" : "s")" + (overdue > 0 ? ", \(overdue) overdue" : "") + "\n"
        case .csv:
            var out = "case_ref,title,category,status,moderator,received_on,next_deadline,overdue,round,office\n"
            for c in list {
                out += [c.ref, c.title, c.category, c.status.rawValue, c.moderator ?? "", c.receivedOn.description,
                        c.nextDeadline?.description ?? "", c.isOverdue(today: today) ? "true" : "false", String(c.round), c.office ?? ""]
                    .map(CSVWriter.escape).joined(separator: ",") + "\n"
            }
            return out
        case .json:
            let rows: [JSONValue] = list.map { c in
                .object(["case_ref": .string(c.ref), "title": .string(c.title), "category": .string(c.category),
                         "status": .string(c.status.rawValue), "moderator": c.moderator.map(JSONValue.string) ?? .null,
                         "received_on": .string(c.receivedOn.description),
                         "next_deadline": c.nextDeadline.map { .string($0.description) } ?? .null,
                         "overdue": .bool(c.isOverdue(today: today)), "round": .int(Int64(c.round)),
                         "office": c.office.map(JSONValue.string) ?? .null])
            }
            return JSONValue.array(rows).canonical + "\n"
        }
    }

    static func show(_ s: CaseState, events: [CaseEvent], hearings: [HearingSummary], today: Day) -> String {
        guard let d = s.details else { return s.ref }
        var lines = ["案件 \(s.ref)：\(d.title)",
                     "类别 \(d.category)，来源 \(d.source.label)" + (d.referringUnit.map { "（\($0)）" } ?? ""),
                     "状态 \(s.status.label)" + (s.round > 1 ? "，第 \(s.round) 轮（二次办理）" : "") + (s.moderator.map { "，承办人 \($0)" } ?? ""),
                     "签收 \(d.receivedOn)，受理期限 \(d.acceptBy)，办结时限 \(s.due.map(\.description) ?? "—")"
                        + (s.extensions.isEmpty ? "" : "（已延期 \(s.extensions.count) 次）")
                        + (s.isOverdue(today: today) ? "，已超期" : "")]
        if let summary = d.summary { lines.append("摘要 \(summary)") }
        lines.append("当事人：")
        for p in d.parties {
            lines.append("  \(p.name)（\(p.role.label)）" + (p.community.map { " \($0)" } ?? "") + (p.phone.map { " \($0)" } ?? ""))
        }
        if !hearings.isEmpty {
            lines.append("评理/调解：")
            for h in hearings { lines.append("  \(h.id) \(h.kind.label) \(h.stage.rawValue)") }
        }
        lines.append("经过：")
        for e in events { lines.append("  \(e.seq). \(Timestamp.localMinute(e.at)) \(e.operatorName)：\(describe(e.body))") }
        return lines.joined(separator: "\n")
    }

    static func describe(_ b: CaseEventBody) -> String {
        switch b {
        case let .received(d): return "签收（\(d.source.label)），受理期限 \(d.acceptBy)，办结时限 \(d.due)"
        case let .accepted(m): return "受理，承办人 \(m)"
        case let .refused(r): return "不予受理：\(r)"
        case let .extended(n, unit, r, due): return "延期 \(n) \(unit.label)至 \(due)：\(r)"
        case let .scheduled(sc): return "排期 \(sc.hearingID) \(sc.kind.label)，\(sc.date)\(sc.time.map { " " + $0 } ?? "")，\(sc.place)"
        case let .outcome(k, r, h): return "\(k.label)\(h.map { "（\($0)）" } ?? "")：\(r)"
        case let .followedUp(f):
            return "回访（\(f.by)，\(f.on)）：" + (f.performance.map { $0.label + "，" } ?? "") + f.satisfaction.label + (f.notes.map { "；\($0)" } ?? "")
        case let .closed(n): return "办结" + (n.map { "：\($0)" } ?? "")
        case let .reopened(r, due): return "二次办理，办结时限 \(due)：\(r)"
        }
    }

    static func echo(_ s: CaseState, _ events: [CaseEvent]) -> String {
        events.map { "\(s.ref) \(describe($0.body))" }.joined(separator: "\n")
    }
}
