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
            let pool = PoolStore(try store.open())
            let catalog = try pool.catalog()
            var key: String?
            if let category {
                guard let k = catalog.key(for: category) else {
                    throw ValidationError("unknown category '\(category)'; known: \(catalog.categories.map { "\($0.key) (\($0.label))" }.joined(separator: ", "))")
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
                print("\(reps.count) representative\(reps.count == 1 ? "" : "s")")
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
            let pool = PoolStore(try store.open())
            let context = try store.context()
            let r = try pool.representative(id)
            let catalog = try pool.catalog()
            var lines: [(String, String)] = [
                ("编号", r.id), ("姓名", r.name), ("性别", r.gender.label), ("出生年份", String(r.birthYear)),
                ("社区", r.community), ("街道", r.street),
                ("类别", r.categories.map(catalog.label).joined(separator: "、")),
                ("来源", r.intake.label + (r.recommendedBy.map { "（\($0)）" } ?? "")),
                ("电话", r.phone ?? "—"), ("户号", r.household ?? "—"), ("工作单位", r.workUnit ?? "—"),
                ("申报关系", r.relations.isEmpty ? "—" : DeclaredRelation.format(r.relations)),
                ("任期", "\(r.termStart?.description ?? "?") 至 \(r.termEnd?.description ?? "?")"),
                ("状态", r.status.label + " (\(r.status.rawValue))"),
            ]
            if let reason = r.statusReason { lines.append(("状态原因", reason)) }
            if let until = r.suspendedUntil { lines.append(("暂停至", until.description)) }
            let width = lines.map { TextWidth.columns($0.0) }.max() ?? 0
            for (k, v) in lines { print("\(TextWidth.pad(k, to: width))  \(v)") }

            let training = try pool.training(id)
            print("\n培训记录（共 \(training.reduce(0) { $0 + $1.hours }) 小时）")
            print(training.isEmpty ? "  —" : TextTable(headers: ["日期", "小时", "主题"],
                rows: training.map { [$0.date.description, String($0.hours), $0.topic] }, rightAligned: [1]).render())
            let service = try pool.service(id)
            print("\n参加评理（共 \(service.count) 次）")
            print(service.isEmpty ? "  —" : TextTable(headers: ["日期", "评理会", "角色"],
                rows: service.map { [$0.date.description, $0.hearingID, $0.role] }).render())
            let reasons = try pool.eligibility(id, on: context.today)
            print("\n今日（\(context.today)）可否抽取：" + (reasons.isEmpty ? "可以" : "不可以"))
            for reason in reasons { print("  - \(reason)") }
            print("\n变更历史")
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
            let pool = PoolStore(try store.open())
            let today = try store.context().today
            let s = try pool.statistics(today: today)
            print("议事代表库：共 \(s.total) 人，在库 \(s.activeCount) 人，今日（\(today)）可抽取 \(s.eligibleToday) 人\n")
            print(TextTable(headers: ["状态", "人数"], rows: s.byStatus.map { ["\($0.label) \($0.key)", String($0.total)] }, rightAligned: [1]).render())
            print("")
            print(TextTable(headers: ["类别", "合计", "在库"], rows: s.byCategory.map { ["\($0.label) \($0.key)", String($0.total), String($0.active)] }, rightAligned: [1, 2]).render())
            print("")
            print(TextTable(headers: ["社区", "合计", "在库"], rows: s.byCommunity.map { [$0.label, String($0.total), String($0.active)] }, rightAligned: [1, 2]).render())
            let pct = s.activeCount == 0 ? 0 : Double(s.trainedEnough) * 100 / Double(s.activeCount)
            print("\n培训：在库代表中 \(s.trainedEnough)/\(s.activeCount) 人（\(String(format: "%.0f", pct))%）达到 \(IneligibilityReason.hours(s.rules.minimumTrainingHours)) 小时")
            print("\n\(today.year) 年参加评理次数分布")
            print(TextTable(headers: ["次数", "人数"], rows: s.serviceDistribution.map { [String($0.services), String($0.people)] }, rightAligned: [0, 1]).render())
            if !s.busiest.isEmpty {
                print("\n参加最多")
                print(TextTable(headers: ["编号", "姓名", "次数", "最近"], rows: s.busiest.map { [$0.id, $0.name, String($0.services), $0.last?.description ?? ""] }, rightAligned: [2]).render())
            }
        }
    }
}
