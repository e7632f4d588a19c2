/// The 参加评理通知书: one page per panel member and per party, saying who, when, where and what
/// to bring.
public enum NoticeDocument {
    public struct Notice: Sendable, Equatable {
        /// A file name for it (`notice-A.pdf`, `notice-seat-3.pdf`).
        public var name: String
        public var document: PrintedDocument
    }

    public static func build(_ s: HearingState, names: [String: String], schedule: CaseSchedule, office: OfficeProfile?, issuedOn: Day) -> [Notice] {
        let kind = s.kind == .instantMediation ? "即时评议调解" : "评理大会"
        let when = "\(schedule.date)" + (schedule.time.map { " \($0)" } ?? "")
        func page(_ to: String, _ role: String, _ bring: String, _ name: String) -> Notice {
            let blocks: [PrintedDocument.Block] = [
                .title("参加\(kind)通知书"),
                .subtitle((office?.name ?? "") + "　\(s.id)"),
                .space(10),
                .paragraph("\(to)："),
                .paragraph("　　兹定于 \(when) 在 \(schedule.place) 就案件 \(s.caseRef) 召开\(kind)，请你作为\(role)准时参加。"),
                .fields([.init("时间", when), .init("地点", schedule.place), .init("请携带", bring)]),
                .paragraph("如不能按时参加，请提前告知本委员会" + (office?.phone.map { "（电话 \($0)）" } ?? "") + "。"),
                .space(20),
                .paragraph((office?.name ?? "") + "　\(issuedOn.year) 年 \(issuedOn.month) 月 \(issuedOn.day) 日"),
            ]
            return Notice(name: name, document: PrintedDocument(title: "参加\(kind)通知书 \(s.id) \(to)", author: office?.name ?? "", blocks: blocks))
        }
        var out = s.parties.map { p in
            page(p.name, "\(p.role.label)（\(p.label)）", "本人身份证件；与纠纷有关的证据材料（书证、照片、视频等）及其复印件", "notice-\(p.label)")
        }
        out += s.seats.map { seat in
            page(names[seat.representative] ?? seat.representative, "\(seat.number)号评理员（代表编号 \(seat.representative)）",
                 "本人身份证件。评理前请勿与当事人私下接触；与当事人有利害关系的，请于开会前告知本委员会申请回避", "notice-seat-\(seat.number)")
        }
        return out
    }
}
