import ArgumentParser
import Foundation
import PingliKit

/// `pingli case …`: the office's caseload, from the 台账's referral to 办结.
struct CaseCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Cases: receive, accept or refuse, schedule a hearing, follow up, close, reopen.",
        discussion: """
            Every change is an event in the case's hash-chained log and, where the case system (台账) \
            needs it, a status in the outbox (`pingli outbox drain`). $PINGLI_NOW fixes today for demos and tests.
            """,
        subcommands: [Add.self, Import.self, List.self, Show.self, Accept.self, Refuse.self, Extend.self, Schedule.self, Withdraw.self,
                      Terminate.self, FollowUp_.self, Close.self, Reopen.self, Rules.self])

    /// Reads `NAME,ROLE[,COMMUNITY[,PHONE]]` (a full-width comma works too).
    static func party(_ text: String) throws -> CaseParty {
        do { return try CaseParty.parse(text) } catch { throw ValidationError("--party: \(error)") }
    }

    /// Runs `body` and turns a refusal into a message on standard error and exit status 1.
    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let e as CaseError {
            Shell.warn("pingli: \(e)")
            throw ExitCode(1)
        } catch let e as HearingError {
            Shell.warn("pingli: \(e)")
            throw ExitCode(1)
        }
    }

    struct Add: CaseVerb {
        static let configuration = CommandConfiguration(
            abstract: "Receive a case (签收): a walk-in, a phone call, or a referral typed in.",
            discussion: "Example: pingli case add TZ-2026-0042 --title 楼上漏水 --category 邻里纠纷 --source walk-in --party 王建国,申请方,东城社区,13800000000 --party 李红,被申请方")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The case reference (the 台账's id).") var ref: String
        @Option(help: "What the dispute is about.") var title: String
        @Option(help: "One of the office's categories (see `case rules`).") var category: String
        @Option(help: "referral, walk-in or phone (转办, 来访, 来电).") var source: String = "walk-in"
        @Option(help: "The unit that referred the case.") var referringUnit: String?
        @Option(help: "NAME,ROLE[,COMMUNITY[,PHONE]]; repeat for each party.") var party: [String] = []
        @Option(help: "A short summary.") var summary: String?
        @Option(help: "The 台账's 办结时限 (YYYY-MM-DD), if it set one.") var due: String?

        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String {
            let parties = try party.map(CaseCLI.party)
            let dueDay = try due.map { try Shell.parseDay($0, option: "--due") }
            let s = try database.cases.receive(ref: ref, title: title, category: category, source: try CaseSource.parse(source),
                                               referringUnit: referringUnit, parties: parties, summary: summary, due: dueDay, context: context)
            return "已签收 \(s.ref)：受理期限 \(s.details!.acceptBy)，办结时限 \(s.due!)" + (s.details!.deadlineAssumed ? "（跨入未公布节假日安排的年份，期限按周末推算）" : "")
        }
    }

    struct Import: CaseVerb {
        static let configuration = CommandConfiguration(
            abstract: "Receive many cases from a CSV sheet: all rows or, naming the first bad line, none.",
            discussion: "Columns (English or Chinese headers): case_ref 案件编号, title 事由, category 类别, parties 当事人 (NAME,ROLE[,COMMUNITY[,PHONE]], several separated by ;), and optionally source 来源, referring_unit 转办单位, summary 摘要, due 办结时限. UTF-8 or GB18030.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The CSV file.") var file: String

        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String {
            let reader = try CSVReader(path: file)
            var records: [CSVRecord] = []
            while let r = try reader.next() { records.append(r) }
            do {
                let rows = try CaseSheet.rows(records)
                let states = try database.cases.receive(sheet: rows, context: context)
                return "已签收 \(states.count) 件（\(file)）"
            } catch let e as CaseSheet.RowError {
                throw CaseError.invalid(Message("case.nothing-was-imported", file, e.line, e.message))
            }
        }
    }

    struct List: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "The caseload, oldest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only cases in this status (received, accepted, refused, scheduled, outcome, followed-up, closed).") var status: String?
        @Flag(help: "Only cases past their next deadline.") var overdue = false
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String {
            let wanted = try status.map(CaseStatus.parse)
            let list = try database.cases.list().filter { c in
                (wanted == nil || c.status == wanted) && (!overdue || c.isOverdue(today: context.today))
                    && (context.office == nil || c.office == context.office)
            }
            return String(CaseViews.list(list, today: context.today, format: format).dropLast())
        }
    }

    struct Show: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "One case: details, deadlines, timeline, hearings, follow-up.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The case reference.") var ref: String

        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String {
            let cases = database.cases
            return CaseViews.show(try cases.state(ref), events: try cases.events(ref), hearings: try cases.hearings(of: ref), today: context.today)
        }
    }

    /// The shape every simple verb shares: a case, one command, a line that says what happened.
    static func perform(_ database: any PingliStore, _ context: OperationContext, _ ref: String, _ command: CaseCommand) throws -> String {
        let (s, events) = try database.cases.execute(ref, command, context: context)
        return CaseViews.echo(s, events)
    }

    struct Accept: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "Accept a received case (受理) and name its moderator.")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option(help: "The responsible moderator.") var moderator: String
        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String { try CaseCLI.perform(database, context, ref, .accept(moderator: moderator)) }
    }

    struct Refuse: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "Refuse a received case (不予受理), with the reason.")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option var reason: String
        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String { try CaseCLI.perform(database, context, ref, .refuse(reason: reason)) }
    }

    struct Extend: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "Extend the handling deadline (延期), with the reason.")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option(help: "How many days.") var days: Int
        @Flag(help: "Count working days (the office's calendar).") var workingDays = false
        @Option var reason: String
        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String { try CaseCLI.perform(database, context, ref, .extend(amount: days, unit: workingDays ? .workingDays : .days, reason: reason)) }
    }

    struct Schedule: CaseVerb {
        static let configuration = CommandConfiguration(
            abstract: "Open a hearing or instant mediation for the case: its parties carried over as A, B, C…",
            discussion: "In a second round (after `case reopen`) this opens a re-hearing that excludes the earlier panel.")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option(help: "hearing or mediation (评理大会, 即时调解).") var kind: String = "hearing"
        @Option(help: "YYYY-MM-DD (default today).") var date: String?
        @Option(help: "HH:MM.") var time: String?
        @Option(help: "Where.") var place: String
        @Option(help: "A spec in Panels/ (default for the kind).") var spec: String?
        @Option(help: "The Panels folder.") var panels: String?
        @Option(help: "Also write the parties' 参加评理通知书 (PDF) into this folder; the panel's follow after the draw (`pingli notice`).") var notices: String?

        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String {
            guard let k = ConsoleWords.kind(kind) else { throw ValidationError(Message("console.kind-hearing-mediation")) }
            let day = try date.map { try Shell.parseDay($0, option: "--date") } ?? context.today
            let dir = try PanelsDirectory.locate(explicit: panels)
            let (c, h) = try database.cases.schedule(ref, kind: k, spec: { try PanelSpecLoader.load(named: spec ?? $0.defaultSpec, in: dir) },
                                                     date: day, time: time, place: place, context: context)
            var written: [String] = []
            if let notices, let schedule = c.schedules.last {
                try FileManager.default.createDirectory(atPath: notices, withIntermediateDirectories: true)
                for n in NoticeDocument.build(h, names: [:], schedule: schedule, office: try OfficeProfile.load(database), issuedOn: context.today) {
                    let path = notices + "/" + n.name + ".pdf"
                    try PDFRenderer().render(n.document, to: path)
                    written.append(path)
                }
            }
            return "\(c.ref) 已排期：\(h.id) \(h.kind.label)，\(day)\(time.map { " " + $0 } ?? "")，\(place)；当事人 " +
                h.parties.map { "\($0.label) \($0.name)（\($0.role.label)）" }.joined(separator: "、")
                + (written.isEmpty ? "" : "\n通知书：" + written.joined(separator: "、"))
        }
    }

    struct Withdraw: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "The applicant withdraws (撤回), with the reason.")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option var reason: String
        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String { try CaseCLI.perform(database, context, ref, .end(.withdrawn, reason: reason)) }
    }

    struct Terminate: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "The office ends the case (终止), with the reason.")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option var reason: String
        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String { try CaseCLI.perform(database, context, ref, .end(.terminated, reason: reason)) }
    }

    struct FollowUp_: CaseVerb {
        static let configuration = CommandConfiguration(commandName: "followup", abstract: "Record a follow-up visit or call (回访).")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option(help: "performed, partly, not-performed (已履行, 部分履行, 未履行).") var performance: String?
        @Option(help: "satisfied, mostly, unsatisfied (满意, 基本满意, 不满意).") var satisfaction: String
        @Option(help: "What the parties said.") var note: String?
        @Option(help: "Who visited (default: the operator).") var by: String?
        @Option(help: "When (YYYY-MM-DD, default today).") var on: String?

        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String {
            let day = try on.map { try Shell.parseDay($0, option: "--on") } ?? context.today
            let f = FollowUp(performance: try performance.map(Performance.parse), satisfaction: try Satisfaction.parse(satisfaction),
                             notes: note, by: by ?? context.operatorName, on: day)
            return try CaseCLI.perform(database, context, ref, .followUp(f))
        }
    }

    struct Close: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "Close the case (办结).")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option var note: String?
        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String { try CaseCLI.perform(database, context, ref, .close(note: note)) }
    }

    struct Reopen: CaseVerb {
        static let configuration = CommandConfiguration(abstract: "A second round (二次办理), with the reason; `case schedule` then opens a re-hearing.")
        @OptionGroup var store: StoreOptions
        @Argument var ref: String
        @Option var reason: String
        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String { try CaseCLI.perform(database, context, ref, .reopen(reason: reason)) }
    }

    struct Rules: CaseVerb {
        static let configuration = CommandConfiguration(
            abstract: "Show the categories and default deadlines, or set them from a file.",
            discussion: "File format, one category a line: 邻里纠纷 = accept 3 working-days, handle 30 days")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A rules file to set (omit to show the current rules).") var file: String?

        func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String {
            if let file {
                guard let text = FileManager.default.contents(atPath: file).map({ String(decoding: $0, as: UTF8.self) }) else {
                    throw ValidationError(Message("say.file-unreadable", file))
                }
                do { _ = try CaseSettings.setRules(text, in: database) } catch { throw ValidationError("\(file): \(error)") }
            }
            return String(try CaseSettings.rules(database).text.dropLast())
        }
    }
}

