/// Where the office keeps its case categories and calendar years: in its settings, so a new
/// year's holidays or a new category need no new release.
public enum CaseSettings {
    public static let rulesKey = "case.rules"
    public static let calendarPrefix = "calendar."
    /// The whsec_… secret(s) referrals are signed with (several during rotation). Never printed.
    public static let intakeSecretsKey = "intake.secrets"

    public static func intakeSecrets(_ settings: any SettingsAccess) throws -> [WebhookSecret] {
        try (try settings.value(intakeSecretsKey) ?? "").split(separator: " ").map { try WebhookSecret(String($0)) }
    }

    /// The office's rules (the standard six categories until it sets its own).
    public static func rules(_ settings: any SettingsAccess) throws -> CaseRules {
        try rules(text: try settings.value(rulesKey))
    }

    static func rules(text: String?) throws -> CaseRules {
        guard let text else { return .standard }
        return try CaseRules.parse(text)
    }

    /// The built-in years with every year the office added (an added year replaces a built-in one).
    public static func calendar(_ settings: any SettingsAccess) throws -> WorkCalendar {
        try calendar(years: try settings.values(prefix: calendarPrefix))
    }

    /// The built-in years with `years` (the stored `calendar.YYYY` settings) added.
    static func calendar(years: [String: String]) throws -> WorkCalendar {
        var calendar = WorkCalendar.builtIn
        for (_, text) in years.sorted(by: { $0.key < $1.key }) {
            calendar.add(try WorkCalendar.Year.parse(text))
        }
        return calendar
    }

    public static func facts(_ settings: any SettingsAccess, today: Day) throws -> CaseFacts {
        let found = try settings.values(keys: [rulesKey], prefix: calendarPrefix)
        return CaseFacts(today: today, calendar: try calendar(years: found.filter { $0.key.hasPrefix(calendarPrefix) }),
                         rules: try rules(text: found[rulesKey]))
    }

    /// Stores a year's arrangement after parsing it (a bad file changes nothing).
    public static func addYear(_ text: String, to settings: any SettingsAccess) throws -> WorkCalendar.Year {
        let year = try WorkCalendar.Year.parse(text)
        try settings.set(calendarPrefix + String(year.year), year.text)
        return year
    }

    public static func setRules(_ text: String, in settings: any SettingsAccess) throws -> CaseRules {
        let rules = try CaseRules.parse(text)
        try settings.set(rulesKey, rules.text)
        return rules
    }
}
