import ArgumentParser
import Foundation
import PingliKit

/// `pingli migrate --from office.sqlite --to postgresql://… --office CODE`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move an office's SQLite database into the county store on PostgreSQL, then verify everything moved.",
        discussion: """
            One transaction: the pool merged by id (a representative already in the county pool keeps \
            the county's row, their training and service are added), every hearing and case with its \
            events as they are (the hash chains are not recomputed), the outbox and its delivery log. \
            Settings the county already has keep the county's value. An id the county store already \
            holds stops the move with nothing changed. Afterwards every moved case and hearing is \
            verified as `pingli verify` does; the exit status is the worst found. Stop the office's \
            consoles and workers first.
            """)

    @Option(help: ArgumentHelp("The office's SQLite database.", valueName: "FILE")) var from: String
    @Option(help: ArgumentHelp("The county store.", valueName: "postgresql://user@host:port/dbname")) var to: String
    @Option(help: ArgumentHelp("The office's code in the county store (`pingli office register`).", valueName: "CODE")) var office: String

    func run() throws {
        guard case .sqlite = try StoreLocation(from), FileManager.default.fileExists(atPath: from) else {
            throw ValidationError(Message("say.migrate-from-file", from))
        }
        guard case let .postgresql(url) = try StoreLocation(to) else { throw ValidationError(Message("say.migrate-to-url", to)) }
        let source = try PingliDatabase(path: from, readOnly: true)
        let target = try PGStore(url: url)
        let report = try CountyMigration(source: source, target: target, office: office).run()
        print(Message("say.migrated", from, target.location, office, report.representativesAdded, report.representativesMerged,
                      report.hearings.count, report.cases.count, report.events, report.outboxItems))
        if !report.settingsKept.isEmpty { print(Message("say.migrate-settings-kept", report.settingsKept.joined(separator: ", "))) }
        try VerifyCommand.verifyAll(target, cases: Set(report.cases), hearings: Set(report.hearings))
    }
}
