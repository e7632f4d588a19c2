/// The console's Chinese words beside the English ones: options and the values of enumerated
/// arguments. Command names are in the command table itself (``ConsoleCommand/names``). Every
/// Chinese word is turned into the one canonical form the record stores.
public enum ConsoleWords {
    /// Chinese option names and the option each stands for.
    public static let options: [String: String] = [
        "角色": "role", "社区": "community", "户号": "household", "工作单位": "work-unit", "理由": "reason",
        "提出方": "by", "说明": "desc", "文件": "file", "地点": "place", "更正": "correction", "规则": "spec",
        "类型": "kind", "复议": "rehearing-of", "格式": "format", "条款": "terms", "履行": "performance",
        "期限": "deadline", "事实": "facts", "代表": "representative", "电话": "phone",
        "案件": "case", "日期": "date", "时间": "time", "终止": "terminate",
        "责任": "responsibility", "履行地点": "place", "履行方式": "performance", "履行期限": "deadline",
    ]

    /// The `case` command's verbs in Chinese (`案件 受理 TZ-1 --承办人 刘调解`).
    public static let caseVerbs: [String: String] = [
        "登记": "add", "签收": "add", "导入": "import", "列表": "list", "查看": "show", "受理": "accept", "不予受理": "refuse", "延期": "extend",
        "排期": "schedule", "撤回": "withdraw", "终止": "terminate", "回访": "followup", "办结": "close", "二次办理": "reopen", "规则": "rules",
    ]

    /// Chinese option names of the case verbs beside the console's own (``options``).
    public static let caseOptions: [String: String] = [
        "承办人": "moderator", "满意度": "satisfaction", "备注": "note", "天数": "days", "工作日": "working-days",
        "状态": "status", "超期": "overdue", "事由": "title", "类别": "category", "来源": "source", "转办单位": "referring-unit",
        "当事人": "party", "摘要": "summary", "办结时限": "due", "回访人": "by", "回访日期": "on",
    ]

    /// A `case` line in canonical English words: the verb and Chinese option names translated,
    /// values left as typed (the case parsers take Chinese labels themselves).
    public static func caseWords(_ words: [String]) -> [String] {
        words.enumerated().map { i, w in
            if i == 0 { return caseVerbs[w] ?? w }
            guard w.hasPrefix("--") else { return w }
            let name = String(w.dropFirst(2))
            return (options[name] ?? caseOptions[name]).map { "--" + $0 } ?? w
        }
    }

    /// Party roles by their Chinese labels.
    public static let roles: [String: Party.Role] = ["申请方": .applicant, "被申请方": .respondent, "第三方": .other, "其他涉事方": .other]

    /// The moderator's label in Chinese.
    public static let moderator = "主持人"

    /// A role typed in either language.
    public static func role(_ text: String) -> Party.Role? { Party.Role(rawValue: text) ?? roles[text] }

    /// A seed contributor or `--by` label in canonical form (`主持人` is `moderator`).
    public static func label(_ text: String) -> String { text == moderator ? "moderator" : text }

    /// `open --kind` in either language; nil for an unknown word.
    public static func kind(_ text: String) -> ProcedureKind? {
        switch text {
        case "hearing", "public-hearing", "评理大会": return .publicHearing
        case "mediation", "instant-mediation", "调解", "即时调解", "即时评议调解": return .instantMediation
        default: return nil
        }
    }

    /// Ballot options of the sample specs, for examples only (a vote takes any option's key or label).
    static let ballotExamples = ["applicant": "支持申请方", "respondent": "支持被申请方", "partial": "双方各有责任", "abstain": "弃权"]

    /// An English command line with its command, options and enumerated values in Chinese.
    static func chinese(_ line: String) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let head = words.first, let command = ConsoleCommands.command(head) else { return line }
        var start = 1
        if let zh = command.names.first(where: { !$0.unicodeScalars.allSatisfy(\.isASCII) }) {
            words[0] = zh
            if command.kind == .addParty && words.count > 1 && words[1] == "add" { words.remove(at: 1) }
        }
        let optionZh = Dictionary(options.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let roleZh = ["applicant": "申请方", "respondent": "被申请方", "other": "第三方"]
        while start < words.count {
            let w = words[start]
            if w.hasPrefix("--"), let zh = optionZh[String(w.dropFirst(2))] { words[start] = "--" + zh }
            else if let zh = command.kind == .vote ? ballotExamples[w] : roleZh[w] { words[start] = zh }
            else if w == "moderator" { words[start] = moderator }
            else if w == "hearing" { words[start] = "评理大会" }
            else if w == "mediation" { words[start] = "即时调解" }
            start += 1
        }
        return words.joined(separator: " ")
    }
}
