/// Many cases from one CSV sheet (a walk-in register, a batch from the 台账 as a file): one
/// case a row, every row checked before anything is stored, errors by line.
///
/// Columns (English or Chinese headers, any order): `case_ref` 案件编号, `title` 事由,
/// `category` 类别, `parties` 当事人 (`NAME,ROLE[,COMMUNITY[,PHONE]]`, several separated by
/// `;`), and optionally `source` 来源, `referring_unit` 转办单位, `summary` 摘要, `due` 办结时限.
public enum CaseSheet {
    /// One row, read and checked for form (the rules are the decider's, at import).
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var newCase: NewCase
    }

    public struct RowError: Error, CustomStringConvertible, Equatable, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    static let headers: [String: String] = [
        "case_ref": "case_ref", "案件编号": "case_ref", "title": "title", "事由": "title", "category": "category", "类别": "category",
        "parties": "parties", "当事人": "parties", "source": "source", "来源": "source", "referring_unit": "referring_unit",
        "转办单位": "referring_unit", "summary": "summary", "摘要": "summary", "due": "due", "办结时限": "due",
    ]
    static let required = ["case_ref", "title", "category", "parties"]

    /// Reads the records of a sheet (the first is the header).
    public static func rows(_ records: [CSVRecord]) throws(RowError) -> [Row] {
        guard let header = records.first else { throw RowError(line: 1, message: Message("case.sheet-empty").description) }
        var column: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            let name = raw.trimmed.replacingOccurrences(of: "\u{FEFF}", with: "")
            guard let key = headers[name] else {
                throw RowError(line: header.line, message: Message("case.sheet-unknown-column", name).description)
            }
            guard column[key] == nil else { throw RowError(line: header.line, message: Message("case.sheet-column-twice", key).description) }
            column[key] = i
        }
        for key in required where column[key] == nil { throw RowError(line: header.line, message: Message("case.sheet-column-missing", key).description) }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if let problem = record.problem { throw RowError(line: record.line, message: problem) }
            if record.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            func field(_ key: String) -> String? {
                guard let i = column[key], i < record.fields.count else { return nil }
                let v = record.fields[i].trimmed
                return v.isEmpty ? nil : v
            }
            guard let ref = field("case_ref") else { throw RowError(line: record.line, message: Message("case.sheet-ref-empty").description) }
            if let earlier = seen[ref] { throw RowError(line: record.line, message: Message("case.sheet-ref-twice", ref, earlier).description) }
            seen[ref] = record.line
            var parties: [CaseParty] = []
            for item in (field("parties") ?? "").replacingOccurrences(of: "；", with: ";").split(separator: ";") {
                do { parties.append(try CaseParty.parse(String(item))) } catch { throw RowError(line: record.line, message: "\(error)") }
            }
            var source = CaseSource.walkIn
            if let s = field("source") {
                do { source = try CaseSource.parse(s) } catch { throw RowError(line: record.line, message: "\(error)") }
            }
            var due: Day?
            if let d = field("due") {
                guard let day = Day(d) else { throw RowError(line: record.line, message: Message("case.sheet-bad-due", d).description) }
                due = day
            }
            rows.append(Row(line: record.line, newCase: NewCase(ref: ref, title: field("title") ?? "", category: field("category") ?? "", source: source,
                                                                referringUnit: field("referring_unit"), parties: parties, summary: field("summary"), due: due)))
        }
        guard !rows.isEmpty else { throw RowError(line: header.line, message: Message("case.sheet-no-rows").description) }
        return rows
    }
}
