import ArgumentParser
import Foundation
import PingliKit

extension PoolCommand {
    struct PoolAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add one representative (as a candidate unless --status says otherwise).",
            discussion: "Example: pingli pool add --name 王丽 --gender 女 --birth-year 1972 --community 东风社区 --street 中市街道 --category 居民代表 --intake 自荐 --phone 13800000000 --term-start 2026-01-01 --term-end 2028-12-31")

        @OptionGroup var store: StoreOptions
        @Option(help: "Office id; default the next R-NNNNNN.") var id: String?
        @Option(help: "姓名.") var name: String
        @Option(help: "男/女 (male/female).") var gender: String
        @Option(help: "出生年份.") var birthYear: String
        @Option(help: "社区/村.") var community: String
        @Option(help: "街道/乡镇.") var street: String
        @Option(name: .customLong("category"), help: "类别 (repeat, or separate with ';').") var categories: [String]
        @Option(help: "自荐 or 组织推荐 (self-nominated / recommended).") var intake: String
        @Option(help: "推荐单位 (needed when recommended).") var recommendedBy: String?
        @Option(help: "电话 (personal data, stays in the office).") var phone: String?
        @Option(help: "户号, for conflict checks.") var household: String?
        @Option(help: "工作单位, for conflict checks.") var workUnit: String?
        @Option(name: .customLong("relation"), help: "申报关系 such as 张三(配偶); repeat for more.") var relations: [String] = []
        @Option(help: "任期开始 YYYY-MM-DD.") var termStart: String?
        @Option(help: "任期结束 YYYY-MM-DD.") var termEnd: String?
        @Option(help: "candidate (default) or active.") var status: String?
        @Option(help: "Why (needed for suspended, retired, rejected).") var reason: String?

        func run() throws {
            let pool = (try store.open()).representatives
            let context = try store.context()
            let values: [(PoolColumn, String?)] = [
                (.id, id), (.name, name), (.gender, gender), (.birthYear, birthYear), (.community, community),
                (.street, street), (.categories, categories.joined(separator: ";")), (.intake, intake),
                (.recommendedBy, recommendedBy), (.phone, phone), (.household, household), (.workUnit, workUnit),
                (.relations, relations.isEmpty ? nil : relations.joined(separator: ";")),
                (.termStart, termStart), (.termEnd, termEnd), (.status, status), (.statusReason, reason),
            ]
            let header = try PoolHeader(values.map { $0.0.rawValue })
            var parser = RepresentativeParser(catalog: try pool.catalog(), today: context.today)
            switch parser.parse(header, values.map { $0.1 ?? "" }) {
            case let .failure(e):
                throw ValidationError(e.messages.joined(separator: "\n"))
            case let .success(rep):
                let added = try pool.add(rep, context: context)
                // In a county store, the operator's office is the new representative's home office.
                if let office = context.office { try pool.setHomeOffice(added.id, office: office, context: context) }
                print(Message("say.pool-added", added.id, added.name, added.status.label))
            }
        }
    }

    /// `pingli pool set-office R-000001 JD01` or `--county`.
    struct PoolSetOffice: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-office",
            abstract: "Set a representative's home office in a county store (or --county: serves every office).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The representative's id.") var id: String
        @Argument(help: "A registered office code.") var code: String?
        @Flag(help: "No home office: drawn by every office (两代表一委员).") var county = false

        func validate() throws {
            guard (code != nil) != county else { throw ValidationError(Message("say.pool-set-office-usage")) }
        }

        func run() throws {
            let pool = (try store.open()).representatives
            try pool.setHomeOffice(id, office: code, context: try store.context())
            print(Message("say.pool-home-office", id, code ?? Message("say.whole-county").description))
        }
    }

    struct PoolSetStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-status",
            abstract: "Move a representative through the lifecycle.",
            discussion: """
                candidate → active | rejected;  active → suspended | retired;  suspended → active | retired.
                suspended, retired and rejected need --reason; --until gives a suspension's last day.
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The representative's id.") var id: String
        @Argument(help: "active, suspended, retired, rejected (or 在库, 暂停, 退出, 未通过).") var status: RepresentativeStatus
        @Option(help: "Why (kept in the history).") var reason: String?
        @Option(help: "For suspended: the last day of the suspension (YYYY-MM-DD).") var until: String?

        func run() throws {
            let pool = (try store.open()).representatives
            let untilDay = try until.map { try Shell.parseDay($0, option: "--until") }
            let rep = try pool.setStatus(id, to: status, reason: reason, until: untilDay, context: try store.context())
            print(rep.suspendedUntil.map { Message("say.pool-status-until", rep.id, rep.name, rep.status.label, rep.status.rawValue, $0) }
                  ?? Message("say.pool-status", rep.id, rep.name, rep.status.label, rep.status.rawValue))
        }
    }

    struct PoolRenew: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "renew", abstract: "Renew a representative's term (换届/续聘), or many from --ids-file, all or none.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The representative's id (or use --ids-file).") var id: String?
        @Option(help: "A list of ids (one a line) or a CSV sheet with an id column, or name and phone columns.") var idsFile: String?
        @Option(help: "The new last day of the term (YYYY-MM-DD).") var termEnd: String
        @Option(help: "Why (kept in the history).") var reason: String?

        func validate() throws {
            guard (id == nil) != (idsFile == nil) else { throw ValidationError(Message("say.pool-id-or-file")) }
        }

        func run() throws {
            let pool = (try store.open()).representatives
            let end = try Shell.parseDay(termEnd, option: "--term-end")
            let ids = try idsFile.map { try SheetFile.ids($0, pool: pool) } ?? [id!]
            let changed = try pool.renew(ids, termEnd: end, reason: reason, context: try store.context())
            if let id, idsFile == nil {
                let rep = try pool.representative(id)
                print(changed.isEmpty ? Message("say.pool-term-already", id, end) : Message("say.pool-term-now", id, rep.name, end))
            } else {
                print(Message(changed.count < ids.count ? "say.pool-terms-some" : "say.pool-terms-all", changed.count, ids.count, end))
            }
        }
    }

    struct PoolTrain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train", abstract: "Record a training session (教育培训) for one representative, or a whole sign-in sheet, all or none.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The representative's id (or use --ids-file).") var id: String?
        @Option(help: "A list of ids (one a line) or a CSV sign-in sheet with an id column, or name and phone columns.") var idsFile: String?
        @Option(help: "What was taught.") var topic: String
        @Option(help: "Hours (e.g. 2 or 1.5).") var hours: Double
        @Option(help: "The day (YYYY-MM-DD); default today.") var date: String?

        func validate() throws {
            guard (id == nil) != (idsFile == nil) else { throw ValidationError(Message("say.pool-id-or-file")) }
        }

        func run() throws {
            let pool = (try store.open()).representatives
            let context = try store.context()
            let day = try date.map { try Shell.parseDay($0, option: "--date") } ?? context.today
            let ids = try idsFile.map { try SheetFile.ids($0, pool: pool) } ?? [id!]
            try pool.train(ids, TrainingRecord(date: day, topic: topic, hours: hours), context: context)
            if let id, idsFile == nil {
                let total = try pool.training(id).reduce(0) { $0 + $1.hours }
                print(Message("say.pool-trained-one", id, day, topic, hours, total))
            } else {
                print(Message("say.pool-trained-many", day, topic, hours, ids.count))
            }
        }
    }

    struct PoolCategories: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "categories", abstract: "List the categories, or add one with --add KEY --label 名称.")

        @OptionGroup var store: StoreOptions
        @Option(help: "A new category key (lower-case, e.g. mediator).") var add: String?
        @Option(help: "Its Chinese label.") var label: String?
        @Option(name: .customLong("alias"), help: "Other names accepted on import (repeat).") var aliases: [String] = []

        func run() throws {
            let pool = (try store.open()).representatives
            if let add {
                guard let label, !label.isEmpty else { throw ValidationError(Message("say.pool-add-needs-label")) }
                try pool.addCategory(Category(key: add, label: label, aliases: aliases))
            }
            print(TextTable(headers: ["key", "名称", "别名"],
                            rows: try pool.catalog().categories.map { [$0.key, $0.label, $0.aliases.joined(separator: "、")] }).render())
        }
    }

    struct PoolRules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules", abstract: "Show the eligibility rules, or set one: pool rules KEY VALUE.",
            discussion: "Keys: min-training-hours, cooling-off-days, yearly-service-limit (0 turns a rule off).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The rule to set.") var key: String?
        @Argument(help: "Its new value.") var value: String?

        func run() throws {
            let pool = (try store.open()).representatives
            if let key {
                guard let k = PoolStore.RuleKey(rawValue: key) else {
                    throw ValidationError(Message("say.pool-unknown-rule", key, PoolStore.RuleKey.allCases.map(\.rawValue).joined(separator: ", ")))
                }
                guard let value else { throw ValidationError(Message("say.pool-rule-value", key)) }
                try pool.setRule(k, value)
            }
            let r = try pool.rules()
            print("min-training-hours    \(IneligibilityReason.hours(r.minimumTrainingHours))")
            print("cooling-off-days      \(r.coolingOffDays)")
            print("yearly-service-limit  \(r.yearlyServiceLimit)")
        }
    }
}
