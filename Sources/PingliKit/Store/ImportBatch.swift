/// One column value of a packed row: text at `value` (the byte offset) of `count` bytes, an
/// integer in `value`, or NULL.
struct PackedValue: Sendable {
    var value: Int64
    /// The text's length in bytes; `null` or `integer` for the other kinds.
    var count: Int32

    static let null: Int32 = -1
    static let integer: Int32 = -2
}

/// Rows checked on the reading thread and packed for binding: the column values of a whole
/// batch sit in one byte buffer, so the writer binds pointers into it and allocates nothing
/// per row. The representatives travel along for the rare row that updates a known person.
struct ImportBatch: Sendable {
    static let capacity = 512
    /// Values per row, in the order of ``Representative/columnList``.
    static let columns = 18

    enum Item: Sendable {
        /// A checked row: its line and its index among the batch's rows.
        case row(line: Int, index: Int)
        case problem(line: Int, [String])
        case failed(CSVError)
    }

    var items: [Item] = []
    var representatives: [Representative] = []
    var bytes: [UInt8] = []
    var values: [PackedValue] = []

    init() {
        items.reserveCapacity(Self.capacity)
        representatives.reserveCapacity(Self.capacity)
        bytes.reserveCapacity(Self.capacity * 192)
        values.reserveCapacity(Self.capacity * Self.columns)
    }

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    mutating func append(line: Int, _ rep: Representative) {
        items.append(.row(line: line, index: representatives.count))
        representatives.append(rep)
        text(rep.id); text(rep.name); text(rep.gender.rawValue); values.append(PackedValue(value: Int64(rep.birthYear), count: PackedValue.integer))
        text(rep.community); text(rep.street); text(rep.categories.joined(separator: ";")); text(rep.intake.rawValue)
        text(rep.recommendedBy); text(rep.phone); text(rep.household); text(rep.workUnit); text(DeclaredRelation.format(rep.relations))
        text(rep.termStart?.description); text(rep.termEnd?.description); text(rep.status.rawValue)
        text(rep.statusReason); text(rep.suspendedUntil?.description)
    }

    mutating func append(_ item: Item) { items.append(item) }

    private mutating func text(_ s: String?) {
        guard let s else { values.append(PackedValue(value: 0, count: PackedValue.null)); return }
        let offset = bytes.count
        bytes.append(contentsOf: s.utf8)
        values.append(PackedValue(value: Int64(offset), count: Int32(bytes.count - offset)))
    }
}