/// A `pingli case` verb: parsed by swift-argument-parser from the command line or from a console
/// line (`case accept …` / `案件 受理 …`), and performed on a database, returning what to show.
protocol CaseVerb: ParsableCommand {
    var store: StoreOptions { get }
    func perform(_ database: any PingliStore, _ context: OperationContext) throws -> String
}

extension CaseVerb {
    func run() throws {
        try CaseCLI.run { print(try perform(try store.open(), try store.context())) }
    }
}

/// `pingli calendar …`: the working-day calendar deadlines are counted in.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Holidays and make-up working days (调休) by year.",
        subcommands: [Add.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add (or replace) a year's arrangement from a file.",
            discussion: "Format: `year = 2027`, then `off = 2027-01-01..2027-01-03` and `work = 2027-01-04` lines; # starts a comment.")
        @OptionGroup var store: StoreOptions
        @Argument var file: String
        func run() throws {
            guard let text = FileManager.default.contents(atPath: file).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw ValidationError(Message("say.file-unreadable", file))
            }
            do {
                let y = try CaseSettings.addYear(text, to: try store.open())
                print(Message("say.calendar-added", y.year, y.daysOff.count, y.makeUpDays.count))
            } catch let e as WorkCalendar.Year.ParseError { throw ValidationError("\(file):\(e.line): \(e.message)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The years known and their days.")
        @OptionGroup var store: StoreOptions
        @Argument var year: Int?
        func run() throws {
            let calendar = try CaseSettings.calendar(try store.open())
            for y in calendar.years.keys.sorted() where year == nil || year == y {
                print(calendar.years[y]!.text)
            }
        }
    }
}
