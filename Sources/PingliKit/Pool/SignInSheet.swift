/// A sign-in sheet (签到表) or a list of ids: who attended a training session, or whose term
/// is renewed, resolved against the pool. A row names a representative by id, or by name
/// together with phone (a name alone may be two people). Pure: rows in, ids or every problem out.
public struct SignInSheet: Sendable {
    /// One row as read: its line in the file and its fields by column name.
    public struct Row: Sendable {
        public var line: Int
        public var id: String?
        public var name: String?
        public var phone: String?

        public init(line: Int, id: String? = nil, name: String? = nil, phone: String? = nil) {
            self.line = line; self.id = id; self.name = name; self.phone = phone
        }
    }

    /// A row that cannot be resolved, and why.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { Message("pool.line-problem", line, message).description }
        init(line: Int, message: Message) { self.init(line: line, message: message.description) }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Column names accepted for each field (English or Chinese headers).
    public static let idColumns: Set<String> = ["id", "编号", "代表编号"]
    public static let nameColumns: Set<String> = ["name", "姓名"]
    public static let phoneColumns: Set<String> = ["phone", "电话", "手机", "联系电话"]

    public var rows: [Row]

    public init(rows: [Row]) { self.rows = rows }

    /// Reads a plain list: one id a line; blank lines and lines starting with `#` are skipped.
    public init(idsText: String) {
        var rows: [Row] = []
        for (i, raw) in idsText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = raw.trimmed
            if text.isEmpty || text.hasPrefix("#") { continue }
            rows.append(Row(line: i + 1, id: text))
        }
        self.rows = rows
    }

    /// Reads a table with a header: an id column, or name and phone columns.
    public init(header: [String], records: [(line: Int, fields: [String])]) throws(PoolError) {
        let names = header.map { $0.trimmed.lowercased() }
        let id = names.firstIndex { Self.idColumns.contains($0) }
        let name = names.firstIndex { Self.nameColumns.contains($0) }
        let phone = names.firstIndex { Self.phoneColumns.contains($0) }
        guard id != nil || (name != nil && phone != nil) else {
            throw PoolError.missingField(field: "id (编号), or name (姓名) and phone (电话)")
        }
        func field(_ i: Int?, _ fields: [String]) -> String? {
            guard let i, i < fields.count else { return nil }
            let v = fields[i].trimmed
            return v.isEmpty ? nil : v
        }
        rows = records.compactMap { r in
            let row = Row(line: r.line, id: field(id, r.fields), name: field(name, r.fields), phone: field(phone, r.fields))
            return row.id == nil && row.name == nil && row.phone == nil ? nil : row
        }
    }

    /// The representatives the rows name, in row order, or every problem found.
    public func resolve(in pool: [Representative]) -> Result<[String], ResolveFailure> {
        let byID = Dictionary(pool.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var ids: [String] = [], problems: [Problem] = []
        var firstLine: [String: Int] = [:]
        for row in rows {
            var found: String?
            if let id = row.id {
                if let rep = byID[id] {
                    if let name = row.name, name != rep.name {
                        problems.append(Problem(line: row.line, message: Message("pool.not", id, rep.name, name)))
                    } else {
                        found = id
                    }
                } else {
                    problems.append(Problem(line: row.line, message: Message("pool.no-representative-pool", id)))
                }
            } else if let name = row.name, let phone = row.phone {
                let matches = pool.filter { $0.name == name && $0.phone == phone }
                if matches.count == 1 { found = matches[0].id } else {
                    problems.append(Problem(line: row.line, message: Message("pool.no-representative-phone-pool", name, Redact.phone(phone))))
                }
            } else {
                problems.append(Problem(line: row.line, message: Message("pool.give-id-name-phone")))
            }
            if let f = found {
                if let earlier = firstLine[f] {
                    problems.append(Problem(line: row.line, message: Message("pool.already-line", f, earlier)))
                } else {
                    firstLine[f] = row.line
                    ids.append(f)
                }
            }
        }
        if !problems.isEmpty { return .failure(ResolveFailure(problems: problems)) }
        if ids.isEmpty { return .failure(ResolveFailure(problems: [Problem(line: 0, message: Message("pool.sheet-names-nobody"))])) }
        return .success(ids)
    }

    /// Every row that could not be resolved.
    public struct ResolveFailure: Error, Sendable {
        public var problems: [Problem]
    }
}
