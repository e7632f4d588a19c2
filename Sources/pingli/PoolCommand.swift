import ArgumentParser
import Foundation
import PingliKit

/// `pingli pool …`: the representative pool (议事代表库).
struct PoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool",
        abstract: "Keep the pool of 群众议事代表: intake, lifecycle, training, statistics.",
        subcommands: [PoolImport.self, PoolExport.self, PoolList.self, PoolShow.self, PoolAdd.self, PoolSetOffice.self,
                      PoolSetStatus.self, PoolRenew.self, PoolTrain.self, PoolStats.self,
                      PoolCategories.self, PoolRules.self])
}

extension PoolCommand {
    struct PoolImport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import representatives from a CSV file or an Excel workbook (.xlsx), all rows or none.",
            discussion: """
                The header row names the columns in English (id, name, gender, birth_year, community, \
                street, categories, intake, recommended_by, phone, household, work_unit, relations, \
                term_start, term_end, status, status_reason, suspended_until) or Chinese (编号, 姓名, \
                性别, 出生年份, 社区, 街道, 类别, 来源, 推荐单位, 电话, 户号, 工作单位, 申报关系, 任期开始, \
                任期结束, 状态, 状态原因, 暂停至). Categories are separated by ';' or '、'. Known ids are \
                updated (with history); rows without an id get the next R-NNNNNN. Any bad row: \
                nothing is imported, every problem is printed as FILE:LINE: message (for a workbook \
                FILE:SHEET!ROW: message, its first sheet), exit status 1.
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The CSV file (UTF-8 with or without BOM, or GB18030), or an .xlsx workbook.") var file: String
        @Flag(help: "Check the file and report what would change, without changing anything.") var dryRun = false
        @Option(help: "The file's encoding: auto, utf8 or gb18030.") var encoding: TextEncodingChoice = .auto

        func run() throws {
            let database = try store.open()
            let context = try store.context()
            var source = file
            var position: (Int) -> String = { "\(file):\($0)" }
            var temporary: String?
            if WorksheetCSV.isWorkbook(file) {
                // The workbook's first sheet goes through the same importer; errors name its rows.
                let sheet = try XLSXReader.firstSheet(path: file)
                let csv = FileManager.default.temporaryDirectory.appendingPathComponent("pingli-import-\(UUID().uuidString).csv").path
                let rows = try WorksheetCSV.write(sheet, toCSV: csv)
                source = csv
                temporary = csv
                position = { "\(file):\(sheet.name)!\(rows[$0] ?? $0)" }
            }
            defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
            let warn = { (issue: ImportIssue) in Shell.warn("\(position(issue.line)): \(issue.message)") }
            let chosen = temporary == nil ? encoding : .utf8
            let report: ImportReport
            switch database {
            case let county as PGStore:
                report = try PGPoolImporter(county, context: context).run(path: source, encoding: chosen, dryRun: dryRun, report: warn)
            case let file as PingliDatabase:
                report = try PoolImporter(file, context: context).run(path: source, encoding: chosen, dryRun: dryRun, report: warn)
            default:
                throw StoreError.unsupportedLocation(database.location)
            }
            if !report.ignoredColumns.isEmpty {
                Shell.warn(Message("say.pool-columns-unused", file, Catalogue.list(report.ignoredColumns)))
            }
            let summary = Message("say.pool-import-summary", report.rows, report.encoding.rawValue, report.created, report.updated, report.unchanged)
            if report.errors > 0 {
                Shell.warn(Message("say.pool-import-refused", file, report.errors))
                throw ExitCode.failure
            }
            print(Message(dryRun ? "say.pool-import-dry" : "say.pool-imported", summary))
        }
    }

    struct PoolExport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the pool to a CSV file or an Excel workbook (.xlsx) that `pool import` reads back.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The CSV file to write, or an .xlsx workbook.") var file: String
        @Option(help: "Header language: en (column names and keys) or zh (中文列名和标签).")
        var headers: PoolExporter.Headers = .en
        @Flag(help: "Leave out the UTF-8 byte-order mark (Excel needs it to see UTF-8).") var noBom = false

        func run() throws {
            let exporter = PoolExporter((try store.open()).representatives)
            guard WorksheetCSV.isWorkbook(file) else {
                let n = try exporter.write(to: file, headers: headers, byteOrderMark: !noBom)
                print(Message("say.pool-exported", n, file))
                return
            }
            let csv = FileManager.default.temporaryDirectory.appendingPathComponent("pingli-export-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: csv) }
            let n = try exporter.write(to: csv, headers: headers, byteOrderMark: false)
            try XLSXWriter.write(try WorksheetCSV.rows(fromCSV: csv), sheetName: headers == .zh ? "议事代表库" : "pool", to: file)
            print(Message("say.pool-exported", n, file))
        }
    }
}

extension TextEncodingChoice: ExpressibleByArgument {}
extension PoolExporter.Headers: ExpressibleByArgument {}
extension RepresentativeStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
