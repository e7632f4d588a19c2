/// The payload of each event type as JSON, and back. Keys are snake_case and stable: they
/// are hashed into the chain, so renaming one breaks every record written before.
extension EventBody {
    public var payload: JSONValue {
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        func i(_ v: Int) -> JSONValue { .int(Int64(v)) }
        func j<T: Encodable>(_ v: T) -> JSONValue { (try? JSONValue.from(v)) ?? .null }
        switch self {
        case let .opened(caseRef, kind, spec, place, rehearingOf, escalatedFrom, excluded):
            return .object(["case_ref": .string(caseRef), "kind": .string(kind.rawValue), "spec": j(spec),
                            "place": s(place), "rehearing_of": s(rehearingOf),
                            "escalated_from": s(escalatedFrom), "excluded_panel": .array(excluded.map(JSONValue.string))])
        case let .partyAdded(p):
            var o: [String: JSONValue] = ["label": .string(p.label), "name": .string(p.name), "role": .string(p.role.rawValue),
                                          "community": s(p.community), "household": s(p.household), "work_unit": s(p.workUnit)]
            // Written only when given, so records made before these keys existed read the same.
            if let r = p.representative { o["representative"] = .string(r) }
            if let ph = p.phone { o["phone"] = .string(ph) }
            return .object(o)
        case let .committed(label, c): return .object(["label": .string(label), "commitment": .string(c)])
        case let .revealed(label, secret): return .object(["label": .string(label), "secret": .string(secret)])
        case let .spoken(label, text): return .object(["label": .string(label), "text": .string(text)])
        case let .panelDrawn(r), let .alternatesExtended(r): return .object(["record": j(r)])
        case let .representativesNamed(ids): return .object(["representatives": .array(ids.map(JSONValue.string))])
        case let .challenged(seat, by, reason, rep):
            return .object(["seat": i(seat), "by": .string(by), "reason": .string(reason), "replaced_by": .string(rep)])
        case let .absent(seat, reason, rep): return .object(["seat": i(seat), "reason": .string(reason), "replaced_by": .string(rep)])
        case let .panelConfirmed(members): return .object(["members": .array(members.map(JSONValue.string))])
        case .sessionStarted, .resumed, .readBack, .closed: return .object([:])
        case let .statement(p, t), let .debate(p, t), let .answer(p, t): return .object(["party": .string(p), "text": .string(t)])
        case let .evidence(id, p, title, d, f):
            return .object(["id": .string(id), "party": .string(p), "title": .string(title), "description": s(d),
                            "file": f.map(j) ?? .null])
        case let .response(e, p, t): return .object(["evidence": .string(e), "party": .string(p), "text": .string(t)])
        case let .question(seat, t): return .object(["seat": i(seat), "text": .string(t)])
        case let .note(t): return .object(["text": .string(t)])
        case let .adjourned(r), let .withdrawn(r), let .terminated(r): return .object(["reason": .string(r)])
        case let .vote(seat, o, r): return .object(["seat": i(seat), "option": .string(o), "reason": s(r)])
        case let .votingClosed(missing): return .object(["missing": .array(missing.map { .int(Int64($0)) })])
        case let .tallied(t): return .object(["tally": j(t)])
        case let .verdict(o, t): return .object(["outcome": s(o), "text": .string(t)])
        case let .agreed(a): return .object(["agreement": j(a)])
        case let .escalated(to): return .object(["to": .string(to)])
        case let .specChanged(spec, reason): return .object(["spec": j(spec), "reason": .string(reason)])
        case let .signed(p): return .object(["party": .string(p)])
        case let .refusedToSign(p, c): return .object(["party": .string(p), "correction": .string(c)])
        case let .corrected(seq, t): return .object(["seq": i(seq), "text": .string(t)])
        }
    }

