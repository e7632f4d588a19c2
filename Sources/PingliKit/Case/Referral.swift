import Foundation

/// A case referred in by the case system (台账): the `data` of a CloudEvents 1.0 envelope
/// posted to `pingli serve` (`docs/intake.md`).
public struct Referral: Sendable, Equatable {
    public var eventID: String
    /// The case it refers (its `due` always set: a referral carries the 台账's 办结时限).
    public var newCase: NewCase

    /// Why a body is not a referral: the field, and what is wrong with it (answered as 400).
    public struct Problem: Error, Equatable, CustomStringConvertible, Sendable {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    /// Parses and checks a request body; every problem names its field.
    public static func parse(_ body: Data) throws(Problem) -> Referral {
        guard let any = try? JSONSerialization.jsonObject(with: body), let json = any as? [String: Any] else {
            throw Problem(field: "(body)", message: "not a JSON object")
        }
        func text(_ o: [String: Any], _ key: String, _ path: String, required: Bool = true, max: Int = 500) throws(Problem) -> String? {
            guard let v = o[key], !(v is NSNull) else {
                if required { throw Problem(field: path, message: "missing") }
                return nil
            }
            guard let s = v as? String else { throw Problem(field: path, message: "must be a string") }
            let t = s.trimmed
            if required && t.isEmpty { throw Problem(field: path, message: "empty") }
            guard t.count <= max else { throw Problem(field: path, message: "longer than \(max) characters") }
            return t.isEmpty ? nil : t
        }
        guard try text(json, "specversion", "specversion") == "1.0" else { throw Problem(field: "specversion", message: "must be \"1.0\"") }
        let id = try text(json, "id", "id", max: 200)!
        guard let data = json["data"] as? [String: Any] else { throw Problem(field: "data", message: "missing or not an object") }
        let ref = try text(data, "case_ref", "data.case_ref", max: 64)!
        guard !ref.contains(where: { $0.isWhitespace }) else { throw Problem(field: "data.case_ref", message: "must not contain spaces") }
        let title = try text(data, "title", "data.title")!
        let category = try text(data, "category", "data.category", max: 50)!
        var source = CaseSource.referral
        if let s = try text(data, "source", "data.source", required: false) {
            guard let v = CaseSource(rawValue: s) else { throw Problem(field: "data.source", message: "must be referral, walk-in or phone") }
            source = v
        }
        guard let dueText = try text(data, "due", "data.due"), let due = Day(dueText), dueText.count == 10 else {
            throw Problem(field: "data.due", message: "must be a date YYYY-MM-DD")
        }
        guard let rawParties = data["parties"] as? [Any], !rawParties.isEmpty else {
            throw Problem(field: "data.parties", message: "missing, empty or not an array")
        }
        guard rawParties.count <= 50 else { throw Problem(field: "data.parties", message: "more than 50 parties") }
        var parties: [CaseParty] = []
        for (i, raw) in rawParties.enumerated() {
            let path = "data.parties[\(i)]"
            guard let p = raw as? [String: Any] else { throw Problem(field: path, message: "not an object") }
            let name = try text(p, "name", path + ".name", max: 100)!
            let roleText = try text(p, "role", path + ".role")!
            guard let role = Party.Role(rawValue: roleText) else {
                throw Problem(field: path + ".role", message: "'\(roleText)' is not applicant, respondent or other")
            }
            parties.append(CaseParty(name: name, role: role, community: try text(p, "community", path + ".community", required: false, max: 100),
                                     phone: try text(p, "phone", path + ".phone", required: false, max: 40)))
        }
        var unit = try text(data, "referring_unit", "data.referring_unit", required: false)
        if unit == nil { unit = try text(json, "source", "source", required: false) }
        return Referral(eventID: id, newCase: NewCase(ref: ref, title: title, category: category, source: source, referringUnit: unit,
                                                      parties: parties, summary: try text(data, "summary", "data.summary", required: false, max: 5000),
                                                      due: due))
    }
}
