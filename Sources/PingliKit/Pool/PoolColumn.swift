/// The columns of a pool CSV file, with the English and Chinese headers each accepts.
public enum PoolColumn: String, CaseIterable, Sendable {
    case id, name, gender
    case birthYear = "birth_year"
    case community, street, categories, intake
    case recommendedBy = "recommended_by"
    case phone, household
    case workUnit = "work_unit"
    case relations
    case termStart = "term_start"
    case termEnd = "term_end"
    case status
    case statusReason = "status_reason"
    case suspendedUntil = "suspended_until"

    /// The Chinese headers accepted for this column; the first is what export writes.
    public var chineseNames: [String] {
        switch self {
        case .id: return ["编号", "代表编号", "ID"]
        case .name: return ["姓名", "名字"]
        case .gender: return ["性别"]
        case .birthYear: return ["出生年份", "出生年", "出生年度"]
        case .community: return ["社区", "社区/村", "村", "所属社区"]
        case .street: return ["街道", "街道/乡镇", "乡镇", "所属街道"]
        case .categories: return ["类别", "代表类别", "类型"]
        case .intake: return ["来源", "产生方式", "推选方式"]
        case .recommendedBy: return ["推荐单位", "推荐组织"]
        case .phone: return ["电话", "联系电话", "手机", "手机号"]
        case .household: return ["户号", "户籍号"]
        case .workUnit: return ["工作单位", "单位"]
        case .relations: return ["申报关系", "关系", "亲属关系"]
        case .termStart: return ["任期开始", "任期起", "聘期开始"]
        case .termEnd: return ["任期结束", "任期止", "聘期结束"]
        case .status: return ["状态"]
        case .statusReason: return ["状态原因", "原因"]
        case .suspendedUntil: return ["暂停至", "暂停截止"]
        }
    }

    /// The column's place in `allCases`, without hashing its raw string.
    public var ordinal: Int {
        switch self {
        case .id: return 0
        case .name: return 1
        case .gender: return 2
        case .birthYear: return 3
        case .community: return 4
        case .street: return 5
        case .categories: return 6
        case .intake: return 7
        case .recommendedBy: return 8
        case .phone: return 9
        case .household: return 10
        case .workUnit: return 11
        case .relations: return 12
        case .termStart: return 13
        case .termEnd: return 14
        case .status: return 15
        case .statusReason: return 16
        case .suspendedUntil: return 17
        }
    }

    /// Columns an import file must have.
    public static let required: [PoolColumn] = [.name, .gender, .birthYear, .community, .street, .categories, .intake]

    /// `birth_year (出生年份)`, for messages.
    public var display: String { "\(rawValue) (\(chineseNames[0]))" }

    /// The column a header names, ignoring case, spaces and `-`/`_`.
    public static func matching(header: String) -> PoolColumn? {
        let h = header.trimmed
        let key = h.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        if let c = PoolColumn(rawValue: key) { return c }
        if key == "birthyear" { return .birthYear }
        if key == "workunit" { return .workUnit }
        return allCases.first { $0.chineseNames.contains(h) }
    }
}

/// Which column of a file holds which field, read from its header row.
public struct PoolHeader: Sendable {
    /// The field index of each column, by ``PoolColumn/ordinal``; -1 when absent.
    private var positions = [Int](repeating: -1, count: PoolColumn.allCases.count)
    /// Headers that name no pool column; their values are ignored.
    public private(set) var ignored: [String] = []

    /// Reads `fields`; throws a message naming duplicated or missing columns.
    public init(_ fields: [String]) throws(PoolRowError) {
        for (i, f) in fields.enumerated() {
            let header = i == 0 && f.hasPrefix("\u{FEFF}") ? String(f.dropFirst()) : f
            if let c = PoolColumn.matching(header: header) {
                let first = positions[c.ordinal]
                if first >= 0 {
                    throw PoolRowError([Message("pool.column-twice", c.display, first + 1, i + 1).description])
                }
                positions[c.ordinal] = i
            } else if !header.trimmed.isEmpty {
                ignored.append(header)
            }
        }
        let missing = PoolColumn.required.filter { positions[$0.ordinal] < 0 }
        if !missing.isEmpty {
            throw PoolRowError(missing.map { Message("pool.column-missing", $0.display).description })
        }
    }

    /// The value of `column` in `fields`, trimmed; nil when absent or empty.
    public func value(_ column: PoolColumn, in fields: [String]) -> String? {
        let i = positions[column.ordinal]
        guard i >= 0, i < fields.count else { return nil }
        let v = fields[i].trimmed
        return v.isEmpty ? nil : v
    }

    public func has(_ column: PoolColumn) -> Bool { positions[column.ordinal] >= 0 }
}

/// The problems found in one row (or header) of a pool file.
public struct PoolRowError: Error, Sendable {
    public var messages: [String]
    public init(_ messages: [String]) { self.messages = messages }
}