    /// Rebuilds an event from its stored type and payload.
    public init(type: String, payload: JSONValue) throws {
        guard case let .object(o) = payload else { throw HearingError.corruptEvent("payload of \(type) is not an object") }
        func s(_ k: String) throws -> String {
            guard case let .string(v)? = o[k] else { throw HearingError.corruptEvent("\(type).\(k) missing") }
            return v
        }
        func os(_ k: String) -> String? { if case let .string(v)? = o[k] { return v }; return nil }
        func i(_ k: String) throws -> Int {
            guard case let .int(v)? = o[k] else { throw HearingError.corruptEvent("\(type).\(k) missing") }
            return Int(v)
        }
        func strings(_ k: String) -> [String] {
            if case let .array(a)? = o[k] { return a.compactMap { if case let .string(v) = $0 { return v }; return nil } }
            return []
        }
        func decode<T: Decodable>(_ k: String, _ t: T.Type) throws -> T {
            guard let v = o[k] else { throw HearingError.corruptEvent("\(type).\(k) missing") }
            return try v.decode(T.self)
        }
        switch type {
        case "opened":
            guard let kind = ProcedureKind(rawValue: try s("kind")) else { throw HearingError.corruptEvent("opened.kind") }
            self = .opened(caseRef: try s("case_ref"), kind: kind, spec: try decode("spec", PanelSpec.self),
                           place: os("place"), rehearingOf: os("rehearing_of"), escalatedFrom: os("escalated_from"),
                           excludedPanel: strings("excluded_panel"))
        case "party-added":
            guard let role = Party.Role(rawValue: try s("role")) else { throw HearingError.corruptEvent("party-added.role") }
            self = .partyAdded(Party(label: try s("label"), name: try s("name"), role: role, community: os("community"),
                                     household: os("household"), workUnit: os("work_unit"),
                                     representative: os("representative"), phone: os("phone")))
        case "committed": self = .committed(label: try s("label"), commitment: try s("commitment"))
        case "revealed": self = .revealed(label: try s("label"), secret: try s("secret"))
        case "spoken": self = .spoken(label: try s("label"), text: try s("text"))
        case "panel-drawn": self = .panelDrawn(try decode("record", DrawRecord.self))
        case "alternates-extended": self = .alternatesExtended(try decode("record", DrawRecord.self))
        case "representatives-named": self = .representativesNamed(strings("representatives"))
        case "challenged": self = .challenged(seat: try i("seat"), by: try s("by"), reason: try s("reason"), replacedBy: try s("replaced_by"))
        case "absent": self = .absent(seat: try i("seat"), reason: try s("reason"), replacedBy: try s("replaced_by"))
        case "panel-confirmed": self = .panelConfirmed(members: strings("members"))
        case "session-started": self = .sessionStarted
        case "statement": self = .statement(party: try s("party"), text: try s("text"))
        case "evidence":
            let file: EvidenceFile? = (o["file"] == nil || o["file"] == .null) ? nil : try decode("file", EvidenceFile.self)
            self = .evidence(id: try s("id"), party: try s("party"), title: try s("title"), description: os("description"), file: file)
        case "response": self = .response(evidence: try s("evidence"), party: try s("party"), text: try s("text"))
        case "debate": self = .debate(party: try s("party"), text: try s("text"))
        case "question": self = .question(seat: try i("seat"), text: try s("text"))
        case "answer": self = .answer(party: try s("party"), text: try s("text"))
        case "note": self = .note(text: try s("text"))
        case "adjourned": self = .adjourned(reason: try s("reason"))
        case "resumed": self = .resumed
        case "vote": self = .vote(seat: try i("seat"), option: try s("option"), reason: os("reason"))
        case "voting-closed":
            if case let .array(a)? = o["missing"] { self = .votingClosed(missing: a.compactMap { if case let .int(v) = $0 { return Int(v) }; return nil }) }
            else { self = .votingClosed(missing: []) }
        case "tally": self = .tallied(try decode("tally", Tally.self))
        case "verdict": self = .verdict(outcome: os("outcome"), text: try s("text"))
        case "agreement": self = .agreed(try decode("agreement", Agreement.self))
        case "escalated": self = .escalated(to: try s("to"))
        case "spec-changed": self = .specChanged(spec: try decode("spec", PanelSpec.self), reason: try s("reason"))
        case "read-back": self = .readBack
        case "signed": self = .signed(party: try s("party"))
        case "refused-to-sign": self = .refusedToSign(party: try s("party"), correction: try s("correction"))
        case "corrected": self = .corrected(seq: try i("seq"), text: try s("text"))
        case "withdrawn": self = .withdrawn(reason: try s("reason"))
        case "terminated": self = .terminated(reason: try s("reason"))
        case "closed": self = .closed
        default: throw HearingError.corruptEvent("unknown event type '\(type)'")
        }
    }
}
