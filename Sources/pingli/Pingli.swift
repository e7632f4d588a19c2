import ArgumentParser
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
            $PINGLI_OPERATOR, else your login name.
            """,
        version: PingliVersion.string,
        subcommands: [ReplCommand.self, PoolCommand.self, DrawCommand.self, HearingCommand_.self, TranscriptCommand.self, VerifyCommand.self,
                      VerifyDrawCommand.self, SelectCommand.self, AgreementCommand.self, NoticeCommand.self, OfficeCommand.self, CaseCLI.self, CalendarCommand.self, IntakeCommand.self, ServeCommand.self, OutboxCommand.self, CaseStoreCommand.self, DemoCommand.self],
        defaultSubcommand: ReplCommand.self)
}
