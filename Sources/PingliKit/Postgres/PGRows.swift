import CPQ

/// The rows of one statement, copied out of libpq's result (text format) before it is freed.
public struct PGRows: Sendable, RandomAccessCollection {
    public let columns: [String: Int]
    public let values: [[String?]]
    /// Rows an INSERT, UPDATE or DELETE changed.
    public let changes: Int

    init(_ result: OpaquePointer) {
        let n = Int(PQntuples(result)), m = Int(PQnfields(result))
        var columns: [String: Int] = [:]
        for j in 0..<m { columns[String(cString: PQfname(result, Int32(j)))] = j }
        var values: [[String?]] = []
        values.reserveCapacity(n)
        for i in 0..<n {
            var row: [String?] = []
            row.reserveCapacity(m)
            for j in 0..<m {
                row.append(PQgetisnull(result, Int32(i), Int32(j)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(i), Int32(j))))
            }
            values.append(row)
        }
        self.columns = columns
        self.values = values
        // The count ends the command tag ("INSERT 0 1" gives "1"; "" when there is none).
        var changes = 0
        if var digit = PQcmdTuples(result) {
            while digit.pointee >= 0x30 && digit.pointee <= 0x39 {
                changes = changes * 10 + Int(digit.pointee - 0x30)
                digit += 1
            }
        }
        self.changes = changes
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    public subscript(i: Int) -> PGRow { PGRow(columns: columns, values: values[i]) }
}

/// One row: values by column name, as text, with typed readers.
public struct PGRow: Sendable {
    let columns: [String: Int]
    let values: [String?]

    /// The column's text, nil when NULL or absent.
    public subscript(_ name: String) -> String? { columns[name].flatMap { values[$0] } }
    public func string(_ name: String) -> String { self[name] ?? "" }
    public func int(_ name: String) -> Int { self[name].flatMap { Int($0) } ?? 0 }
    public func optionalInt(_ name: String) -> Int? { self[name].flatMap { Int($0) } }
    public func int64(_ name: String) -> Int64 { self[name].flatMap { Int64($0) } ?? 0 }
    public func double(_ name: String) -> Double { self[name].flatMap { Double($0) } ?? 0 }
    /// The first column of the row.
    public var first: String? { values.first ?? nil }
}
