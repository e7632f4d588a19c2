import ArgumentParser
import Foundation
import PingliKit

/// `pingli`: the mediation office's tool for 民事民议 / 评理.
@main
struct Pingli: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pingli",
        abstract: "评理 — residents' deliberation of disputes by a randomly drawn panel.",
        discussion: """
            The database is --db PATH, else $PINGLI_DB, else $XDG_DATA_HOME/pingli/pingli.sqlite \
            (~/.local/share/pingli/pingli.sqlite). Changes are signed with --operator, else \
            $PINGLI_OPERATOR, else your login name. Messages are in 简体中文 or English: \
            --lang zh|en (before or after the command), else $PINGLI_LANG, else the locale \
            ($LC_ALL, $LC_MESSAGES, $LANG: zh_CN.UTF-8 means Chinese), else English.
            """,
        version: PingliVersion.string,
        subcommands: [ReplCommand.self, PoolCommand.self, DrawCommand.self, HearingCommand_.self, TranscriptCommand.self, VerifyCommand.self,
                      VerifyDrawCommand.self, SelectCommand.self, AgreementCommand.self, NoticeCommand.self, OfficeCommand.self, CaseCLI.self, CalendarCommand.self, IntakeCommand.self, ServeCommand.self, OutboxCommand.self, CaseStoreCommand.self, BackupCommand.self, RestoreCommand.self, MigrateCommand.self, DemoCommand.self],
        defaultSubcommand: ReplCommand.self)

    /// Takes `--lang` out of the arguments (it is every command's), sets the language, then runs.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var explicit: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { break }
            if a == "--lang" || a == "--语言" {
                guard i + 1 < arguments.count else { exit(withError: ValidationError("--lang needs a value: zh or en")) }
                explicit = arguments[i + 1]
                arguments.removeSubrange(i...(i + 1))
            } else if a.hasPrefix("--lang=") {
                explicit = String(a.dropFirst("--lang=".count))
                arguments.remove(at: i)
            } else {
                i += 1
            }
        }
        do {
            Language.current = try Language.resolve(explicit: explicit, environment: ProcessInfo.processInfo.environment)
        } catch {
            exit(withError: ValidationError(error.description))
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            // A refusal in Chinese reads "错误：…"; usage errors, help and exit codes stay the parser's.
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .failure, Language.current == .zh, !text.isEmpty {
                let body = text.hasPrefix("Error: ") ? String(text.dropFirst("Error: ".count)) : text
                FileHandle.standardError.write(Data((Message("say.error", body).description + "\n").utf8))
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}
