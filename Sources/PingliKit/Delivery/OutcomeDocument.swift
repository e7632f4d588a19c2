import Foundation

/// The outcome of a closed record as the case system receives it: a CloudEvents 1.0 JSON
/// envelope (`docs/receiver.md`). Parties appear by label, role and name only; representatives
/// by seat and id (names only where the office enables it): never phones, households or ids.
public enum OutcomeDocument {
    public static let schema = "urn:pingli:schema:outcome:v1"
    public static let version = 1

    /// The CloudEvents type for a closed record.
    public static func type(for s: HearingState) -> String {
        if s.escalatedTo != nil { return "pingli.hearing.escalated" }
        if s.withdrawal != nil { return s.terminated ? "pingli.hearing.terminated" : "pingli.hearing.withdrawn" }
        if s.agreement != nil { return "pingli.mediation.agreed" }
        return "pingli.hearing.closed"
    }

    /// The stable event id (the webhook id, the receiver's idempotency key). In a county store
    /// every office numbers its own hearings, so the id names the office too.
    public static func eventID(for s: HearingState, office: String? = nil) -> String {
        "pingli-\(office.map { $0 + "-" } ?? "")\(s.id)-\(type(for: s).split(separator: ".").last!)"
    }

    /// The body for `s`, canonical JSON, with its per-case sequence number; `office` (a county
    /// store's) is named in the id and in `data.office`.
    public static func body(for s: HearingState, closedAt: String, caseSequence: Int, source: String,
                            names: [String: String]? = nil, office: String? = nil) -> String {
        func str(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        var data: [String: JSONValue] = [
            "version": .int(Int64(version)),
            "hearing_id": .string(s.id),
            "case_ref": .string(s.caseRef),
            "kind": .string(s.kind.rawValue),
            "parties": .array(s.parties.map { .object(["label": .string($0.label), "role": .string($0.role.rawValue), "name": .string($0.name)]) }),
            "panel": .array(s.seats.map { seat in
                var o: [String: JSONValue] = ["seat": .int(Int64(seat.number)), "representative_id": .string(seat.representative)]
                if let names, let n = names[seat.representative] { o["name"] = .string(n) }
                return .object(o)
            }),
            "panel_named_by_moderator": .bool(s.named),
            "rule": str(s.spec?.votingRule.rawValue),
            "record_hash": str(s.sealedHash),
            "closed_at": .string(closedAt),
            "signatures": .array(s.parties.map { p in
                switch s.signatures[p.label] {
                case .some(.none): return .object(["party": .string(p.label), "signed": .bool(true)])
                case let .some(.some(c)): return .object(["party": .string(p.label), "signed": .bool(false), "correction": .string(c)])
                case .none: return .object(["party": .string(p.label), "signed": .bool(false)])
                }
            }),
        ]
        if let d = s.draw {
            data["draw"] = .object(["seed": .string(d.seed.value), "seed_mode": .string(d.seed.mode.rawValue),
                                    "pool_hash": .string(d.poolHash), "algorithm": .string(d.algorithm.name),
                                    "algorithm_version": .int(Int64(d.algorithm.version)), "spec": .string(d.spec.name),
                                    "spec_sha256": .string(d.spec.sha256)])
        } else {
            data["draw"] = .null
        }
        if let t = s.tally {
            data["tally"] = .object(["counts": .object(t.counts.mapValues { .int(Int64($0)) }), "voted": .int(Int64(t.voted)),
                                     "panel_size": .int(Int64(t.panelSize)), "outcome": str(t.outcome), "basis": .string(t.basis),
                                     "round": .int(Int64(t.round))])
        } else {
            data["tally"] = .null
        }
        data["verdict"] = s.verdict.map { .object(["outcome": str(s.tally?.outcome), "text": .string($0)]) } ?? .null
        data["agreement"] = s.agreement.map { a in
            .object(["terms": .string(a.terms), "facts": str(a.facts), "performance": str(a.performance), "deadline": str(a.deadline)])
        } ?? .null
        data["escalated_to"] = str(s.escalatedTo)
        if let office { data["office"] = .string(office) }
        if let w = s.withdrawal { data[s.terminated ? "terminated" : "withdrawn"] = .object(["reason": .string(w)]) }
        let envelope: JSONValue = .object([
            "specversion": .string("1.0"),
            "id": .string(eventID(for: s, office: office)),
            "source": .string(source),
            "type": .string(type(for: s)),
            "time": .string(closedAt),
            "datacontenttype": .string("application/json"),
            "dataschema": .string(schema),
            "subject": .string(s.caseRef),
            "sequence": .string(String(caseSequence)),
            "data": .object(data),
        ])
        return envelope.canonical
    }
}
