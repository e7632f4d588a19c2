import Crypto
import Foundation

extension PanelSpec {
    /// This spec with `relaxations` applied: a quota on one value gets its new bound; a limit on
    /// every value of an attribute (`community=* ≤ 2`) is raised for all of them, the smallest
    /// change a spec can express. The name and title say so, and the hash is that of the relaxed
    /// spec's canonical JSON, so the draw record names exactly the rules it was drawn under.
    public func relaxed(by relaxations: [QuotaRelaxation]) throws -> PanelSpec {
        var spec = self
        for r in relaxations {
            guard let attribute = r.attribute, let value = r.value else {
                throw DrawError.recordInvalid("the relaxation of \(r.quota) does not name its quota")
            }
            if let i = spec.quotas.firstIndex(where: { $0.attribute == attribute && $0.value == value }) {
                if let m = r.newMin { spec.quotas[i].min = m }
                if let m = r.newMax { spec.quotas[i].max = m }
            } else if let i = spec.quotas.firstIndex(where: { $0.attribute == attribute && $0.value == nil }), let m = r.newMax {
                spec.quotas[i].max = max(spec.quotas[i].max, m)
            } else {
                throw DrawError.recordInvalid("no quota of \(name) matches \(r.quota)")
            }
        }
        spec.name = name.hasSuffix("+relaxed") ? name : name + "+relaxed"
        spec.title = title.hasSuffix("（放宽配额）") ? title : title + "（放宽配额）"
        spec.sha256 = ""
        spec.sha256 = SHA256.hash(data: Data(((try? JSONValue.from(spec)) ?? .null).canonical.utf8)).map { String(format: "%02x", $0) }.joined()
        return spec
    }
}
