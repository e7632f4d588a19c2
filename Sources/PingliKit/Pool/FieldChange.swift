/// One field that changed, with its old and new value as text (for the audit history).
public struct FieldChange: Hashable, Sendable, Codable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}

extension Representative {
    /// Each field as it appears in a CSV file (keys, not labels), by column.
    public var fieldTexts: [PoolColumn: String?] {
        [
            .id: id, .name: name, .gender: gender.rawValue, .birthYear: String(birthYear),
            .community: community, .street: street, .categories: categories.joined(separator: ";"),
            .intake: intake.rawValue, .recommendedBy: recommendedBy, .phone: phone,
            .household: household, .workUnit: workUnit,
            .relations: relations.isEmpty ? nil : DeclaredRelation.format(relations),
            .termStart: termStart?.description, .termEnd: termEnd?.description,
            .status: status.rawValue, .statusReason: statusReason,
            .suspendedUntil: suspendedUntil?.description,
        ]
    }

    /// The fields that differ from `old`, in column order.
    public func changes(from old: Representative) -> [FieldChange] {
        let a = old.fieldTexts, b = fieldTexts
        return PoolColumn.allCases.compactMap { c in
            let before = a[c] ?? nil, after = b[c] ?? nil
            return before == after ? nil : FieldChange(field: c.rawValue, old: before, new: after)
        }
    }
}

extension FieldChange {
    /// Changes as the JSON text a history entry stores, in both stores: the keys `Codable`
    /// gives them (a side that is nil left out), in canonical order, written as bytes rather
    /// than by `JSONEncoder`, which cost more than all the rest of importing a row into the
    /// county store.
    static func json(_ changes: [FieldChange]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(64 * changes.count + 2)
        for (i, change) in changes.enumerated() {
            // Keys in canonical order: field, new, old.
            out.append(contentsOf: (i == 0 ? #"{"field":"# : #",{"field":"#).utf8)
            JSONValue.writeString(change.field, into: &out)
            if let new = change.new {
                out.append(contentsOf: #","new":"#.utf8)
                JSONValue.writeString(new, into: &out)
            }
            if let old = change.old {
                out.append(contentsOf: #","old":"#.utf8)
                JSONValue.writeString(old, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }
}
