import ArgumentParser
import Foundation
import PingliKit

/// `pingli backup FILE`: a checked copy of the database while everything keeps running.
struct BackupCommand: ParsableCommand {
    /// What a county store uses instead of file backups.
    static let countyHint = Message("store.county-backup")

    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to FILE while consoles and workers run, then check the copy.",
        discussion: """
            SQLite's online backup API copies one consistent moment. The copy is checked (SQLite's \
            integrity check, every hearing's and case's hash chain and sealed head) before it is \
            renamed into place; an existing FILE is never overwritten. `pingli backup --check FILE` \
            checks a copy made earlier. Exit status: 0 good, 1 not made or not readable, 2 the copy \
            does not check good.
            """)
    @OptionGroup var store: StoreOptions
    @Argument(help: "The file to write (or to check, with --check).") var file: String
    @Flag(help: "Check FILE, a copy made earlier, instead of making one.") var check = false

    func run() throws {
        do {
            if check {
                let c = try DatabaseBackup.check(file)
                guard c.isGood else { throw BackupError.bad(c) }
                print(Message("say.backup-checked", c.path, c.representatives, c.hearings, c.cases, c.events))
            } else {
                let c = try DatabaseBackup.backup(try store.openFile(command: "backup", hint: Self.countyHint), to: file)
                print(Message("say.backup-done", c.path, c.representatives, c.hearings, c.cases, c.events))
            }
        } catch let e as BackupError {
            Shell.warn("pingli: \(e)")
            throw ExitCode(e.exitStatus)
        }
    }
}

/// `pingli restore FILE`: the database replaced by a checked copy, the old one kept.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a copy made by `pingli backup`, after checking it.",
        discussion: """
            The copy is checked first (as `pingli backup --check` does); a copy that does not check \
            good, or that a newer Pingli wrote, is refused and nothing changes. A database that \
            holds data is replaced only with --replace, and is then kept beside it as \
            DB.before-restore-TIMESTAMP. Stop the consoles and workers first: they would go on \
            from the restored state.
            """)
    @OptionGroup var store: StoreOptions
    @Argument(help: "The copy to restore.") var file: String
    @Flag(help: "Replace a database that holds data.") var replace = false

    func run() throws {
        let target = try store.openFile(command: "restore", hint: BackupCommand.countyHint)
        let holdsData = try target.hearings.list().count + target.cases.list().count + target.representatives.list().count > 0
        let stamp = Timestamp.format(try store.context().now).replacingOccurrences(of: ":", with: "")
        do {
            if holdsData && !replace { throw BackupError.holdsData(target.path) }
            let (c, kept) = try DatabaseBackup.restore(from: file, to: target, stamp: stamp, keep: holdsData)
            print(Message(kept == nil ? "say.restored-empty" : "say.restored", file, target.path, c.representatives, c.hearings, c.cases, kept ?? ""))
        } catch let e as BackupError {
            Shell.warn("pingli: \(e)")
            throw ExitCode(e.exitStatus)
        }
    }
}
