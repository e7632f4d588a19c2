/// A case's status as the case system (台账) receives it: a CloudEvents 1.0 envelope like
/// ``OutcomeDocument``, one per transition, in the case's sequence (`docs/receiver.md`).
/// Parties appear by name and role only; phones never leave the office.
public enum CaseStatusDocument {
    public static let schema = "urn:pingli:schema:case-status:v1"

    /// The stable event id: the case and the event's place in the case's log.
    public static func eventID(ref: String, seq: Int) -> String { "pingli-case-\(ref)-\(seq)" }

    public static func body(type: String, state s: CaseState, event: CaseEvent, caseSequence: Int, source: String) -> String {
        func str(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        var data: [String: JSONValue] = [
            "version": .int(1),
            "case_ref": .string(s.ref),
            "status": .string(s.status.rawValue),
            "event": .string(event.body.type),
            "round": .int(Int64(s.round)),
            "due": str(s.due?.description),
            "moderator": str(s.moderator),
            "at": .string(event.at),
        ]
        switch event.body {
        case let .refused(reason): data["reason"] = .string(reason)
        case let .extended(amount, unit, reason, due):
            data["extension"] = .object(["amount": .int(Int64(amount)), "unit": .string(unit.rawValue), "reason": .string(reason), "due": .string(due.description)])
        case let .scheduled(sc):
            data["hearing"] = .object(["hearing_id": .string(sc.hearingID), "kind": .string(sc.kind.rawValue), "date": .string(sc.date.description),
                                       "time": str(sc.time), "place": .string(sc.place)])
        case let .outcome(kind, reason, hearing):
            data["outcome"] = .object(["kind": .string(kind.rawValue), "reason": .string(reason), "hearing_id": str(hearing)])
        case let .followedUp(f):
            data["follow_up"] = .object(["performance": str(f.performance?.rawValue), "satisfaction": .string(f.satisfaction.rawValue),
                                         "notes": str(f.notes), "on": .string(f.on.description)])
        case let .closed(note): data["note"] = str(note)
        case let .reopened(reason, _): data["reason"] = .string(reason)
        case .received, .accepted: break
        }
        let envelope: JSONValue = .object([
            "specversion": .string("1.0"),
            "id": .string(eventID(ref: s.ref, seq: event.seq)),
            "source": .string(source),
            "type": .string(type),
            "time": .string(event.at),
            "datacontenttype": .string("application/json"),
            "dataschema": .string(schema),
            "subject": .string(s.ref),
            "sequence": .string(String(caseSequence)),
            "data": .object(data),
        ])
        return envelope.canonical
    }
}
