/// Which days the office works: Monday to Friday, except the public holidays the State
/// Council publishes each November, plus the weekend days worked in their place (调休).
///
/// Each year's arrangement is a small text file (``WorkCalendar/Year/parse(_:)``); 2026 is
/// built in, and an office adds the next year with `pingli calendar add FILE` without a new
/// release. A deadline that runs into a year nobody has added is still computed (weekends
/// only) but marked ``Deadline/assumed`` so the office sees it may move.
public struct WorkCalendar: Sendable, Equatable {
    /// One year's holidays and make-up working days.
    public struct Year: Sendable, Equatable, Codable {
        public var year: Int
        public var daysOff: Set<Day>
        public var makeUpDays: Set<Day>

        public init(year: Int, daysOff: Set<Day>, makeUpDays: Set<Day>) {
            self.year = year
            self.daysOff = daysOff
            self.makeUpDays = makeUpDays
        }
    }

    public private(set) var years: [Int: Year]

    public init(years: [Year] = []) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Adds (or replaces) one year's arrangement.
    public mutating func add(_ year: Year) { years[year.year] = year }

    /// The calendar with the built-in years (2026), parsed once.
    public static let builtIn: WorkCalendar = {
        // The built-in text is checked by the tests; it cannot fail to parse.
        WorkCalendar(years: [(try? Year.parse(year2026)) ?? Year(year: 2026, daysOff: [], makeUpDays: [])])
    }()

    /// Saturday or Sunday (1970-01-01 was a Thursday).
    public static func isWeekend(_ day: Day) -> Bool {
        let weekday = ((day.ordinal % 7) + 7 + 3) % 7 // 0 = Monday … 6 = Sunday
        return weekday >= 5
    }

    /// Whether the office works on `day`; `nil` when the year has no published arrangement.
    public func isWorkingDay(_ day: Day) -> Bool? {
        guard let y = years[day.year] else { return nil }
        if y.makeUpDays.contains(day) { return true }
        if y.daysOff.contains(day) { return false }
        return !Self.isWeekend(day)
    }

    /// The day `amount` later than `start` in `unit`: calendar days count every day; working
    /// days count the working days after `start` (the day itself does not count), so 3 working
    /// days from a Friday end on the Wednesday after, unless a holiday intervenes.
    public func deadline(from start: Day, _ amount: Int, _ unit: DeadlineUnit) -> Deadline {
        switch unit {
        case .days:
            return Deadline(day: start.adding(days: amount), assumed: false)
        case .workingDays:
            var day = start
            var left = amount
            var assumed = false
            while left > 0 {
                day = day.adding(days: 1)
                let works: Bool
                if let known = isWorkingDay(day) { works = known } else { works = !Self.isWeekend(day); assumed = true }
                if works { left -= 1 }
            }
            return Deadline(day: day, assumed: assumed)
        }
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
    public func workingDays(from: Day, to: Day) -> Int {
        if to < from { return -workingDays(from: to, to: from) }
        var n = 0
        var day = from
        while day < to {
            day = day.adding(days: 1)
            if isWorkingDay(day) ?? !Self.isWeekend(day) { n += 1 }
        }
        return n
    }
}

/// How a deadline is counted.
public enum DeadlineUnit: String, Sendable, Codable, CaseIterable {
    case days
    case workingDays = "working-days"

    public var label: String { self == .days ? "日" : "个工作日" }
}

/// A computed deadline; `assumed` when it crosses a year with no published holiday arrangement.
public struct Deadline: Sendable, Equatable {
    public var day: Day
    public var assumed: Bool
}
