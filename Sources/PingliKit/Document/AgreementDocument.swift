import Foundation

/// The 人民调解协议书 (人民调解法 第二十九条; 司法部《人民调解工作若干规定》第三十五条): the
/// parties as the office holds them, the facts, points in dispute and each side's
/// responsibility, the terms, how, where and by when they are performed, the copies, signature
/// and fingerprint lines, the mediator's signature, the seal, the date. A field the record does
/// not hold is refused, never printed blank.
public enum AgreementDocument {
    public static func build(_ s: HearingState, _ events: [HearingEvent], office: OfficeProfile?, timeZone: TimeZone = .current) throws -> PrintedDocument {
        guard let a = s.agreement else {
            throw DocumentError.notReady(Message("say.no-agreement", s.id))
        }
        guard let office else {
            throw DocumentError.missing([Message("say.committee-name").description], hint: Message("say.set-committee-name"))
        }
        let missing = a.missingForDocument
        guard missing.isEmpty else {
            throw DocumentError.missing(missing.map { "--\($0)" }, hint: Message("say.agreement-fields", missing[0]))
        }
        let mediator = events.first?.operatorName ?? ""
        let agreedAt = events.last { if case .agreed = $0.body { return true }; return false }?.at
        let day = RecordDocument.localTime(agreedAt, timeZone).prefix(10)
        var blocks: [PrintedDocument.Block] = [.title("人民调解协议书"), .subtitle(office.name), .subtitle("编号：\(s.id)-XY　案件：\(s.caseRef)")]
        blocks.append(.heading("当事人"))
        for p in s.parties {
            var details = ["姓名：\(p.name)"]
            if let c = p.community { details.append("住所：\(c)") }
            if let w = p.workUnit { details.append("单位：\(w)") }
            if let ph = p.phone { details.append("联系方式：\(ph)") }
            blocks.append(.fields([.init("\(p.role.label)（\(p.label)）", details.joined(separator: "；"))]))
        }
        blocks.append(.heading("纠纷主要事实、争议事项及各方责任"))
        blocks.append(.paragraph(a.facts!))
        blocks.append(.paragraph("各方责任：\(a.responsibility!)"))
        blocks.append(.heading("经人民调解委员会调解，当事人自愿达成如下协议"))
        blocks.append(.paragraph(a.terms))
        blocks.append(.heading("履行方式、地点、期限"))
        blocks.append(.fields([.init("履行方式", a.performance!), .init("履行地点", a.place!), .init("履行期限", a.deadline!)]))
        let copies = s.parties.count + 1
        blocks.append(.paragraph("本协议一式 \(copies) 份，当事人各执一份，人民调解委员会留存一份。"))
        blocks.append(.paragraph("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。"))
        blocks.append(.space(6))
        blocks.append(.signatures(s.parties.map { "\($0.role.label)\($0.label) \($0.name)" }, fingerprint: true))
        blocks.append(.signatures(["人民调解员 \(mediator)"], fingerprint: false))
        blocks.append(.space(10))
        blocks.append(.paragraph("（人民调解委员会印章）" + (office.seal.map { "　\($0)" } ?? "")))
        blocks.append(.paragraph("\(office.name)　\(day.isEmpty ? "    年  月  日" : String(day))"))
        if let address = office.address { blocks.append(.paragraph("地址：\(address)" + (office.phone.map { "　电话：\($0)" } ?? ""))) }
        return PrintedDocument(title: "人民调解协议书 \(s.id)", author: office.name, blocks: blocks)
    }
}
