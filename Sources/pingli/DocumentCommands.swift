import ArgumentParser
import Foundation
import PingliKit

enum DocumentCommands {
    /// Builds and renders to `path`: a document that cannot be made is refused on standard error
    /// (exit status 1) and leaves no half-written file behind.
    static func write(to path: String, _ build: () throws -> PrintedDocument) throws {
        do {
            let pages = try PDFRenderer().render(try build(), to: path)
            print(Message("say.pdf-written", path, pages))
        } catch let e as DocumentError {
            try? FileManager.default.removeItem(atPath: path)
            Shell.warn("pingli: \(e)")
            throw ExitCode(1)
        }
    }
}

/// `pingli agreement H-ID --out FILE.pdf`: the 人民调解协议书.
struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement", abstract: "The 人民调解协议书 of an instant mediation that reached an agreement, as PDF.",
        discussion: "Every field is required (facts, responsibility, performance, place, deadline); the committee's name comes from `pingli office set`.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The hearing id.") var id: String
    @Option(help: "The PDF file to write.") var out: String

    func run() throws {
        let database = try store.open()
        let hearings = database.hearings
        let (state, events) = (try hearings.state(id), try hearings.events(id))
        try DocumentCommands.write(to: out) { try AgreementDocument.build(state, events, office: try OfficeProfile.load(database)) }
    }
}

/// `pingli notice H-ID --out DIR`: 参加评理通知书 for every party and panel member.
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "One 参加评理通知书 (PDF) per party and panel member: who, when, where, what to bring.",
        discussion: "When, where: from the case's schedule (`pingli case schedule`), or --date/--time/--place.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The hearing id.") var id: String
    @Option(help: "The folder to write into (created if missing).") var out: String
    @Option(help: "YYYY-MM-DD, when the hearing has no schedule from a case.") var date: String?
    @Option(help: "HH:MM.") var time: String?
    @Option(help: "Where, when the hearing has no schedule from a case.") var place: String?

    func run() throws {
        let database = try store.open()
        let hearings = database.hearings
        let state = try hearings.state(id)
        var schedule = (try? database.cases.state(state.caseRef))?.schedules.last { $0.hearingID == id }
        if let date {
            let day = try Shell.parseDay(date, option: "--date")
            guard let where_ = place ?? schedule?.place ?? state.place else { throw ValidationError(Message("console.say-where-place")) }
            schedule = CaseSchedule(hearingID: id, kind: state.kind, date: day, time: time ?? schedule?.time, place: where_)
        }
        guard let schedule else {
            throw ValidationError(Message("say.notice-needs-date", id))
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let names = Dictionary(uniqueKeysWithValues: try database.representatives.list().map { ($0.id, $0.name) })
        let notices = NoticeDocument.build(state, names: names, schedule: schedule, office: try OfficeProfile.load(database),
                                           issuedOn: try store.context().today)
        for n in notices { try DocumentCommands.write(to: out + "/" + n.name + ".pdf") { n.document } }
    }
}

/// `pingli office set|show`: the office as its documents name it; `register|list|grant-role`: a county's offices.
struct OfficeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office", abstract: "The office's profile for printed documents (name, seal text, address, phone); a county's offices (register, list, grant-role).",
        subcommands: [Set_.self, Show.self, Register.self, List.self, GrantRole.self], defaultSubcommand: Show.self)

    /// `pingli office grant-role ROLE`: the county store's application role.
    struct GrantRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-role",
            abstract: "Give a PostgreSQL role what consoles and workers need, without UPDATE or DELETE on the event logs (county store; run as the owner).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "An existing role, e.g. pingli_app.") var role: String

        func run() throws {
            guard let county = try StoreLocation(store.path).open() as? PGStore else {
                throw StoreError.postgresOnly(command: "office grant-role")
            }
            try county.grantApplicationRole(role)
            print(Message("say.role-granted", role, county.location))
        }
    }

    /// `pingli office register CODE --name NAME`: an office of a county store.
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register", abstract: "Register an office of the county (its code and name); hearings and cases belong to one.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The office's code, e.g. JD01 (letters, digits, - and _).") var code: String
        @Option(help: "The office's name, e.g. 东城街道.") var name: String

        func run() throws {
            // Not `store.open()`: `$PINGLI_OFFICE` may name the office being registered.
            let database = try StoreLocation(store.path).open()
            guard !name.trimmed.isEmpty else { throw ValidationError(Message("say.office-needs-name")) }
            try database.register(Office(code: code, name: name.trimmed), context: try store.context())
            print(Message("say.office-registered", code, name.trimmed, database.location))
        }
    }

    /// `pingli office list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The offices registered in the store.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let offices = try store.open().offices()
            if offices.isEmpty { print(Message("say.no-offices")); return }
            for o in offices { print("\(o.code)\t\(o.name)") }
        }
    }

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set the office profile.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The committee, e.g. 中市街道人民调解委员会.") var name: String?
        @Option var address: String?
        @Option var phone: String?
        @Option(help: "The seal's text, printed where the seal is applied.") var seal: String?

        func run() throws {
            let database = try store.open()
            let current = try OfficeProfile.load(database)
            guard let n = name ?? current?.name, !n.trimmed.isEmpty else { throw ValidationError(Message("say.office-needs-name")) }
            let profile = OfficeProfile(name: n, address: address ?? current?.address, phone: phone ?? current?.phone, seal: seal ?? current?.seal)
            try profile.save(database)
            print(Show.describe(profile))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the office profile.")
        @OptionGroup var store: StoreOptions
        func run() throws {
            guard let p = try OfficeProfile.load(try store.open()) else { print(Message("say.no-office-profile")); return }
            print(Self.describe(p))
        }
        static func describe(_ p: OfficeProfile) -> String {
            ["名称：\(p.name)", "地址：\(p.address ?? "—")", "电话：\(p.phone ?? "—")", "印章：\(p.seal ?? "—")"].joined(separator: "\n")
        }
    }
}
