import ArgumentParser
import Foundation
import PingliKit

extension PoolCommand {
    struct PoolList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List representatives, optionally filtered.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only this status (candidate, active, suspended, retired, rejected or 在库 …).")
        var status: RepresentativeStatus?
        @Option(help: "Only this category (key or label, e.g. legal-professional or 专业人才).") var category: String?
        @Option(help: "Only this community (社区/村).") var community: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let pool = (try store.open()).representatives
            let catalog = try pool.catalog()
            var key: String?
            if let category {
                guard let k = catalog.key(for: category) else {
                    throw ValidationError(Message("say.pool-unknown-category", category, Catalogue.list(catalog.categories.map { "\($0.key) (\($0.label))" })))
                }
                key = k
            }
            let reps = try pool.list(PoolFilter(status: status, category: key, community: community))
            switch format {
            case .table:
                let table = TextTable(
                    headers: ["编号", "姓名", "性别", "出生", "社区", "街道", "类别", "状态"],
                    rows: reps.map { r in
                        [r.id, r.name, r.gender.label, String(r.birthYear), r.community, r.street,
                         r.categories.map(catalog.label).joined(separator: "、"), r.status.label]
                    })
                print(table.render())
                print(Message(reps.count == 1 ? "say.pool-count-one" : "say.pool-count", reps.count))
            case .csv:
                print(PoolColumn.allCases.map(\.rawValue).joined(separator: ","))
                for r in reps {
                    let t = r.fieldTexts
                    print(PoolColumn.allCases.map { CSVWriter.escape((t[$0] ?? nil) ?? "") }.joined(separator: ","))
                }
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(reps), as: UTF8.self))
            }
        }
    }

    struct PoolShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one representative: details, training, service, history, eligibility today.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The representative's id.") var id: String

        func run() throws {
            let pool = (try store.open()).representatives
            let context = try store.context()
            let r = try pool.representative(id)
            let catalog = try pool.catalog()
            func field(_ name: String) -> String { Message("say.field-\(name)").description }
            var lines: [(String, String)] = [
                (field("id"), r.id), (field("name"), r.name), (field("gender"), r.gender.label), (field("birth-year"), String(r.birthYear)),
                (field("community"), r.community), (field("street"), r.street),
                (field("categories"), r.categories.map(catalog.label).joined(separator: "、")),
                (field("intake"), r.intake.label + (r.recommendedBy.map { "（\($0)）" } ?? "")),
                (field("phone"), r.phone ?? "—"), (field("household"), r.household ?? "—"), (field("work-unit"), r.workUnit ?? "—"),
                (field("relations"), r.relations.isEmpty ? "—" : DeclaredRelation.format(r.relations)),
                (field("term"), "\(r.termStart?.description ?? "?") – \(r.termEnd?.description ?? "?")"),
                (field("status"), r.status.label + " (\(r.status.rawValue))"),
            ]
            if let reason = r.statusReason { lines.append((field("status-reason"), reason)) }
            if let until = r.suspendedUntil { lines.append((field("suspended-until"), until.description)) }
            if let office = try pool.homeOffice(id) { lines.append((field("home-office"), office)) }
            let width = lines.map { TextWidth.columns($0.0) }.max() ?? 0
            for (k, v) in lines { print("\(TextWidth.pad(k, to: width))  \(v)") }

            let training = try pool.training(id)
            print("\n" + Message("say.show-training", training.reduce(0) { $0 + $1.hours }).description)
            print(training.isEmpty ? "  —" : TextTable(headers: Message.columns("say.show-training-headers"),
                rows: training.map { [$0.date.description, String($0.hours), $0.topic] }, rightAligned: [1]).render())
            let service = try pool.service(id)
            print("\n" + Message("say.show-service", service.count).description)
            print(service.isEmpty ? "  —" : TextTable(headers: Message.columns("say.show-service-headers"),
                rows: service.map { [$0.date.description, $0.hearingID, $0.role] }).render())
            let reasons = try pool.eligibility(id, on: context.today)
            print("\n" + Message(reasons.isEmpty ? "say.show-eligible" : "say.show-not-eligible", context.today).description)
            for reason in reasons { print("  - \(reason)") }
            print("\n" + Message("say.show-history").description)
            for h in try pool.history(id) {
                let changes = h.changes.map { "\($0.field): \($0.old ?? "∅") → \($0.new ?? "∅")" }.joined(separator: "; ")
                print("  #\(h.seq) \(h.at) \(h.operatorName) \(h.action)" + (changes.isEmpty ? "" : " — \(changes)")
                      + (h.reason.map { "（\($0)）" } ?? ""))
            }
        }
    }

    struct PoolStats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Counts by status, category and community; training coverage; service load.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            let pool = (try store.open()).representatives
            let today = try store.context().today
            let s = try pool.statistics(today: today)
            print(Message("say.stats-head", s.total, s.activeCount, today, s.eligibleToday).description + "\n")
            print(TextTable(headers: Message.columns("say.stats-status-headers"), rows: s.byStatus.map { ["\($0.label) \($0.key)", String($0.total)] }, rightAligned: [1]).render())
            print("")
            print(TextTable(headers: Message.columns("say.stats-category-headers"), rows: s.byCategory.map { ["\($0.label) \($0.key)", String($0.total), String($0.active)] }, rightAligned: [1, 2]).render())
            print("")
            print(TextTable(headers: Message.columns("say.stats-community-headers"), rows: s.byCommunity.map { [$0.label, String($0.total), String($0.active)] }, rightAligned: [1, 2]).render())
            let pct = s.activeCount == 0 ? 0 : Double(s.trainedEnough) * 100 / Double(s.activeCount)
            print("\n" + Message("say.stats-training", s.trainedEnough, s.activeCount, String(format: "%.0f", pct),
                                 IneligibilityReason.hours(s.rules.minimumTrainingHours)).description)
            print("\n" + Message("say.stats-service", today.year).description)
            print(TextTable(headers: Message.columns("say.stats-service-headers"), rows: s.serviceDistribution.map { [String($0.services), String($0.people)] }, rightAligned: [0, 1]).render())
            if !s.busiest.isEmpty {
                print("\n" + Message("say.stats-busiest").description)
                print(TextTable(headers: Message.columns("say.stats-busiest-headers"), rows: s.busiest.map { [$0.id, $0.name, String($0.services), $0.last?.description ?? ""] }, rightAligned: [2]).render())
            }
        }
    }
}
