/// The text form of one year's holiday arrangement, one fact a line:
///
/// ```
/// year = 2026
/// off  = 2026-02-15..2026-02-23   # 春节
/// work = 2026-02-14               # 调休：周六上班
/// ```
///
/// `#` starts a comment. Every date must lie in the named year; an `off` day on a make-up
/// `work` day is refused, since one of the two lines is a typo.
extension WorkCalendar.Year {
    public struct ParseError: Error, CustomStringConvertible, Equatable, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func parse(_ text: String) throws -> WorkCalendar.Year {
        var year: Int?
        var off: [(Day, Int)] = []
        var work: [(Day, Int)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = index + 1
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmed
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard parts.count == 2 else {
                throw ParseError(line: n, message: "'\(line)' is not KEY = VALUE (keys: year, off, work)")
            }
            switch parts[0] {
            case "year":
                guard let y = Int(parts[1]), (2000...2100).contains(y) else {
                    throw ParseError(line: n, message: "year '\(parts[1])' is not a year such as 2027")
                }
                guard year == nil else { throw ParseError(line: n, message: "a file holds one year; year is given twice") }
                year = y
            case "off":
                off += try days(parts[1], line: n).map { ($0, n) }
            case "work":
                work += try days(parts[1], line: n).map { ($0, n) }
            default:
                throw ParseError(line: n, message: "unknown key '\(parts[0])' (keys: year, off, work)")
            }
        }
        guard let year else { throw ParseError(line: 1, message: "the file does not say which year it is for: add `year = YYYY`") }
        for (d, n) in off + work where d.year != year {
            throw ParseError(line: n, message: "\(d) is not in \(year)")
        }
        let offSet = Set(off.map(\.0))
        for (d, n) in work where offSet.contains(d) {
            throw ParseError(line: n, message: "\(d) is both a day off and a make-up working day")
        }
        for (d, n) in work where !WorkCalendar.isWeekend(d) {
            throw ParseError(line: n, message: "\(d) is a weekday; a make-up working day (调休) is a Saturday or Sunday")
        }
        return WorkCalendar.Year(year: year, daysOff: offSet, makeUpDays: Set(work.map(\.0)))
    }

    /// `D`, `D..D`, or several separated by commas.
    private static func days(_ text: String, line: Int) throws -> [Day] {
        var result: [Day] = []
        for item in text.split(separator: ",").map({ String($0).trimmed }) where !item.isEmpty {
            let ends = item.components(separatedBy: "..").map(\.trimmed)
            guard let first = Day(ends[0]) else { throw ParseError(line: line, message: "'\(ends[0])' is not a date (YYYY-MM-DD)") }
            if ends.count == 1 { result.append(first); continue }
            guard ends.count == 2, let last = Day(ends[1]) else {
                throw ParseError(line: line, message: "'\(item)' is not a range such as 2026-10-01..2026-10-07")
            }
            guard first <= last, first.days(until: last) < 60 else {
                throw ParseError(line: line, message: "'\(item)' runs backwards or is longer than 60 days")
            }
            var d = first
            while d <= last { result.append(d); d = d.adding(days: 1) }
        }
        guard !result.isEmpty else { throw ParseError(line: line, message: "no dates given") }
        return result
    }

    /// The text form of this year (what `pingli calendar show` prints and `add` reads).
    public var text: String {
        var lines = ["year = \(year)"]
        lines += daysOff.sorted().map { "off = \($0)" }
        lines += makeUpDays.sorted().map { "work = \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension WorkCalendar {
    /// 2026, as published by the General Office of the State Council on 2025-11-04.
    static let year2026 = """
        year = 2026
        off  = 2026-01-01..2026-01-03   # 元旦
        work = 2026-01-04               # 周日上班
        off  = 2026-02-15..2026-02-23   # 春节
        work = 2026-02-14, 2026-02-28   # 周六上班
        off  = 2026-04-04..2026-04-06   # 清明节
        off  = 2026-05-01..2026-05-05   # 劳动节
        work = 2026-05-09               # 周六上班
        off  = 2026-06-19..2026-06-21   # 端午节
        off  = 2026-09-25..2026-09-27   # 中秋节
        off  = 2026-10-01..2026-10-07   # 国庆节
        work = 2026-09-20, 2026-10-10   # 周日、周六上班
        """
}
