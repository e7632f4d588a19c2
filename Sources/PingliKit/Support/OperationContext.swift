import Foundation

/// Who is acting and when: every audited change carries both.
///
/// The shell builds it from `--operator`, `$PINGLI_OPERATOR` or the login name, and from
/// the clock; tests pass fixed values, so no core function reads the clock itself.
public struct OperationContext: Sendable {
    public var operatorName: String
    public var now: Date { didSet { today = Day(now, in: timeZone) } }
    public var timeZone: TimeZone { didSet { today = Day(now, in: timeZone) } }
    /// The office the operator works for (`--office`, `$PINGLI_OFFICE`): hearings and cases
    /// opened belong to it. nil in a single office's database.
    public var office: String?

    public init(operatorName: String, now: Date, timeZone: TimeZone = .current, office: String? = nil) {
        self.operatorName = operatorName
        self.now = now
        self.timeZone = timeZone
        self.office = office
        self.today = Day(now, in: timeZone)
    }

    /// The office's calendar day at `now` (worked out once: the time zone's offset is costly
    /// to ask, and every command asks for the day).
    public private(set) var today: Day

    /// `now` as UTC ISO 8601 with milliseconds, the form stored in the database.
    public var timestamp: String { Timestamp.format(now) }
}

/// UTC timestamps as stored: `2026-11-21T08:30:00.123Z`.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - seconds * 1000)
        let day = Day(ordinal: Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400))
        let rem = Int(seconds - Int64(day.ordinal) * 86400)
        // Written digit by digit: every event carries one, and joining eight strings was a
        // measurable part of recording it.
        let zero = UInt8(ascii: "0")
        return String(unsafeUninitializedCapacity: 24) { buf in
            var at = 0
            func put(_ v: Int, _ width: Int, then separator: Unicode.Scalar) {
                var v = v
                for i in stride(from: width - 1, through: 0, by: -1) { buf[at + i] = zero + UInt8(v % 10); v /= 10 }
                buf[at + width] = UInt8(separator.value)
                at += width + 1
            }
            put(day.year, 4, then: "-"); put(day.month, 2, then: "-"); put(day.day, 2, then: "T")
            put(rem / 3600, 2, then: ":"); put(rem / 60 % 60, 2, then: ":"); put(rem % 60, 2, then: ".")
            put(millis, 3, then: "Z")
            return at
        }
    }

    /// A stored time as the office reads it, to the minute in `timeZone`: `2026-11-21 09:30`
    /// (the text itself when it is not a stored time).
    public static func localMinute(_ text: String, in timeZone: TimeZone = .current) -> String {
        guard let date = parse(text) else { return text }
        return format(date.addingTimeInterval(Double(timeZone.secondsFromGMT(for: date)))).prefix(16).replacingOccurrences(of: "T", with: " ")
    }

    public static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}
