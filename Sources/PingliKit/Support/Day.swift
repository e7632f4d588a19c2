import Foundation

/// A calendar date without a time of day (任期、培训日期、暂停截止日).
///
/// Pool rules speak in whole days in the office's local calendar, so they use `Day`
/// rather than `Date`: no time zone can move a term end by one day.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or returns nil when the parts do not name a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, and also `YYYY/M/D` and `YYYY.M.D` as spreadsheets write them.
    public init?(_ text: String) {
        var parts = (0, 0, 0)
        var digits = (0, 0, 0)
        var index = 0
        var sawSeparator: UInt8 = 0
        for b in text.trimmed.utf8 {
            if b >= 0x30 && b <= 0x39 {
                let d = Int(b - 0x30)
                // No part of a date has more than four digits; stopping here also keeps a
                // long run of digits from overflowing.
                if digits.0 > 4 || digits.1 > 2 || digits.2 > 2 { return nil }
                switch index {
                case 0: parts.0 = parts.0 * 10 + d; digits.0 += 1
                case 1: parts.1 = parts.1 * 10 + d; digits.1 += 1
                default: parts.2 = parts.2 * 10 + d; digits.2 += 1
                }
            } else if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") {
                // One kind of separator per date: 2026-1/5 is a typo, not a date.
                if index == 2 || (sawSeparator != 0 && b != sawSeparator) { return nil }
                sawSeparator = b
                index += 1
            } else {
                return nil
            }
        }
        guard index == 2, digits.0 == 4, (1...2).contains(digits.1), (1...2).contains(digits.2) else { return nil }
        self.init(year: parts.0, month: parts.1, day: parts.2)
    }

    /// `YYYY-MM-DD`, built in one allocation (dates are written a million times on import).
    public var description: String {
        let zero = UInt8(ascii: "0")
        return String(unsafeUninitializedCapacity: 10) { buf in
            buf[0] = zero + UInt8(year / 1000 % 10); buf[1] = zero + UInt8(year / 100 % 10)
            buf[2] = zero + UInt8(year / 10 % 10); buf[3] = zero + UInt8(year % 10)
            buf[4] = UInt8(ascii: "-")
            buf[5] = zero + UInt8(month / 10); buf[6] = zero + UInt8(month % 10)
            buf[7] = UInt8(ascii: "-")
            buf[8] = zero + UInt8(day / 10); buf[9] = zero + UInt8(day % 10)
            return 10
        }
    }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic without Calendar.
    public var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day `ordinal` days after 1970-01-01.
    public init(ordinal z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.year = y
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    /// The local calendar day of `date` in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone = .current) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        self.init(ordinal: Int((Double(seconds) / 86400).rounded(.down)))
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a date (YYYY-MM-DD): \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
